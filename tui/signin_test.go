package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// accountsConsole starts the console with sign-in on the demo set and its
// two demo accounts (password workflows.DemoOperatorPassword).
func accountsConsole(t *testing.T, opts ui.Options) (*teatest.TestModel, *workflows.Service) {
	t.Helper()
	s := openTestStore(t)
	svc, err := workflows.New(s, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if err := workflows.SeedDemoOperators(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	opts.Desk, opts.Service, opts.Accounts, opts.Lang = svc, svc, svc, "en"
	if opts.ReadOnly {
		opts.Service = nil
	}
	opts.Now = func() time.Time { return testNow }
	if opts.Clock == nil {
		opts.Clock = newFakeClock(t) // never advanced: no lock, no recheck, whatever the load
	}
	tm := teatest.NewTestModel(t, probed{New(opts)}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	return tm, svc
}

// addDeskAccounts gives "tester" and "supervisor" accounts (demodesk.AddAccounts).
func addDeskAccounts(t *testing.T, svc *workflows.Service) { demodesk.AddAccounts(t, svc) }

func signIn(tm *teatest.TestModel, login, pw string) {
	if login != "" {
		tm.Type(login)
		tm.Send(keyEnter)
	}
	tm.Type(pw)
	tm.Send(keyEnter)
}

func TestSignInWrongPasswordsLockTheAccount(t *testing.T) {
	tm, _ := accountsConsole(t, ui.Options{})
	v := waitFor(t, tm, "Sign in", "Login", "Password", "f1 keys")
	if strings.Contains(v, "佐藤") || strings.Contains(v, "Search") {
		t.Errorf("the sign-in screen shows the console:\n%s", v)
	}
	// An unknown login and a wrong password read the same.
	signIn(tm, "nobody", "demo")
	waitFor(t, tm, "wrong login or password")
	tm.Send(keyTab) // back to the login field
	for i := range 5 {
		if i == 0 {
			for range len("nobody") {
				tm.Send(press(tea.KeyBackspace))
			}
			tm.Type("demo-operator")
			tm.Send(keyTab)
		}
		tm.Type("guess")
		tm.Send(keyEnter)
		waitFor(t, tm, "wrong login or password")
	}
	// Locked: even the right password is refused, in the same words as a
	// wrong one (else the lock would tell a guesser they found it).
	tm.Type(workflows.DemoOperatorPassword)
	tm.Send(keyEnter)
	if v := waitFor(t, tm, "wrong login or password"); strings.Contains(v, "locked until") {
		t.Errorf("the right password during the lock reads differently:\n%s", v)
	}
	// The password field shows dots, never what is typed.
	tm.Type("secretpw")
	if v := waitFor(t, tm, "••••••••"); strings.Contains(v, "secretpw") {
		t.Errorf("password shown in clear:\n%s", v)
	}
}

func TestSignInOpensTheConsole(t *testing.T) {
	tm, svc := accountsConsole(t, ui.Options{})
	// A "?" in a password is typed, not the help key.
	if _, err := svc.ResetOperatorPassword(context.Background(), "demo-supervisor", "demo-supervisor", "why?not-this-1"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Sign in")
	signIn(tm, "demo-supervisor", "why?not-this-1")
	v := waitFor(t, tm, "demo-supervisor, supervisor", "Search")
	if strings.Contains(v, "Sign in") {
		t.Errorf("still on the sign-in screen:\n%s", v)
	}
}

func TestIdleLockKeepsTheScreens(t *testing.T) {
	clk := newFakeClock(t)
	tm, _ := accountsConsole(t, ui.Options{Operator: "demo-operator", IdleLock: 400 * time.Millisecond, Clock: clk})
	waitFor(t, tm, "demo-operator, operator")
	tm.Type(suspendedNo)
	tm.Send(keyEnter)
	waitFor(t, tm, suspendedNo, "鈴木")
	// No key: the console locks and shows nothing of the member.
	clk.Advance(400 * time.Millisecond)
	v := waitFor(t, tm, "Locked", "Locked after 400ms without a key")
	if strings.Contains(v, "鈴木") || strings.Contains(v, suspendedNo) {
		t.Errorf("the lock screen shows the member:\n%s", v)
	}
	tm.Type("guess")
	tm.Send(keyEnter)
	waitFor(t, tm, "wrong login or password")
	tm.Type(workflows.DemoOperatorPassword)
	tm.Send(keyEnter)
	// The member screen is back as it was, breadcrumb and all.
	v = waitFor(t, tm, "鈴木", suspendedNo)
	if strings.Contains(v, "Locked") {
		t.Errorf("still locked:\n%s", v)
	}
}

func TestDemoSignsInBothAccountsAndSwitches(t *testing.T) {
	tm, _ := accountsConsole(t, ui.Options{Demo: true, Operator: "demo-operator",
		Operators: []string{"demo-operator", "demo-supervisor"}})
	waitFor(t, tm, "DEMO", "デモ操作者 (demo-operator, operator)")
	tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	waitFor(t, tm, "デモ監督者 (demo-supervisor, supervisor)")
	tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	waitFor(t, tm, "demo-operator, operator")
}

func TestDisabledOperatorLocksAtNextKey(t *testing.T) {
	clk := newFakeClock(t)
	tm, svc := accountsConsole(t, ui.Options{Operator: "demo-operator", Clock: clk})
	waitFor(t, tm, "demo-operator, operator")
	if _, err := svc.DisableOperator(context.Background(), "demo-supervisor", "demo-operator"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(accountCheckEvery)
	tm.Type("a")
	waitFor(t, tm, "Locked", "has been disabled")
	// Its password no longer opens it, and reads like any wrong one.
	tm.Type(workflows.DemoOperatorPassword)
	tm.Send(keyEnter)
	waitFor(t, tm, "wrong login or password", "ask a supervisor")
	// Someone else may sign in instead: a fresh console.
	tm.Send(keyEsc)
	waitFor(t, tm, "Sign in", "Login")
	signIn(tm, "demo-supervisor", "demo")
	waitFor(t, tm, "demo-supervisor, supervisor")
}

func TestReadOnlyConsoleSignsInAndSaysSo(t *testing.T) {
	tm, _ := accountsConsole(t, ui.Options{ReadOnly: true})
	// Read-only has no Service (accountsConsole leaves it out, as
	// cmd/spdesk does), which dims every change with its reason.
	waitFor(t, tm, "Sign in", "[read-only")
	signIn(tm, "demo-operator", workflows.DemoOperatorPassword)
	waitFor(t, tm, "[read-only", "demo-operator, operator", "Search")
}

func TestLockScreenFitsEightyColumnsInJapanese(t *testing.T) {
	s := openTestStore(t)
	svc, err := workflows.New(s, workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	m := New(ui.Options{Desk: svc, Service: svc, Accounts: svc, Lang: "ja", Operator: "demo-operator",
		IdleLock: 13 * time.Minute}).(model)
	mm, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = mm.(model).lock(m.sh.Cat.F("lock.idle", "idle", idleText(13*time.Minute, "ja"), "operator", "demo-operator"))
	v := ansi.Strip(m.render())
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w != 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	if !strings.Contains(v, "13分間") || !strings.Contains(v, "解除します") || !strings.Contains(v, "╮") {
		t.Errorf("lock screen cut:\n%s", v)
	}
}
