package tui

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// sealedConsole is the sign-in console on the demo set with its audit
// trail sealed (the demo accounts' rows carry seals), and the service.
func sealedConsole(t *testing.T) (*store.Store, *workflows.Service) {
	t.Helper()
	s := openTestStore(t)
	if err := s.SetAuditKey(bytes.Repeat([]byte{5}, store.AuditKeySize)); err != nil {
		t.Fatal(err)
	}
	svc, err := workflows.New(s, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if err := workflows.SeedDemoOperators(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return s, svc
}

// tamperSeal breaks row 1's seal behind spdesk's back, with a plain
// SQLite connection and the append-only trigger dropped, as someone
// without the key would have to: the chain still holds.
func tamperSeal(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, q := range []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET seal = '00' WHERE id = 1`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// TestSupervisorSignInWarnsOfAForgedAuditTrail is issue 10 item 8's
// console half: a supervisor signing in on a trail whose seal fails sees
// the warning, with the verdict, and closes it to the console.
func TestSupervisorSignInWarnsOfAForgedAuditTrail(t *testing.T) {
	s, svc := sealedConsole(t)
	tamperSeal(t, s.Path())
	tm := teatest.NewTestModel(t, probed{New(ui.Options{Desk: svc, Service: svc, Accounts: svc, Lang: "en",
		Now: func() time.Time { return testNow }})}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "Sign in")
	signIn(tm, "demo-supervisor", workflows.DemoOperatorPassword)
	waitFor(t, tm, "The audit trail does not verify", "audit row 1 was rewritten", "spdesk audit verify",
		"Audit trail warning")
	tm.Send(keyEsc)
	v := waitFor(t, tm, "demo-supervisor, supervisor", "Search")
	if strings.Contains(v, "does not verify") {
		t.Errorf("the warning did not close:\n%s", v)
	}
}

// The check itself, as the root runs it: an intact trail warns no one,
// and an operator's sign-in walks nothing (they cannot act on it).
func TestSignInAuditCheckWarnsOnlyWhenItFails(t *testing.T) {
	s, svc := sealedConsole(t)
	m := New(ui.Options{Desk: svc, Service: svc, Accounts: svc, Lang: "ja", Now: func() time.Time { return testNow }}).(model)
	mm, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m = mm.(model)
	m.gate = nil // signed in: what the gate does on a right password
	check := func(login string) (auditSealMsg, model) {
		m.sh.SignedIn(workflows.Operator{Login: login})
		msg := m.checkAuditSeal()().(auditSealMsg)
		next, _ := m.Update(msg)
		return msg, next.(model)
	}
	if msg, after := check("demo-supervisor"); msg.status != workflows.AuditIntact || msg.warn || len(after.stack) != 1 {
		t.Fatalf("intact trail: %+v, %d screens", msg, len(after.stack))
	}
	tamperSeal(t, s.Path())
	if msg, after := check("demo-operator"); msg.status != "" || msg.warn || len(after.stack) != 1 {
		t.Fatalf("operator on a forged trail: %+v, %d screens", msg, len(after.stack))
	}
	msg, after := check("demo-supervisor")
	if msg.status != workflows.AuditForged || !msg.warn || len(after.stack) != 2 || !strings.Contains(msg.text, "1 行目") {
		t.Fatalf("supervisor on a forged trail: %+v, %d screens", msg, len(after.stack))
	}
	if v := after.render(); !strings.Contains(v, "監査記録を検証できませんでした") {
		t.Errorf("no Japanese warning:\n%s", v)
	}
}
