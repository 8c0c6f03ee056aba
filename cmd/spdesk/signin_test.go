package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// auditRows is the number of rows on the audit trail (audit verify, which
// needs no sign-in).
func auditRows(t *testing.T, db string) int {
	t.Helper()
	out, stderr, ok := run(t, nil, "audit", "verify", "--db", db, "--json")
	var v struct{ Rows int }
	if !ok || json.Unmarshal([]byte(out), &v) != nil {
		t.Fatalf("audit verify: %s %s", out, stderr)
	}
	return v.Rows
}

// TestEveryChangingCommandSignsIn: --operator alone no longer acts. Every
// command that changes the database asks for the operator's password (here
// from stdin), refuses without it before touching anything, and a wrong
// one counts toward the same lockout as the console's.
func TestEveryChangingCommandSignsIn(t *testing.T) {
	db := demoDB(t)
	out, stderr, ok := run(t, nil, "queues", "approvals", "--db", db, "--json")
	var items []approvalJSON
	if !ok || json.Unmarshal([]byte(out), &items) != nil || len(items) == 0 {
		t.Fatalf("approvals: %s %s", out, stderr)
	}
	no := items[0].No
	spool := filepath.Join(t.TempDir(), "spool")
	rows := auditRows(t, db)
	for _, args := range [][]string{
		{"operator", "add", "--login", "newbie", "--name", "新人", "--password-stdin"},
		{"operator", "disable", "demo-operator"},
		{"operator", "reset-password", "demo-operator", "--password-stdin"},
		{"letters", "print", "--spool", spool},
		{"letters", "mailed", "B-00001"},
		{"queues", "reprint", "L-0000001", "--reason", "returned by the post office"},
		{"queues", "approve", no},
		{"queues", "reject", "R-00001", "--reason", "no"},
		{"audit", "export"},
		{"seed", "--members", "5", "--append"},
	} {
		args = append(args, "--db", db, "--operator", "demo-supervisor")
		_, stderr, ok := runIn(t, "", args...)
		if ok || !strings.Contains(stderr, "no password for demo-supervisor") {
			t.Errorf("spdesk %v without a password: ok=%v stderr=%q", args, ok, stderr)
		}
	}
	if got := auditRows(t, db); got != rows {
		t.Errorf("the refused commands wrote %d audit rows", got-rows)
	}
	if _, err := os.Stat(spool); err == nil {
		t.Error("letters print without a password made the spool folder")
	}

	// One shell cannot approve as the supervisor by naming them: a wrong
	// password is refused and counted, five lock the account, and then
	// even the right one is refused, as at the console.
	for i := range 5 {
		_, stderr, ok := runIn(t, "guess\n", "queues", "approve", no, "--db", db, "--operator", "demo-supervisor", "--lang", "en")
		if ok || !strings.Contains(stderr, "wrong login or password") {
			t.Fatalf("wrong password %d: ok=%v %q", i+1, ok, stderr)
		}
	}
	if got := auditRows(t, db); got != rows+5 {
		t.Errorf("5 failed CLI sign-ins made %d audit rows", got-rows)
	}
	_, stderr, ok = runIn(t, "demo\n", "queues", "approve", no, "--db", db, "--operator", "demo-supervisor", "--lang", "en")
	if ok || !strings.Contains(stderr, "wrong login or password") {
		t.Fatalf("the right password during the lock: ok=%v %q", ok, stderr)
	}
	out, _, _ = run(t, nil, "operator", "list", "--db", db, "--json")
	if !strings.Contains(out, `"login":"demo-supervisor","display_name":"デモ監督者","role":"supervisor","status":"locked"`) {
		t.Errorf("demo-supervisor is not locked after failed CLI sign-ins:\n%s", out)
	}
	out, _, _ = run(t, nil, "queues", "approvals", "--db", db, "--json")
	if !strings.Contains(out, no) {
		t.Errorf("%s was approved without the supervisor's password", no)
	}
}

// TestFirstSupervisorNeedsNoSignIn: the one exception, and what a command
// says on a database that has no account to sign in as.
func TestFirstSupervisorNeedsNoSignIn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "2"); !ok { // a bulk load: no accounts
		t.Fatalf("seed: %s", stderr)
	}
	_, stderr, ok := runIn(t, "", "letters", "print", "--db", db, "--spool", t.TempDir(), "--operator", "boss")
	if ok || !strings.Contains(stderr, "no operator account yet") || !strings.Contains(stderr, "--role supervisor") {
		t.Fatalf("a changing command on a file without accounts: ok=%v %q", ok, stderr)
	}
	out, stderr, ok := runIn(t, "boss-password-1\n", "operator", "add", "--db", db, "--login", "boss", "--name", "上司",
		"--role", "supervisor")
	if !ok || !strings.Contains(out, "added boss") {
		t.Fatalf("first supervisor: ok=%v %s %s", ok, out, stderr)
	}
	// From now on, even adding an account signs in.
	_, stderr, ok = runIn(t, "clerk-password-1\n", "operator", "add", "--db", db, "--login", "clerk", "--name", "事務",
		"--operator", "boss", "--lang", "en")
	if ok || !strings.Contains(stderr, "wrong login or password") {
		t.Fatalf("second account with the new account's password as the supervisor's: ok=%v %q", ok, stderr)
	}
}
