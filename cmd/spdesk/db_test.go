package main

import (
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store/pgtest"
)

// db copy moves a desk's file whole into a new PostgreSQL database: every
// table's rows, the audit chain ending on the same row and hash, the same
// search answers; a second copy into the now non-empty target is refused
// and changes nothing.
func TestDBCopyMovesAnOfficeToPostgres(t *testing.T) {
	file := filepath.Join(t.TempDir(), "office.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", file, "--demo"); !ok {
		t.Fatalf("seed --demo: %s", stderr)
	}
	pg := pgtest.URL(t)
	out, stderr, ok := run(t, nil, "db", "copy", "--from", file, "--to", pg)
	if !ok || !strings.Contains(out, "every row count equal") || !strings.Contains(out, "intact on both") {
		t.Fatalf("db copy: ok=%v %s %s", ok, out, stderr)
	}
	verify := func(db string) string {
		out, stderr, ok := run(t, nil, "audit", "verify", "--db", db)
		if !ok {
			t.Fatalf("audit verify --db %s: %s %s", db, out, stderr)
		}
		return out
	}
	if a, b := verify(file), verify(pg); a != b {
		t.Errorf("audit verify differs:\nfile:     %s\npostgres: %s", a, b)
	}
	for _, q := range []string{"佐藤", "さとう", "丁目", "090"} {
		a, _, okA := run(t, nil, "search", "--db", file, "--json", q)
		b, _, okB := run(t, nil, "search", "--db", pg, "--json", q)
		if !okA || !okB || a != b {
			t.Errorf("search %q differs after the copy:\nfile:     %.300s\npostgres: %.300s", q, a, b)
		}
	}
	before := verify(pg)
	if out, stderr, ok := run(t, nil, "db", "copy", "--from", file, "--to", pg); ok || !strings.Contains(stderr, "not empty") {
		t.Fatalf("a copy into a non-empty database: ok=%v %s %s", ok, out, stderr)
	}
	if after := verify(pg); after != before {
		t.Errorf("the refused copy changed the target: %s, then %s", before, after)
	}
	if _, stderr, ok := run(t, nil, "db", "copy", "--from", file, "--to", filepath.Join(t.TempDir(), "x.db")); ok || !strings.Contains(stderr, "postgres://") {
		t.Errorf("a copy to a file: ok=%v %s", ok, stderr)
	}
}
