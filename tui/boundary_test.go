package tui

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// storeImport is what no console package may import: pages ask the
// workflows.Desk and name records in the desk's vocabulary, so none can
// read around a workflows check or reach a transaction. Tests may still
// open a store to build their fixtures.
const storeImport = "spdesk/store"

// stillOnStore are the console files that import the store until the
// conversion to the Desk (issue 11) reaches them; the list only shrinks.
var stillOnStore = map[string]bool{
	"approvals_reprint.go": true,
	"audit.go":             true,
	"audit_view.go":        true,
	"badges.go":            true,
	"cardtest.go":          true,
	"cardtest_actions.go":  true,
	"cardtest_view.go":     true,
	"case.go":              true,
	"case_steps.go":        true,
	"catalog_kb.go":        true,
	"format.go":            true,
	"guidance.go":          true,
	"identity_form.go":     true,
	"kb.go":                true,
	"kb_view.go":           true,
	"letters_batch.go":     true,
	"letters_print.go":     true,
	"lock.go":              true,
	"member.go":            true,
	"member_cases.go":      true,
	"member_profile.go":    true,
	"procedure_jobs.go":    true,
	"procedures.go":        true,
	"queue_cases.go":       true,
	"reader_order.go":      true,
	"root.go":              true,
	"screen.go":            true,
	"search.go":            true,
	"signin.go":            true,
	"today.go":             true,
}

// TestConsoleDoesNotImportStore: no non-test Go file in tui or a package
// under it imports spdesk/store (make lint checks the same with go list).
func TestConsoleDoesNotImportStore(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		seen++
		imports := false
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == storeImport {
				imports = true
			}
		}
		switch {
		case imports && !stillOnStore[path]:
			t.Errorf("%s imports %s: ask the workflows.Desk and use workflows' names for its records", path, storeImport)
		case !imports && stillOnStore[path]:
			t.Errorf("%s no longer imports %s: take it off stillOnStore", path, storeImport)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("no console source files found: the test runs in the wrong folder")
	}
}
