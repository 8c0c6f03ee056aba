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
		if imports {
			t.Errorf("%s imports %s: ask the workflows.Desk and use workflows' names for its records", path, storeImport)
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

// TestPagesDoNotImportEachOther: a page asks for another through ui.Nav
// and the root builds it (routes.go), so no package under tui/pages
// imports another one (tests included: a page's tests drive that page).
func TestPagesDoNotImportEachOther(t *testing.T) {
	const pages = "spdesk/tui/pages/"
	fset := token.NewFileSet()
	seen := map[string]bool{}
	err := filepath.WalkDir("pages", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		own := pages + filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "pages"+string(filepath.Separator))))
		seen[own] = true
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); strings.HasPrefix(p, pages) && p != own {
				t.Errorf("%s imports %s: ask the root for that page with a ui.Nav", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 9 {
		t.Fatalf("read %d page packages: the test runs in the wrong folder", len(seen))
	}
}
