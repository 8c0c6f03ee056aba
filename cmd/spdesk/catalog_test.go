package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"spdesk/cardops"
	"spdesk/internal/msg"
	"spdesk/tui"
	"spdesk/tui/pages/audit"
	"spdesk/tui/pages/cardtest"
	"spdesk/tui/pages/cases"
	"spdesk/tui/pages/knowledge"
	"spdesk/tui/pages/letters"
	"spdesk/tui/pages/member"
	"spdesk/tui/pages/queues"
	"spdesk/tui/pages/reports"
	"spdesk/tui/pages/search"
	"spdesk/tui/pages/signin"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// catalogs are every package's messages by import path. The console has
// one per page package, one for the root (the shell) and one shared by
// all, in tui/ui: a new page package adds its own here.
func catalogs() map[string]msg.Set {
	return map[string]msg.Set{
		"spdesk/tui":                 ui.Messages, // shared by every console package
		"spdesk/tui/root":            tui.Messages,
		"spdesk/tui/pages/audit":     audit.Messages,
		"spdesk/tui/pages/cardtest":  cardtest.Messages,
		"spdesk/tui/pages/cases":     cases.Messages,
		"spdesk/tui/pages/knowledge": knowledge.Messages,
		"spdesk/tui/pages/letters":   letters.Messages,
		"spdesk/tui/pages/member":    member.Messages,
		"spdesk/tui/pages/queues":    queues.Messages,
		"spdesk/tui/pages/reports":   reports.Messages,
		"spdesk/tui/pages/search":    search.Messages,
		"spdesk/tui/pages/signin":    signin.Messages,
		"spdesk/workflows":           workflows.Messages,
		"spdesk/cardops":             cardops.Messages,
		"spdesk/cmd/spdesk":          messages,
	}
}

// ownSet is the console catalog a tui package's calls name keys in
// besides the shared one: a page package's own, or the root's
// ("spdesk/tui/root"); "" for tui/ui and below, which have only the shared
// one. The root's tests drive every page, so they may name any page's key.
func ownSet(sets map[string]msg.Set, pkg string) string {
	if pkg == "spdesk/tui" {
		return "spdesk/tui/root"
	}
	for name := range sets {
		if strings.HasPrefix(name, "spdesk/tui/pages/") && under(pkg, name) {
			return name
		}
	}
	return ""
}

// consoleKey finds key for a T or F call in pkg: in the package's own
// catalog, else the shared one (set names where it was found).
func consoleKey(sets map[string]msg.Set, pkg, key string, isTest bool) (msg.M, string, bool) {
	if own := ownSet(sets, pkg); own != "" {
		if m, ok := sets[own][key]; ok {
			return m, own, true
		}
	}
	if m, ok := sets["spdesk/tui"][key]; ok {
		return m, "spdesk/tui", true
	}
	if isTest && pkg == "spdesk/tui" {
		for name, s := range sets {
			if m, ok := s[key]; ok && strings.HasPrefix(name, "spdesk/tui/") {
				return m, name, true
			}
		}
	}
	return msg.M{}, "", false
}

// A keyForm is a call that takes a message key: the function or method
// name, the packages it is looked for in, the argument holding the key,
// and how the call names the placeholders it fills.
type keyForm struct {
	name  string
	pkgs  []string // import paths (and everything below them) where the name means this
	set   string   // whose catalog the key must be in
	key   int      // index of the key argument
	pairs int      // index of the first name, value pair; -1: none
	fixed []string // names the call always passes (a wrapper's own)
	extra bool     // passing a name the text does not use is allowed
}

var keyForms = []keyForm{
	// tui: c.T("key"), c.F("key", "name", value, ...)
	{name: "T", pkgs: []string{"spdesk/tui"}, set: "spdesk/tui", key: 0, pairs: -1},
	{name: "F", pkgs: []string{"spdesk/tui"}, set: "spdesk/tui", key: 0, pairs: 1},
	// workflows: refusals and their wrappers. A refusal may carry an
	// argument its text does not show (the same refusal code, different
	// wording per key): extra names are allowed there, missing ones never.
	{name: "refuse", pkgs: []string{"spdesk/workflows"}, set: "spdesk/workflows", key: 1, pairs: 2, extra: true},
	{name: "invalid", pkgs: []string{"spdesk/workflows"}, set: "spdesk/workflows", key: 1, pairs: 2, fixed: []string{"field"}, extra: true},
	{name: "bad", pkgs: []string{"spdesk/workflows"}, set: "spdesk/workflows", key: 0, pairs: -1, fixed: []string{"flag", "value"}, extra: true},
	{name: "creditReminders", pkgs: []string{"spdesk/workflows"}, set: "spdesk/workflows", key: 2, pairs: -1, fixed: []string{"company"}},
	// cardops advice, wherever it is asked for.
	{name: "Advice", pkgs: []string{"spdesk"}, set: "spdesk/cardops", key: 0, pairs: -1},
	// the command line's own texts.
	{name: "cliText", pkgs: []string{"spdesk/cmd/spdesk"}, set: "spdesk/cmd/spdesk", key: 1, pairs: 2},
}

