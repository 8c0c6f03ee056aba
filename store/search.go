package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"spdesk/internal/jpdate"
	"spdesk/internal/romaji"
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
	// MatchFormerName: a name or reading the member had before a name
	// change (Hit.Former says which, and until when).
	MatchFormerName MatchedOn = "former_name"
	MatchBirthDate  MatchedOn = "birth_date"
	MatchPostalCode MatchedOn = "postal_code"
)

// Hit is one member found by Search, with their cards. MatchedOn is what
// the query's name or number matched; Also lists what else in the query
// narrowed the list and matched too (佐藤 1993-05-19: name, then
// birth_date).
type Hit struct {
	Member    Member
	Cards     []Card
	MatchedOn MatchedOn
	Also      []MatchedOn
	// Former is the former name that matched, when MatchedOn is
	// MatchFormerName: the member has had the current name since
	// Former.Until.
	Former *FormerName
	key    string
}

// HintCode says why part of a query was not searched for.
type HintCode string

const (
	// HintNoSuchDay: a date the calendar does not have (2023-02-29).
	HintNoSuchDay HintCode = "no_such_day"
	// HintOutsideEra: a day outside the era named (平成31年5月1日).
	HintOutsideEra HintCode = "outside_era"
	// HintPostalLength: a postal code is 7 digits, or its first 3.
	HintPostalLength HintCode = "postal_length"
	// HintRomaji: latin letters that spell no Japanese reading.
	HintRomaji HintCode = "romaji"
	// HintNothing: nothing searchable (only marks or variation selectors).
	HintNothing HintCode = "nothing"
)

// Hint is what the console tells the operator about a part of the query
// it could not use: Part is that part, as typed.
type Hint struct {
	Code HintCode
	Part string
}

// SearchResult answers one query. Total may be capped (TotalCapped) when
// counting every match would cost more than a frame: then Total is
// CountCap and the console shows "1,000+".
type SearchResult struct {
	Query       string
	Total       int
	TotalCapped bool
	Hits        []Hit
	Hints       []Hint
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
	res.Hints = plan.hints
	if len(plan.probes) == 0 && plan.fts == "" {
		if len(res.Hints) == 0 && strings.TrimSpace(q) != "" {
			res.Hints = []Hint{{Code: HintNothing, Part: cleanQuery(q)}}
		}
		return res, nil
	}
	res, err := s.runSearch(ctx, res, plan, limit)
	if err == nil && len(res.Hits) == 0 && plan.romajiMiss != "" {
		res.Hints = append(res.Hints, Hint{Code: HintRomaji, Part: plan.romajiMiss})
	}
	return res, err
}

// searchPlan is what a query turned into: index range probes in rank
// order, and optionally a trigram phrase for substrings.
type searchPlan struct {
	probes []probe
	fts    string // folded text for the substring probe; "" if none
	// inline: the probes find a member or two (a whole number, an
	// e-mail), so read their rows and cards in the same statement.
	inline bool
	// also: the query's date or postal code, which every hit matched.
	also []MatchedOn
	// nameKey: a combined query's folded name part.
	nameKey string
	hints   []Hint
	// romajiMiss: latin letters that spell no reading, hinted at when
	// nothing else (a latin name) was found either.
	romajiMiss string
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
	// extra narrows the range (a combined query's name part), with its
	// arguments after lo and hi.
	extra     string
	extraArgs []any
}

// prefixEnd is above every string that starts with p: U+10FFFF is the
// largest code point, and SQLite compares text bytewise.
func prefixEnd(p string) string { return p + "\U0010FFFF" }

func planSearch(q string) searchPlan {
	q = norm.NFKC.String(cleanQuery(q))
	if strings.Contains(q, "@") {
		e := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, q)
		return searchPlan{inline: true, probes: []probe{{table: "members", idCol: "id", keyCol: "email",
			lo: e, hi: prefixEnd(e), on: MatchEmail, exact: func(k string) bool { return strings.EqualFold(k, e) }}}}
	}
	f, rest := takeFilters(q)
	if len(f.probes) > 0 {
		return combinedPlan(f, rest)
	}
	var p searchPlan
	switch {
	case rest == "":
	case isNumberLike(rest):
		p = digitPlan(Digits(rest))
		if d := Digits(rest); len(d) == 8 && len(rest) == 8 {
			// 19930519 may be a birth date as well as a number's start.
			if dt, err := jpdate.Parse(d); err == nil {
				p.probes = append(p.probes, dateProbe(dt))
			}
		}
	default:
		p = namePlan(rest)
	}
	p.hints = append(f.hints, p.hints...)
	return p
}

