package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Article is one knowledge-base article in one language as the store keeps
// it. The files and their rules are workflows/kb's; the store only holds
// them so they can be searched like members.
type Article struct {
	ID        string
	Lang      string
	Title     string
	Tags      []string
	Codes     []int
	Procedure string
	Body      string
}

// articleText is what the trigram index holds for a: title, tags and body,
// folded like member names so a query folds the same way.
func articleText(a Article) string {
	return Fold(a.Title + "\n" + strings.Join(a.Tags, "\n") + "\n" + a.Body)
}

// KBHash is the hash of the article set last stored, "" if none.
func (s *Store) KBHash(ctx context.Context) (string, error) {
	var h string
	err := s.read.QueryRowContext(ctx, `SELECT hash FROM kb_meta WHERE one = 1`).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("kb hash: %w", err)
	}
	return h, nil
}

// ReplaceArticles swaps the whole stored set for arts in one transaction,
// index included, and records hash; a failure leaves the old set whole.
func (s *Store) ReplaceArticles(ctx context.Context, now time.Time, hash string, arts []Article) error {
	return s.Write(ctx, now, func(tx *Tx) error {
		for _, q := range []string{`DELETE FROM kb_fts`, `DELETE FROM kb_articles`} {
			if _, err := tx.tx.Exec(q); err != nil {
				return fmt.Errorf("kb clear: %w", err)
			}
		}
		for _, a := range arts {
			codes := make([]string, len(a.Codes))
			for i, c := range a.Codes {
				codes[i] = strconv.Itoa(c)
			}
			text := articleText(a)
			seq, err := tx.insertID(`INSERT INTO kb_articles (id, lang, title, tags, codes, procedure, body, title_fold, text_fold)
				VALUES (?,?,?,?,?,?,?,?,?) RETURNING seq`, a.ID, a.Lang, a.Title, strings.Join(a.Tags, "\n"),
				strings.Join(codes, ","), a.Procedure, a.Body, Fold(a.Title), text)
			if err != nil {
				return fmt.Errorf("kb article %s.%s: %w", a.ID, a.Lang, err)
			}
			if _, err := tx.tx.Exec(`INSERT INTO kb_fts (rowid, text) VALUES (?, ?)`, seq, text); err != nil {
				return fmt.Errorf("kb index %s.%s: %w", a.ID, a.Lang, err)
			}
		}
		_, err := tx.tx.Exec(`INSERT INTO kb_meta (one, hash) VALUES (1, ?)
			ON CONFLICT (one) DO UPDATE SET hash = excluded.hash`, hash)
		return err
	})
}

// Articles lists every stored article, by id then language: what the
// knowledge base screen jumps through by result code and switches
// language in, so it shows exactly the set the search finds.
func (s *Store) Articles(ctx context.Context) ([]Article, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, lang, title, tags, codes, procedure, body FROM kb_articles
		ORDER BY id, lang`)
	if err != nil {
		return nil, fmt.Errorf("kb articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		var a Article
		var tags, codes string
		if err := rows.Scan(&a.ID, &a.Lang, &a.Title, &tags, &codes, &a.Procedure, &a.Body); err != nil {
			return nil, err
		}
		a.Tags, a.Codes = splitNonEmpty(tags, "\n"), parseCodes(codes)
		out = append(out, a)
	}
	return out, rows.Err()
}

func parseCodes(s string) []int {
	var out []int
	for _, c := range splitNonEmpty(s, ",") {
		if n, err := strconv.Atoi(c); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// KBSearchLimit bounds one article search; the knowledge base is small.
const KBSearchLimit = 50

// SearchArticles finds the articles in lang whose title, tags or body hold
// every word of q (folded like the member search: kana, width and case do
// not matter). Words of three characters or more go through the trigram
// index; shorter ones are matched on the folded text. Titles that start
// with the query come first, then titles that hold every word, then the
// trigram rank. An empty query lists every article in lang by title.
//
// A result code typed the way callers and operators say it (エラー52,
// error 52, code 52, E52, 52番, full-width digits) finds the articles
// that carry that code, whatever else their text says; when no article
// carries it, the digits are searched as text.
func (s *Store) SearchArticles(ctx context.Context, q, lang string) ([]Article, error) {
	if code, rest, ok := codeQuery(q); ok {
		out, err := s.searchArticles(ctx, rest, lang, code)
		if err != nil || len(out) > 0 {
			return out, err
		}
		return s.searchArticles(ctx, rest+" "+strconv.Itoa(code), lang, 0)
	}
	return s.searchArticles(ctx, q, lang, 0)
}

// codeMention is a result code as people write it: a word for "code" or
// "error" before the number (with or without a space), or 番 after it.
// It runs on NFKC text, so full-width digits and letters are ASCII here.
var codeMention = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])((?:(?:result|error)\s*code|error|err|code|e|no\.?|#)\s*[:#.\-]?\s*(\d{1,3})(?:\s*番)?)(?:$|[^0-9])` +
	`|((?:エラー\s*コード|結果\s*コード|エラー|コード|番号)\s*[:：#.\-]?\s*(\d{1,3})(?:\s*番)?)(?:$|[^0-9])` +
	`|(?:^|[^0-9])((\d{1,3})\s*番)`)

