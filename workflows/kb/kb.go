package kb

import (
	"bufio"
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"spdesk/workflows/textsafe"
)

// articlesFS holds the whole articles tree, sub-folders included, so
// articles can be grouped in folders as the knowledge base grows.
//
//go:embed articles
var articlesFS embed.FS

// Procedures are the workflows an article may link to: the case types of
// the workflows package that an operator can start from an answer.
var Procedures = []string{
	"lost_card",
	"broken_card",
	"password_reset",
	"name_change",
	"contact_change",
	"cancellation",
	"reader_order",
}

// Langs are the languages every article must be written in, in the order
// Load returns translations.
var Langs = []string{"ja", "en"}

// Article is one knowledge-base article in one language.
type Article struct {
	ID        string   // shared by the translations of one article
	Lang      string   // one of Langs
	Title     string   // one line, shown in lists and search results
	Tags      []string // search keywords beyond the title and body
	Codes     []int    // result codes of the member's software this answers
	Procedure string   // "" or one of Procedures
	Body      string   // Markdown, trimmed
	File      string   // where it came from, for error messages

	// lines remembers where each front-matter field was written, so that
	// checks across files (pairs, duplicates) can still point at a line.
	lines map[string]int
}

// Error is a problem in one article file, at one line.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error formats as file:line: message, the shape editors and CI logs link.
func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

func errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Load parses and validates every embedded article. It returns them sorted
// by ID, the translations of one ID in Langs order, or every problem found
// joined into one error, each naming its file and line.
func Load() ([]Article, error) {
	return load(articlesFS, "articles")
}

// load is Load over any file system, so tests can feed it a broken set.
// Every file under dir must be an article: a stray file (a typo in an
// extension, say) is an error rather than an article silently missing.
func load(fsys fs.FS, dir string) ([]Article, error) {
	var (
		arts []Article
		errs []error
	)
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if path.Ext(name) != ".md" {
			errs = append(errs, errorf(name, 1, "not an article: want <id>.<lang>.md"))
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		a, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kb: %w", err)
	}
	if len(arts) == 0 && len(errs) == 0 {
		return nil, fmt.Errorf("kb: no articles under %s", dir)
	}
	errs = append(errs, checkSet(arts)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sortArticles(arts)
	return arts, nil
}

// checkSet enforces the rules that span files: one file per id and
// language, every language present, translations that agree.
func checkSet(arts []Article) []error {
	var errs []error
	byID := map[string]map[string]*Article{}
	var ids []string
	for i := range arts {
		a := &arts[i]
		m := byID[a.ID]
		if m == nil {
			m = map[string]*Article{}
			byID[a.ID] = m
			ids = append(ids, a.ID)
		}
		if prev := m[a.Lang]; prev != nil {
			errs = append(errs, errorf(a.File, a.lines["id"],
				"duplicate id %q in %s: already defined at %s:%d", a.ID, a.Lang, prev.File, prev.lines["id"]))
			continue
		}
		m[a.Lang] = a
	}
	slices.Sort(ids)
	for _, id := range ids {
		m := byID[id]
		var first *Article
		for _, lang := range Langs {
			if a := m[lang]; a != nil && first == nil {
				first = a
			}
		}
		for _, lang := range Langs {
			a := m[lang]
			if a == nil {
				errs = append(errs, errorf(first.File, first.lines["id"],
					"article %q has no %s translation (want %s)", id, lang, fileName(id, lang)))
				continue
			}
			if a == first {
				continue
			}
			if !slices.Equal(a.Codes, first.Codes) {
				errs = append(errs, errorf(a.File, a.lineOr("codes", "id"),
					"codes %v differ from %v in %s", a.Codes, first.Codes, first.File))
			}
			if a.Procedure != first.Procedure {
				errs = append(errs, errorf(a.File, a.lineOr("procedure", "id"),
					"procedure %q differs from %q in %s", a.Procedure, first.Procedure, first.File))
			}
		}
	}
	return errs
}

func (a *Article) lineOr(field, fallback string) int {
	if n, ok := a.lines[field]; ok {
		return n
	}
	return a.lines[fallback]
}

func fileName(id, lang string) string { return id + "." + lang + ".md" }

func sortArticles(arts []Article) {
	slices.SortStableFunc(arts, func(a, b Article) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID),
			cmp.Compare(slices.Index(Langs, a.Lang), slices.Index(Langs, b.Lang)))
	})
}