// keyExceptions are keys deliberately absent from their catalog, by file
// and key, with the reason.
var keyExceptions = map[[2]string]string{
	{"tui/catalog_test.go", "no.such.key"}: "shows how a missing key looks",
}

// notKeys are dotted string literals (and "prefix." + x prefixes) that
// are not message keys, with what they are. Audit action names (a
// literal in an Action field or assignment, an Action or Fn (supervisor
// function) constant, the
// action requireSupervisor and
// supervisorOnly record) are recognised without a list.
var notKeys = map[string]string{
	"spdesk.db": "the default database file name", "spdesk.log": "the log file name", "demo.db": "the demo's database file name",
	"audit.key": "the audit key's file name",
	"table.go":  "the file internal/kanjivar/gen writes",
	"ipam.ttf":  "the IPA Mincho font's file name", "ipag.ttf": "the IPA Gothic font's file name",
	"cups.sock": "the test scheduler's socket", "cupsd.conf": "the test scheduler's settings file",
	"pg_hba.conf":  "the test PostgreSQL's sign-in rules file (store/pgtest)",
	"a.title_fold": "an SQL column of the knowledge base query", "f.rank": "an SQL column of the knowledge base query",
	"letter.": "letters' audit actions are built from it (workflows/letters.go)",
	"arg.":    "log attribute names of a refusal's arguments (workflows/logging.go)",
	// outbox event types (store/outbox.go): wire names the login service reads
	"card.issued": "an outbox event type", "card.resumed": "an outbox event type", "card.activated": "an outbox event type",
	"password.reset": "an outbox event type", "password.locked": "an outbox event type", "membership.cancelled": "an outbox event type",
	// fixtures' e-mail domains
	"gmail.com": "e-mail domain", "yahoo.co.jp": "e-mail domain", "docomo.ne.jp": "e-mail domain",
	"icloud.com": "e-mail domain", "ezweb.ne.jp": "e-mail domain", "softbank.ne.jp": "e-mail domain",
	"outlook.jp": "e-mail domain", "hotmail.co.jp": "e-mail domain", "nifty.com": "e-mail domain",
	"ocn.ne.jp": "e-mail domain", "biglobe.ne.jp": "e-mail domain", "au.com": "e-mail domain",
}

// unusedOK are catalog entries no source names, with the reason.
var unusedOK = map[string]string{}

