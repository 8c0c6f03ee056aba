package tui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/store/pgtest"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// PostgreSQL goes away under a console (every connection ended, new ones
// refused, as when the server restarts mid-shift): the header and the
// status line say it is reconnecting, the member on screen stays, a key
// still works on it (a tab whose read fails says the database cannot be
// reached, in words); once the server is back the notice goes by itself
// and the member is still there.
func TestLostDatabaseShowsReconnecting(t *testing.T) {
	ctx := context.Background()
	direct := pgtest.URL(t)
	seed, err := store.OpenWith(ctx, direct, store.OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := fixtures.LoadDemo(ctx, seed); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	proxy, url := pgtest.NewProxy(t, direct)
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	m := New(ui.Options{Desk: deskOn(st), Lang: ui.LangJA, Demo: true, Operator: "tester", Live: true, Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "DEMO")
	tm.Type(suspendedNo)
	waitFor(t, tm, "鈴木 一郎")
	tm.Send(keyEnter)
	before := waitFor(t, tm, "基本情報", "鈴木 一郎")
	if strings.Contains(before, "再接続") {
		t.Fatalf("reconnecting before anything was lost:\n%s", before)
	}

	proxy.Cut()
	away := waitFor(t, tm, "[再接続中…]", "鈴木 一郎")
	if !strings.Contains(away, "基本情報") {
		t.Errorf("the member's page changed when the connection was lost:\n%s", away)
	}
	tm.Type("2") // the Cards tab reads the cards again
	failed := waitFor(t, tm, "データベースに接続できないため", "鈴木 一郎", "[再接続中…]")
	if strings.Contains(failed, "failed to connect") || strings.Contains(failed, "spdesk-pg") {
		t.Errorf("the read's failure shows the driver's words:\n%s", failed)
	}
	// With no error of its own to show, the status line says what is going on.
	tm.Type("?")
	tm.Send(keyEsc)
	waitFor(t, tm, "データベースに再接続しています", "鈴木 一郎")

	proxy.Restore()
	back := waitView(t, tm, func(v string) bool { return !strings.Contains(v, "再接続") }, "the notice gone")
	if !strings.Contains(back, "鈴木 一郎") {
		t.Errorf("the member is gone once the database is back:\n%s", back)
	}
}

// PostgreSQL stops in the middle of a step on screen, at its commit, and
// stays away: the step's result says, in words, that whether it was
// saved is not known yet and to look before doing it again, never the
// driver's error. Once the server is back the record shows it was done,
// once.
func TestStepCutAtItsCommitSaysTheOutcomeIsUnknown(t *testing.T) {
	ctx := context.Background()
	direct := pgtest.URL(t)
	seed, err := store.OpenWith(ctx, direct, store.OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := fixtures.LoadDemo(ctx, seed); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	proxy, url := pgtest.NewProxy(t, direct)
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := workflows.New(st, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if err := workflows.SeedDemoOperators(ctx, svc); err != nil {
		t.Fatal(err)
	}
	addDeskAccounts(t, svc)
	d := runDesk(t, st, svc, ui.LangEN, 110, 40, "tester", "supervisor")
	m := d.freeMember()
	d.open(m)
	// Opening the member starts a call (a write of its own): the fault
	// is for the step's commit, so wait for that one first.
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if calls, err := svc.OpenCallsOf(ctx, "tester"); err == nil && len(calls) > 0 {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the member's call never started")
		}
	}
	d.key("a")
	waitFor(t, d.tm, "Procedures", "▸ 1 Lost card")
	d.key("enter")
	waitFor(t, d.tm, "Doing this will")
	hit := proxy.CutAtCommit(pgtest.LoseReplyAndStay)
	d.key("enter")
	v := waitFor(t, d.tm, "not known yet whether", "reload the record")
	<-hit
	for _, raw := range []string{"conn closed", "EOF", "failed to", "commit"} {
		if strings.Contains(v, raw) {
			t.Errorf("the result shows the driver's words (%q):\n%s", raw, v)
		}
	}
	proxy.Restore()
	cs, err := svc.CasesOfMember(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Type != workflows.CaseLostCard {
		t.Errorf("after the lost answer: %d cases (%v), want the one lost card report", len(cs), cs)
	}
}