// filters are the dates and postal codes a query holds, as probes.
type filters struct {
	probes []probe
	hints  []Hint
}

// takeFilters takes the words that are a date or a postal code out of q
// (1993-05-19, 平成5年5月19日, H5.5.19, 〒124-3149, 〒124, 124-3149) and
// returns the rest. A word that looks like one but is not (2023-02-29,
// 〒12) becomes a hint and is dropped. Compact dates (19930519) stay in
// the rest: they are numbers too.
func takeFilters(q string) (filters, string) {
	var f filters
	var rest []string
	for _, w := range strings.Fields(q) {
		if d, ok := strings.CutPrefix(w, "〒"); ok || postalShape(w) {
			digits := Digits(d)
			switch {
			case d != "" && len(digits) != len(strings.ReplaceAll(d, "-", "")):
				f.hints = append(f.hints, Hint{Code: HintPostalLength, Part: w})
			case len(digits) == 7:
				f.probes = append(f.probes, probe{table: "members", idCol: "id", keyCol: "postal_code", lo: digits, on: MatchPostalCode})
			case len(digits) == 3: // the first part, as 〒124
				f.probes = append(f.probes, probe{table: "members", idCol: "id", keyCol: "postal_code", lo: digits, hi: prefixEnd(digits), on: MatchPostalCode})
			default:
				f.hints = append(f.hints, Hint{Code: HintPostalLength, Part: w})
			}
			continue
		}
		if dateShape(w) {
			dt, err := jpdate.Parse(w)
			var e *jpdate.Error
			switch {
			case err == nil:
				f.probes = append(f.probes, dateProbe(dt))
			case errors.As(err, &e) && e.Reason == jpdate.OutsideEra:
				f.hints = append(f.hints, Hint{Code: HintOutsideEra, Part: w})
			case errors.As(err, &e) && e.Reason == jpdate.NoSuchDay:
				f.hints = append(f.hints, Hint{Code: HintNoSuchDay, Part: w})
			default:
				rest = append(rest, w)
			}
			continue
		}
		rest = append(rest, w)
	}
	return f, strings.Join(rest, " ")
}

func dateProbe(d jpdate.Date) probe {
	return probe{table: "members", idCol: "id", keyCol: "birth_date", lo: d.String(), on: MatchBirthDate}
}

// postalShape: 124-3149, the way a postal code is written without its mark.
func postalShape(w string) bool {
	return len(w) == 8 && w[3] == '-' && len(Digits(w)) == 7
}

// dateShape: a word that means to be a date: an era (平成, H5.), 年月日, or
// digits in three groups split by - / or . (1993-05-19, 1993/5/19).
func dateShape(w string) bool {
	for _, e := range jpdate.Eras {
		if strings.HasPrefix(w, e.Name) {
			return true
		}
	}
	if strings.ContainsAny(w, "年月日") && strings.ContainsAny(w, "0123456789") {
		return true
	}
	if len(w) > 2 && strings.ContainsRune("MTSHRmtshr", rune(w[0])) && w[1] >= '0' && w[1] <= '9' && strings.ContainsAny(w, "./-") {
		return true
	}
	groups := strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(groups) != 3 || len(groups[0]) != 4 {
		return false
	}
	for _, g := range groups {
		if Digits(g) != g || g == "" {
			return false
		}
	}
	return true
}

