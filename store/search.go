package store

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MatchedOn names the field a search hit matched.
type MatchedOn string

const (
	MatchMemberNo MatchedOn = "member_no"
	MatchCardNo   MatchedOn = "card_no"
	MatchPhone    MatchedOn = "phone"
	MatchEmail    MatchedOn = "email"
	MatchName     MatchedOn = "name"
	MatchReading  MatchedOn = "reading"
	MatchAddress  MatchedOn = "address"
)

// Hit is one member found by Search, with their cards.
type Hit struct {
	Member    Member
	Cards     []Card
	MatchedOn MatchedOn
}

// SearchResult answers one query. Total may be capped (TotalCapped) when
// counting every match would cost more than a frame: then Total is
// CountCap and the console shows "1,000+".
type SearchResult struct {
	Query       string
	Total       int
	TotalCapped bool
	Hits        []Hit
}

const (
	// MaxQueryRunes is as much of a query as Search reads: nobody types a
	// longer name, number or address, and a pasted page must not cost more
	// than a short query.
	MaxQueryRunes = 100
	// CountCap is where Search stops counting.
	CountCap = 1000
	// DefaultLimit is the number of hits when the caller passes 0.
	DefaultLimit = 50
	// minSubstring is the shortest query the trigram index can answer.
	minSubstring = 3
)

// Search finds members from whatever was typed in the console's one search
// box, and decides from its shape what it is:
//
//   - digits (with hyphens, spaces or parentheses, full-width too): member
//     number, card number or phone by prefix (exact first), and four digits
//     also as the last four of a phone;
//   - anything with "@": e-mail, case-insensitive, by prefix (exact first);
//   - anything else: family name, full name, given name and their readings
//     by prefix, in any of hiragana, katakana, half-width katakana or
//     full-width latin (see Fold); from three characters also anywhere in
//     name, reading or address.
//
// Hits come exact first, then prefix, then substring, each in key order,
// then by id: the same query always gives the same page. At most limit
// hits (DefaultLimit if 0), each with its cards; Total counts every match
// up to CountCap. Only the first MaxQueryRunes characters are read, and
// control characters are dropped; the query text never reaches SQL except
// as a parameter.
func (s *Store) Search(ctx context.Context, q string, limit int) (SearchResult, error) {
	res := SearchResult{Query: q}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, CountCap)
	plan := planSearch(q)
	if len(plan.probes) == 0 && plan.fts == "" {
		return res, nil
	}
	return s.runSearch(ctx, res, plan, limit)
}

// searchPlan is what a query turned into: index range probes in rank
// order, and optionally a trigram phrase for substrings.
type searchPlan struct {
	probes []probe
	fts    string // folded text for the substring probe; "" if none
	// inline: the probes find a member or two (a whole number, an
	// e-mail), so read their rows and cards in the same statement.
	inline bool
}

// probe is one index range: rows whose key column lies in [lo, hi), or
// equals lo when hi is empty.
type probe struct {
	table  string // members or cards
	idCol  string // the member id in table
	keyCol string
	lo, hi string
	on     MatchedOn
	exact  func(key string) bool // a hit whose key passes ranks as exact
}

// prefixEnd is above every string that starts with p: U+10FFFF is the
// largest code point, and SQLite compares text bytewise.
func prefixEnd(p string) string { return p + "\U0010FFFF" }

func planSearch(q string) searchPlan {
	q = norm.NFKC.String(cleanQuery(q))
	switch {
	case isNumberLike(q):
		return digitPlan(Digits(q))
	case strings.Contains(q, "@"):
		e := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, q)
		return searchPlan{inline: true, probes: []probe{{table: "members", idCol: "id", keyCol: "email",
			lo: e, hi: prefixEnd(e), on: MatchEmail, exact: func(k string) bool { return strings.EqualFold(k, e) }}}}
	}
	key := Fold(q)
	if key == "" {
		return searchPlan{}
	}
	eq := func(k string) bool { return k == key }
	pr := func(col string, on MatchedOn) probe {
		return probe{table: "members", idCol: "id", keyCol: col, lo: key, hi: prefixEnd(key), on: on, exact: eq}
	}
	p := searchPlan{probes: []probe{
		pr("name_key", MatchName), pr("kana_key", MatchReading),
		pr("given_key", MatchName), pr("given_kana_key", MatchReading),
	}}
	if utf8.RuneCountInString(key) >= minSubstring {
		p.fts = key
	}
	return p
}

// digitPlan probes each number by prefix; the exact number sorts first
// within its range. Four digits are also the last four of a phone.
func digitPlan(d string) searchPlan {
	eq := func(k string) bool { return k == d }
	pr := func(table, idCol, col string, on MatchedOn) probe {
		return probe{table: table, idCol: idCol, keyCol: col, lo: d, hi: prefixEnd(d), on: on, exact: eq}
	}
	// A number longer than a field holds cannot be in it.
	p := searchPlan{inline: len(d) >= 10}
	if len(d) <= 10 {
		p.probes = append(p.probes, pr("members", "id", "member_no", MatchMemberNo))
	}
	if len(d) <= 16 {
		p.probes = append(p.probes, pr("cards", "member_id", "card_no", MatchCardNo))
	}
	if len(d) <= 11 {
		p.probes = append(p.probes, pr("members", "id", "phone", MatchPhone))
	}
	if len(d) == 4 {
		p.probes = append(p.probes, probe{table: "members", idCol: "id", keyCol: "phone4", lo: d, on: MatchPhone})
	}
	return p
}

// cleanQuery drops control characters and keeps the first MaxQueryRunes.
func cleanQuery(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if n == MaxQueryRunes {
			break
		}
		if r == utf8.RuneError || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// isNumberLike: at least one digit and nothing but digits and what people
// put between them ("090-1234-5678", "(03) 1234 5678", "０９０ー１２３４"
// once NFKC made its digits ASCII).
func isNumberLike(q string) bool {
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == ' ' || r == '(' || r == ')' || r == '+' || r == '.' ||
			r == 'ー' || r == '‐' || r == '−' || r == '―' || r == '–':
		default:
			return false
		}
	}
	return digits > 0
}

// ftsPhrase quotes folded text as one FTS5 phrase, so nothing typed is
// read as query syntax: inside quotes only '"' is special, and doubled.
func ftsPhrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
