package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs spdesk with stdin (not a terminal: passwords come from it).
func runIn(t *testing.T, stdin string, args ...string) (string, string, bool) {
	t.Helper()
	return runWith(t, nil, stdin, args...)
}

func TestOperatorCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	want := func(ok bool, stdout, stderr string, wantOK bool, substr string) {
		t.Helper()
		if ok != wantOK || !strings.Contains(stdout+stderr, substr) {
			t.Errorf("ok=%v (want %v), want %q in:\n%s%s", ok, wantOK, substr, stdout, stderr)
		}
	}
	// A listing does not make a missing file; the console's first start
	// does, and, not on a terminal, says how to add the first supervisor.
	out, errs, ok := runIn(t, "", "operator", "list", "--db", db)
	want(ok, out, errs, false, "does not exist")
	out, errs, ok = runIn(t, "", "--db", db)
	want(ok, out, errs, false, "spdesk operator add")
	out, errs, ok = runIn(t, "", "operator", "list", "--db", db)
	want(ok, out, errs, true, "--role supervisor") // says how to start

	// The first account must be a supervisor and needs nobody's permission.
	out, errs, ok = runIn(t, "boss-password-1\n", "operator", "add", "--db", db, "--login", "boss", "--name", "上司")
	want(ok, out, errs, false, "first account must be a supervisor")
	out, errs, ok = runIn(t, "boss-password-1\n", "operator", "add", "--db", db, "--login", "boss", "--name", "上司 太郎",
		"--role", "supervisor")
	want(ok, out, errs, true, "added boss")
	// Then only a supervisor adds, disables and resets, signed in: their
	// own password first on stdin, then the new account's.
	out, errs, ok = runIn(t, "boss-password-1\nclerk-password-1\n", "operator", "add", "--db", db, "--operator", "boss",
		"--login", "clerk", "--name", "事務 花子")
	want(ok, out, errs, true, "added clerk")
	out, errs, ok = runIn(t, "clerk-password-1\nx-password-123\n", "operator", "add", "--db", db, "--operator", "clerk",
		"--login", "x", "--name", "x")
	want(ok, out, errs, false, "only a supervisor")
	out, errs, ok = runIn(t, "boss-password-1\nshort\n", "operator", "add", "--db", db, "--operator", "boss", "--login", "y", "--name", "y")
	want(ok, out, errs, false, "10 to 128 characters")
	out, errs, ok = runIn(t, "boss-password-1\n", "operator", "add", "--db", db, "--operator", "boss", "--login", "y", "--name", "y")
	want(ok, out, errs, false, "no new password on stdin")
	out, errs, ok = runIn(t, "", "operator", "add", "--db", db, "--operator", "boss", "--login", "y", "--name", "y")
	want(ok, out, errs, false, "no password for boss")
	// A password is never a flag (it would show in ps).
	out, errs, ok = runIn(t, "", "operator", "add", "--db", db, "--login", "z", "--name", "z", "--password", "p")
	want(ok, out, errs, false, "unknown flag")

	out, errs, ok = runIn(t, "boss-password-1\n", "operator", "disable", "clerk", "--db", db, "--operator", "boss")
	want(ok, out, errs, true, "disabled clerk")
	out, errs, ok = runIn(t, "boss-password-1\n", "operator", "disable", "boss", "--db", db, "--operator", "boss")
	want(ok, out, errs, false, "cannot disable your own account")
	out, errs, ok = runIn(t, "boss-password-1\nclerk-password-2\n", "operator", "reset-password", "clerk", "--db", db,
		"--operator", "boss", "--password-stdin")
	want(ok, out, errs, true, "new password set for clerk")
	out, errs, ok = runIn(t, "boss-password-1\nzz-password-123\n", "operator", "reset-password", "nobody", "--db", db, "--operator", "boss")
	want(ok, out, errs, false, "operator nobody not found")

	out, errs, ok = runIn(t, "", "operator", "list", "--db", db)
	want(ok, out, errs, true, "上司 太郎")
	if !strings.Contains(out, "clerk") || !strings.Contains(out, "disabled") || !strings.Contains(out, "supervisor") {
		t.Errorf("list:\n%s", out)
	}
	out, _, _ = runIn(t, "", "operator", "list", "--db", db, "--json")
	var rows []operatorRow
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r operatorRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("list --json line %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 || rows[0].Login != "boss" || rows[1].Status != "disabled" || strings.Contains(out, "argon2") {
		t.Errorf("list --json: %+v", rows)
	}
	// No clear-text password anywhere in the database files.
	for _, f := range []string{db, db + "-wal"} {
		b, _ := os.ReadFile(f)
		for _, pw := range []string{"boss-password-1", "clerk-password-1", "clerk-password-2"} {
			if bytes.Contains(b, []byte(pw)) {
				t.Errorf("%s holds the password %s in clear", filepath.Base(f), pw)
			}
		}
	}
}