// namePlan searches a name or reading: the four name and reading keys by
// prefix, the reading as it sounds (SoundKey), former names, and from
// three characters the trigram index. Latin letters are read as romaji
// too (satou, SATO AIKO).
func namePlan(q string) searchPlan {
	key := Fold(q)
	if key == "" {
		return searchPlan{}
	}
	pr := func(table, idCol, col, lo string, on MatchedOn) probe {
		return probe{table: table, idCol: idCol, keyCol: col, lo: lo, hi: prefixEnd(lo), on: on,
			exact: func(k string) bool { return k == lo }}
	}
	p := searchPlan{probes: []probe{
		pr("members", "id", "name_key", key, MatchName), pr("members", "id", "kana_key", key, MatchReading),
		pr("members", "id", "given_key", key, MatchName), pr("members", "id", "given_kana_key", key, MatchReading),
	}}
	sound := soundOfQuery(q)
	if romaji.Is(q) {
		if kana, ok := romaji.Kana(q); ok {
			k := Fold(kana)
			p.probes = append(p.probes, pr("members", "id", "kana_key", k, MatchReading), pr("members", "id", "given_kana_key", k, MatchReading))
			sound = soundOfQuery(kana)
		} else {
			p.romajiMiss, sound = q, ""
		}
	}
	// The sound key is stored only where it differs from the reading, so
	// the sound is looked for in both.
	soundProbes := func(table, idCol string, on MatchedOn) {
		if sound == "" {
			return
		}
		sp := pr(table, idCol, "sound_key", sound, on)
		sp.extra = "sound_key <> ''" // lets SQLite use the partial index
		p.probes = append(p.probes, sp)
		if sound != key {
			p.probes = append(p.probes, pr(table, idCol, "kana_key", sound, on))
		}
	}
	soundProbes("members", "id", MatchReading)
	p.probes = append(p.probes, pr("member_former_names", "member_id", "name_key", key, MatchFormerName),
		pr("member_former_names", "member_id", "kana_key", key, MatchFormerName))
	soundProbes("member_former_names", "member_id", MatchFormerName)
	// Romaji that spells a reading was searched by it; other latin
	// letters may be a name (JOHNSON) or an address word.
	if utf8.RuneCountInString(key) >= minSubstring && (!romaji.Is(q) || p.romajiMiss != "") {
		p.fts = key
	}
	return p
}

// soundOfQuery is SoundKey word by word, as the index joins family and
// given readings each keyed apart; "" when the query has no kana.
func soundOfQuery(q string) string {
	var b strings.Builder
	kana := false
	for _, w := range strings.Fields(q) {
		k := SoundKey(w)
		for _, r := range k {
			kana = kana || r >= 'ァ' && r <= 'ヺ'
		}
		b.WriteString(k)
	}
	if !kana {
		return ""
	}
	return b.String()
}

// combinedPlan: dates and postal codes, alone or with a name (佐藤
// 1993-05-19, さとう 〒124). The date (few members share one) or else the
// postal code is the index range; the other filters and the name, by any
// of its keys, narrow it. noIndex keeps SQLite from walking a name index
// instead. A date or a whole postal code finds a handful of members, so
// their rows and cards come in the same statement (inline).
func combinedPlan(f filters, rest string) searchPlan {
	slices.SortStableFunc(f.probes, func(a, b probe) int {
		return strings.Compare(string(a.on), string(b.on)) // birth_date before postal_code
	})
	main := f.probes[0]
	var conds []string
	var args []any
	also := []MatchedOn{}
	seen := map[MatchedOn]bool{}
	for _, o := range f.probes {
		if !seen[o.on] {
			also = append(also, o.on)
			seen[o.on] = true
		}
	}
	for _, o := range f.probes[1:] {
		conds = append(conds, "("+noIndex+o.where(false)+")")
		args = append(args, o.args()...)
	}
	inline := main.hi == "" // a date or a whole postal code
	if rest == "" {
		main.extra, main.extraArgs = strings.Join(conds, " AND "), args
		return searchPlan{probes: []probe{main}, also: also[1:], hints: f.hints, inline: inline}
	}
	key := Fold(rest)
	keys := []string{key}
	if romaji.Is(rest) {
		if kana, ok := romaji.Kana(rest); ok {
			keys = append(keys, Fold(kana), soundOfQuery(kana))
		}
	} else if snd := soundOfQuery(rest); snd != "" {
		keys = append(keys, snd)
	}
	var names []string
	for i, k := range keys {
		cols := []string{"name_key", "kana_key", "given_key", "given_kana_key"}
		if i > 0 {
			cols = []string{"kana_key", "given_kana_key", "sound_key"}
		}
		for _, c := range cols {
			names = append(names, noIndex+c+" >= ? AND "+noIndex+c+" < ?")
			args = append(args, k, prefixEnd(k))
		}
	}
	conds = append(conds, "("+strings.Join(names, " OR ")+")")
	main.extra, main.extraArgs = strings.Join(conds, " AND "), args
	main.on = matchNamePart
	return searchPlan{probes: []probe{main}, also: also, nameKey: key, hints: f.hints, inline: inline}
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