// ByCode returns the articles in lang that answer result code, the one
// written for that code alone first (the fewest codes wins, then the ID), so
// that a caller jumping to "58" can take the first and offer the rest.
func ByCode(articles []Article, code int, lang string) []Article {
	var out []Article
	for _, a := range articles {
		if a.Lang == lang && slices.Contains(a.Codes, code) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b Article) int {
		return cmp.Or(cmp.Compare(len(a.Codes), len(b.Codes)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// ByID returns the article id in lang: how a screen switches language while
// an article is open.
func ByID(articles []Article, id, lang string) (Article, bool) {
	for _, a := range articles {
		if a.ID == id && a.Lang == lang {
			return a, true
		}
	}
	return Article{}, false
}

var (
	idRE  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	keyRE = regexp.MustCompile(`^([a-z_]+):(?:[ \t]+(.*))?$`)
)

const fence = "---"

// Parse reads one article file. name is used in errors and must be
// "<id>.<lang>.md" (any directory), so that a file's name always says what
// it holds.
func Parse(name string, data []byte) (Article, error) {
	a := Article{File: name, lines: map[string]int{}}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // editors on Windows add one
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return a, errorf(name, len(lines)+1, "%v", err)
	}
	for i, l := range lines {
		// Articles are shown in the console: no terminal control may ride in.
		if p := textsafe.Check(l, true); p != nil {
			return a, errorf(name, i+1, "%s: delete it", p)
		}
	}
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != fence {
		return a, errorf(name, 1, "front matter must start with %q on the first line", fence)
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t") == fence {
			end = i
			break
		}
	}
	if end < 0 {
		return a, errorf(name, 1, "front matter opened here is never closed with %q", fence)
	}

	for i := 1; i < end; i++ {
		ln, raw := i+1, lines[i]
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(strings.TrimSpace(raw), "#") {
			continue
		}
		m := keyRE.FindStringSubmatch(raw)
		if m == nil {
			return a, errorf(name, ln, "want \"field: value\", got %q", raw)
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if _, dup := a.lines[key]; dup {
			return a, errorf(name, ln, "field %q repeated (first at line %d)", key, a.lines[key])
		}
		a.lines[key] = ln
		if err := a.set(key, val); err != nil {
			return a, errorf(name, ln, "%s: %v", key, err)
		}
	}

	closeLine := end + 1
	for _, f := range []string{"id", "lang", "title"} {
		if _, ok := a.lines[f]; !ok {
			return a, errorf(name, closeLine, "missing field %q", f)
		}
	}
	if want := fileName(a.ID, a.Lang); path.Base(name) != want {
		return a, errorf(name, a.lines["id"], "file name must be %s for id %q, lang %q", want, a.ID, a.Lang)
	}
	a.Body = strings.TrimSpace(strings.Join(lines[end+1:], "\n"))
	if a.Body == "" {
		return a, errorf(name, closeLine, "article has no body")
	}
	return a, nil
}

// set stores one front-matter field, refusing unknown fields and values of
// the wrong shape.
func (a *Article) set(key, val string) error {
	switch key {
	case "id":
		s, err := scalar(val)
		if err != nil {
			return err
		}
		if !idRE.MatchString(s) {
			return fmt.Errorf("%q: use lower-case letters, digits and single hyphens", s)
		}
		a.ID = s
	case "lang":
		s, err := scalar(val)
		if err != nil {
			return err
		}
		if !slices.Contains(Langs, s) {
			return fmt.Errorf("unknown language %q (want one of %s)", s, strings.Join(Langs, ", "))
		}
		a.Lang = s
	case "title":
		s, err := scalar(val)
		if err != nil {
			return err
		}
		if s == "" {
			return errors.New("empty")
		}
		a.Title = s
	case "tags":
		items, err := list(val)
		if err != nil {
			return err
		}
		for _, t := range items {
			if t == "" {
				return errors.New("empty tag")
			}
		}
		a.Tags = items
	case "codes":
		items, err := list(val)
		if err != nil {
			return err
		}
		for _, it := range items {
			n, err := strconv.Atoi(it)
			if err != nil || n <= 0 {
				return fmt.Errorf("%q is not a result code (a positive whole number)", it)
			}
			if slices.Contains(a.Codes, n) {
				return fmt.Errorf("code %d listed twice", n)
			}
			a.Codes = append(a.Codes, n)
		}
	case "procedure":
		s, err := scalar(val)
		if err != nil {
			return err
		}
		// An empty value means "no procedure", the same as leaving it out.
		if s != "" && !slices.Contains(Procedures, s) {
			return fmt.Errorf("unknown procedure %q (want one of %s)", s, strings.Join(Procedures, ", "))
		}
		a.Procedure = s
	default:
		return fmt.Errorf("unknown field (want id, lang, title, tags, codes, procedure)")
	}
	return nil
}

// scalar reads a plain or double-quoted value. Plain values are kept to
// what YAML would read the same way.
func scalar(v string) (string, error) {
	if strings.HasPrefix(v, `"`) {
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", fmt.Errorf("bad quoted string %s", v)
		}
		return s, nil
	}
	switch {
	case strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{"):
		return "", fmt.Errorf("want a single value, got %s", v)
	case strings.HasPrefix(v, "'"):
		return "", errors.New("use double quotes")
	case strings.Contains(v, ": ") || strings.Contains(v, " #"):
		return "", fmt.Errorf("%q: quote a value that contains \": \" or \" #\"", v)
	}
	return v, nil
}

// list reads a flow list "[a, b, "c, d"]"; "[]" is empty.
func list(v string) ([]string, error) {
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return nil, fmt.Errorf("want a list like [a, b], got %q", v)
	}
	inner := strings.TrimSpace(v[1 : len(v)-1])
	var out []string
	for inner != "" {
		var item string
		if strings.HasPrefix(inner, `"`) {
			q, err := strconv.QuotedPrefix(inner)
			if err != nil {
				return nil, fmt.Errorf("bad quoted item in %s", v)
			}
			item, _ = strconv.Unquote(q)
			inner = strings.TrimSpace(inner[len(q):])
			if inner != "" && !strings.HasPrefix(inner, ",") {
				return nil, fmt.Errorf("want \",\" after %s in %s", q, v)
			}
		} else {
			i := strings.IndexByte(inner, ',')
			if i < 0 {
				i = len(inner)
			}
			raw := strings.TrimSpace(inner[:i])
			// The characters YAML would read differently in a flow list.
			if strings.HasPrefix(raw, "'") || strings.ContainsAny(raw, "[]{}\"") ||
				strings.Contains(raw, ": ") || strings.Contains(raw, " #") {
				return nil, fmt.Errorf("item %q: quote it", raw)
			}
			item, inner = raw, inner[i:]
		}
		out = append(out, item)
		if strings.HasPrefix(inner, ",") {
			inner = strings.TrimSpace(inner[1:])
			if inner == "" {
				return nil, fmt.Errorf("trailing comma in %s", v)
			}
		}
	}
	return out, nil
}