// codeQuery finds a result code mentioned in q: the code, and q without
// the mention (the other words still narrow the search).
func codeQuery(q string) (code int, rest string, ok bool) {
	q = strings.Map(Katakana, norm.NFKC.String(q))
	m := codeMention.FindStringSubmatchIndex(q)
	if m == nil {
		return 0, q, false
	}
	for g := 1; g+1 < len(m)/2; g += 2 {
		if m[2*g] >= 0 {
			code, _ = strconv.Atoi(q[m[2*g+2]:m[2*g+3]])
			return code, q[:m[2*g]] + " " + q[m[2*g+1]:], true
		}
	}
	return 0, q, false
}

// searchArticles is SearchArticles for the words of q, and, when code is
// not 0, only among the articles that carry that result code.
func (s *Store) searchArticles(ctx context.Context, q, lang string, code int) ([]Article, error) {
	var words []string
	for _, w := range strings.Fields(q) {
		if f := Fold(w); f != "" {
			words = append(words, f)
		}
	}
	where, args := []string{"a.lang = ?"}, []any{lang}
	if code != 0 {
		where = append(where, "(',' || a.codes || ',') LIKE ?")
		args = append(args, "%,"+strconv.Itoa(code)+",%")
	}
	from := "kb_articles a"
	order := "a.title_fold"
	var long []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 && s.pg {
			cond, arg := s.matchText("f", w)
			where, args = append(where, cond), append(args, arg)
			long = append(long, w)
			continue
		}
		if utf8.RuneCountInString(w) >= 3 {
			long = append(long, ftsPhrase(w))
			continue
		}
		where = append(where, `a.text_fold LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(w)+"%")
	}
	if len(long) > 0 {
		from = "kb_fts f JOIN kb_articles a ON a.seq = f.rowid"
		if !s.pg { // PostgreSQL's conditions are in where already; no bm25 there: by title
			where = append(where, "kb_fts MATCH ?")
			args = append(args, strings.Join(long, " AND "))
			order = "f.rank"
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.lang, a.title, a.tags, a.codes, a.procedure, a.body, a.title_fold
		FROM `+from+` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT `+strconv.Itoa(KBSearchLimit), args...)
	if err != nil {
		return nil, fmt.Errorf("kb search: %w", err)
	}
	defer rows.Close()
	type hit struct {
		a    Article
		rank int // 0 title prefix, 1 title contains, 2 elsewhere
		pos  int
	}
	joined := strings.Join(words, "")
	var hits []hit
	for rows.Next() {
		var h hit
		var tags, codes, titleFold string
		if err := rows.Scan(&h.a.ID, &h.a.Lang, &h.a.Title, &tags, &codes, &h.a.Procedure, &h.a.Body, &titleFold); err != nil {
			return nil, err
		}
		h.a.Tags, h.a.Codes = splitNonEmpty(tags, "\n"), parseCodes(codes)
		switch {
		case code != 0 && titleNames(titleFold, code):
			h.rank = -1 // the code's own article before others that mention it
		case joined != "" && strings.HasPrefix(titleFold, joined):
			h.rank = 0
		case len(words) > 0 && allIn(titleFold, words):
			h.rank = 1
		default:
			h.rank = 2
		}
		h.pos = len(hits)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kb search: %w", err)
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.pos, b.pos)) })
	out := make([]Article, len(hits))
	for i, h := range hits {
		out[i] = h.a
	}
	return out, nil
}

// titleNames says whether a folded title names result code n as a number
// of its own (結果コード100, not 2,100 or 1000).
func titleNames(title string, n int) bool {
	d := strconv.Itoa(n)
	for i := strings.Index(title, d); i >= 0; {
		before, after := i == 0 || !isDigitOrComma(title[i-1]), i+len(d) == len(title) || !isDigitOrComma(title[i+len(d)])
		if before && after {
			return true
		}
		next := strings.Index(title[i+1:], d)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

func isDigitOrComma(b byte) bool { return b >= '0' && b <= '9' || b == ',' }

func allIn(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func splitNonEmpty(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// likeEscape makes s literal inside a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
