package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/workflows"
)

// A kept demo (`spdesk demo --keep`) has its audit key beside its
// database: `spdesk calls --db DEMO.db` reads it there, as the demo's
// console did, with no --audit-key. A database not made as a demo never
// takes a key from beside it (a real desk's key is kept apart from the
// database).
func TestKeptDemoIsReadWithItsOwnKey(t *testing.T) {
	seedWithKeyBeside := func(args ...string) (db, no string) {
		dir := t.TempDir()
		db = filepath.Join(dir, "demo.db")
		args = append([]string{"seed", "--db", db, "--audit-key", filepath.Join(dir, "audit.key")}, args...)
		if _, stderr, ok := run(t, nil, args...); !ok {
			t.Fatalf("%v: %s", args, stderr)
		}
		raw, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if err := raw.QueryRow(`SELECT member_no FROM members ORDER BY id LIMIT 1`).Scan(&no); err != nil {
			t.Fatal(err)
		}
		return db, no
	}
	// The default key of this test run's $XDG_CONFIG_HOME is another one
	// (or none): only the key beside the demo opens it.
	demo, no := seedWithKeyBeside("--demo")
	out, stderr, ok := run(t, nil, "calls", "--db", demo, "--member", no, "--json")
	if !ok || !strings.Contains(out, `"member_no": "`+no+`"`) {
		t.Fatalf("calls on a kept demo without --audit-key: %s%s", out, stderr)
	}

	// A database not made as a demo, its trail sealed (one call started)
	// with the key beside it.
	real, rno := seedWithKeyBeside("--members", "3")
	ctx := context.Background()
	s, err := store.Open(ctx, real)
	if err != nil {
		t.Fatal(err)
	}
	if err := workflows.UseAuditKey(ctx, s, filepath.Join(filepath.Dir(real), "audit.key")); err != nil {
		t.Fatal(err)
	}
	svc, err := workflows.New(s)
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.MemberByNo(ctx, rno)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.StartCall(ctx, "tester", m.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out, stderr, ok = run(t, nil, "calls", "--db", real, "--member", rno)
	if ok || !strings.Contains(stderr, "--audit-key") {
		t.Fatalf("a database not made as a demo was read with the key beside it: ok=%v %s%s", ok, out, stderr)
	}
}