var (
	dotted    = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	keyPrefix = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.$`)
)

// TestEveryMessageKeyExists reads every Go file of the module (tests
// too; nothing is skipped) and checks that each key a call names is in
// its package's catalog in both languages, with exactly the placeholders
// the call fills; that every other dotted literal naming a key is in some
// catalog; and that no catalog entry is unused.
func TestEveryMessageKeyExists(t *testing.T) {
	sets := catalogs()
	for p, s := range sets {
		for _, prob := range s.Problems() {
			t.Errorf("%s: %s", p, prob)
		}
	}
	inAny := func(k string) bool {
		for _, s := range sets {
			if _, ok := s[k]; ok {
				return true
			}
		}
		return false
	}
	literals := map[string]bool{}               // string literals of non-test files
	pkgLits := map[string]map[string]bool{}     // the same, by package
	pkgPrefixes := map[string]map[string]bool{} // "prefix." + something, by package
	actionLits := map[string]bool{}             // audit action names in non-test files
	prefixes := map[string]bool{}               // "prefix." + something, in non-test files
	var calls, dynamic, files int
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir // .git
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		pkg := "spdesk"
		if dir := filepath.ToSlash(filepath.Dir(rel)); dir != "." {
			pkg += "/" + dir
		}
		isTest := strings.HasSuffix(path, "_test.go")
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		defs := definitions(f)
		handled := map[*ast.CallExpr]bool{}
		check := func(call *ast.CallExpr, form keyForm, names []string, namesOK bool) {
			handled[call] = true
			calls++
			key, ok := stringLit(call.Args[form.key])
			if !ok {
				dynamic++
				return
			}
			pos := fset.Position(call.Pos())
			if reason, ok := keyExceptions[[2]string{rel, key}]; ok {
				t.Logf("%s: %q is not in the catalog: %s", pos, key, reason)
				return
			}
			m, ok := sets[form.set][key]
			if form.set == "spdesk/tui" {
				m, _, ok = consoleKey(sets, pkg, key, isTest)
			}
			if !ok {
				where := form.set + "'s catalog"
				if form.set == "spdesk/tui" {
					where = "the shared console catalog (tui/ui)"
					if own := ownSet(sets, pkg); own != "" {
						where = own + "'s catalog or " + where
					}
				}
				t.Errorf("%s: %s(%q): no such key in %s", pos, form.name, key, where)
				return
			}
			if !namesOK {
				t.Errorf("%s: %s(%q): the placeholder names are not string literals", pos, form.name, key)
				return
			}
			names = append(slices.Clone(form.fixed), names...)
			want := msg.Names(m.JA())
			for _, n := range want {
				if !slices.Contains(names, n) {
					t.Errorf("%s: %s(%q) fills no {%s}; the text is %q", pos, form.name, key, n, m.EN())
				}
			}
			if !form.extra {
				for _, n := range names {
					if !slices.Contains(want, n) {
						t.Errorf("%s: %s(%q) fills {%s}, which the text %q does not have", pos, form.name, key, n, m.EN())
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := stringLit(n); ok && !isTest && !defs[n] {
					literals[s] = true
					if pkgLits[pkg] == nil {
						pkgLits[pkg] = map[string]bool{}
					}
					pkgLits[pkg][s] = true
				}
			case *ast.BinaryExpr:
				if s, ok := stringLit(n.X); ok && n.Op == token.ADD && keyPrefix.MatchString(s) && !isTest {
					prefixes[s] = true
					if pkgPrefixes[pkg] == nil {
						pkgPrefixes[pkg] = map[string]bool{}
					}
					pkgPrefixes[pkg][s] = true
				}
			case *ast.CompositeLit:
				// workflows' Error{Key: "k", Args: map[string]string{...}}
				// and Notice{Key: ..., Args: ...}
				key, args := compositeKey(n)
				if key == nil || !under(pkg, "spdesk/workflows") {
					return true
				}
				k, ok := stringLit(key)
				if !ok {
					return true
				}
				calls++
				pos := fset.Position(n.Pos())
				m, ok := sets["spdesk/workflows"][k]
				if !ok {
					t.Errorf("%s: Key %q: no such key in workflows' catalog", pos, k)
					return true
				}
				names, namesOK := mapKeys(args)
				for _, want := range msg.Names(m.JA()) {
					if namesOK && !slices.Contains(names, want) {
						t.Errorf("%s: Key %q fills no {%s}; the text is %q", pos, k, want, m.EN())
					}
				}
			case *ast.CallExpr:
				name := funcName(n.Fun)
				// fmt.Sprintf("card.test.kind.%s", k) builds keys too.
				if name == "Sprintf" && len(n.Args) > 0 && !isTest {
					if s, ok := stringLit(n.Args[0]); ok {
						if p, ok := strings.CutSuffix(s, "%s"); ok && keyPrefix.MatchString(p) {
							prefixes[p] = true
							if pkgPrefixes[pkg] == nil {
								pkgPrefixes[pkg] = map[string]bool{}
							}
							pkgPrefixes[pkg][p] = true
						}
					}
				}
				if name == "Fill" && len(n.Args) > 0 {
					// msg.Fill(Advice("k", lang), "name", value, ...)
					if inner, ok := n.Args[0].(*ast.CallExpr); ok {
						if form, ok := formFor(funcName(inner.Fun), pkg); ok && len(inner.Args) > form.key {
							names, ok := pairNames(n.Args, 1)
							check(inner, form, names, ok)
						}
					}
					return true
				}
				form, ok := formFor(name, pkg)
				if !ok || handled[n] || len(n.Args) <= form.key {
					return true
				}
				names, namesOK := []string(nil), true
				if form.pairs >= 0 {
					names, namesOK = pairNames(n.Args, form.pairs)
				}
				check(n, form, names, namesOK)
			}
			return true
		})
		// Dotted literals in code (keys in struct fields, tables, switches)
		// must name something in some catalog.
		if !isTest {
			actions := auditActions(f)
			for lit := range actions {
				if s, ok := stringLit(lit); ok {
					actionLits[s] = true
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if _, ok := n.(*ast.ImportSpec); ok {
					return false
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok {
					return true
				}
				s, ok := stringLit(lit)
				if !ok || !dotted.MatchString(s) || inAny(s) || actions[lit] {
					return true
				}
				if _, ok := notKeys[s]; ok {
					return true
				}
				t.Errorf("%s: %q looks like a message key but no catalog has it (a typo? if it is not a key, add it to notKeys with why)", fset.Position(lit.Pos()), s)
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range prefixes {
		if _, ok := notKeys[p]; ok {
			delete(prefixes, p)
			continue
		}
		found := false
		for _, s := range sets {
			for k := range s {
				if strings.HasPrefix(k, p) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("keys are built from %q, but no catalog has a key starting with it", p)
		}
	}
	var unused []string
	for setName, s := range sets {
		for k := range s {
			if owner, ok := strings.CutPrefix(setName, "spdesk/tui/"); ok && owner != "" {
				// A page's (or the root's) own text must be shown by that
				// package: a text another page needs belongs in tui/ui.
				pkg := "spdesk/tui/" + owner
				if owner == "root" {
					pkg = "spdesk/tui"
				}
				if pkgLits[pkg][k] || hasPrefixIn(k, pkgPrefixes[pkg]) {
					continue
				}
				if a, ok := strings.CutPrefix(k, "audit.action."); ok && actionLits[a] && pkgPrefixes[pkg]["audit.action."] {
					continue // an action name with dots of its own (below)
				}
				unused = append(unused, setName+": "+k+" (not used by "+pkg+")")
				continue
			}
			if literals[k] || hasPrefixIn(k, prefixes) {
				continue
			}
			// The audit screen names an action by "audit.action." + its
			// name, and names have dots of their own (letter.hold).
			if a, ok := strings.CutPrefix(k, "audit.action."); ok && actionLits[a] {
				continue
			}
			if _, ok := unusedOK[k]; ok {
				continue
			}
			unused = append(unused, setName+": "+k)
		}
	}
	sort.Strings(unused)
	for _, u := range unused {
		t.Errorf("unused catalog entry %s (delete it, or list it in unusedOK with why)", u)
	}
	if files < 100 || calls < 500 {
		t.Errorf("read %d files and %d calls: is the walk broken?", files, calls)
	}
	var ps []string
	for p := range prefixes {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	t.Logf("%d files, %d key calls (%d with a computed key), keys built from %v", files, calls, dynamic, ps)
}

func under(pkg, root string) bool { return pkg == root || strings.HasPrefix(pkg, root+"/") }

func formFor(name, pkg string) (keyForm, bool) {
	for _, f := range keyForms {
		if f.name != name {
			continue
		}
		for _, p := range f.pkgs {
			if under(pkg, p) {
				return f, true
			}
		}
	}
	return keyForm{}, false
}

func funcName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// pairNames reads the names of name, value pairs from args[from:].
func pairNames(args []ast.Expr, from int) ([]string, bool) {
	var names []string
	for i := from; i < len(args); i += 2 {
		s, ok := stringLit(args[i])
		if !ok {
			return nil, false
		}
		names = append(names, s)
	}
	return names, true
}

// compositeKey finds the Key and Args fields of a keyed composite literal.
func compositeKey(c *ast.CompositeLit) (key, args ast.Expr) {
	for _, e := range c.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch id, _ := kv.Key.(*ast.Ident); {
		case id == nil:
		case id.Name == "Key":
			key = kv.Value
		case id.Name == "Args":
			args = kv.Value
		}
	}
	return key, args
}

// mapKeys reads the literal keys of a map[string]string{...}; a nil
// Args has none.
func mapKeys(e ast.Expr) ([]string, bool) {
	if e == nil {
		return nil, true
	}
	c, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var names []string
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		s, ok := stringLit(kv.Key)
		if !ok {
			return nil, false
		}
		names = append(names, s)
	}
	return names, true
}

// hasPrefixIn tells whether k is a prefix plus one more part: "card." +
// status builds card.active, not card.test.title.
func hasPrefixIn(k string, prefixes map[string]bool) bool {
	for p := range prefixes {
		if rest, ok := strings.CutPrefix(k, p); ok && !strings.Contains(rest, ".") {
			return true
		}
	}
	return false
}

// definitions finds the keys of f's msg.Set literals: a catalog naming
// its own keys does not use them.
func definitions(f *ast.File) map[*ast.BasicLit]bool {
	out := map[*ast.BasicLit]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if sel, ok := c.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Set" {
			return true
		}
		for _, e := range c.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if lit, ok := kv.Key.(*ast.BasicLit); ok {
					out[lit] = true
				}
			}
		}
		return true
	})
	return out
}

// auditActions finds the literals of f that name audit actions: the value
// of an Action field or assignment, an Action... or Fn... constant, and
// the action requireSupervisor and supervisorOnly record.
func auditActions(f *ast.File) map[*ast.BasicLit]bool {
	out := map[*ast.BasicLit]bool{}
	mark := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok {
			out[lit] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Action" {
				mark(n.Value)
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Action" && i < len(n.Rhs) {
					mark(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if (strings.HasPrefix(id.Name, "Action") || strings.HasPrefix(id.Name, "Fn")) && i < len(n.Values) {
					mark(n.Values[i])
				}
			}
		case *ast.CallExpr:
			if f := funcName(n.Fun); (f == "requireSupervisor" || f == "supervisorOnly") && len(n.Args) > 2 {
				mark(n.Args[2])
			}
		}
		return true
	})
	return out
}
