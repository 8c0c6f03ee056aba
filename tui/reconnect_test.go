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
