package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Item 9 of issue 10: a console on a write-protected copy, opened
// read-only as cmd/spdesk opens it, signs in (wrong passwords too) without
// writing a byte, and its header says that sign-ins are not recorded.
func TestReadOnlyConsoleOnProtectedCopyWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "backup.db")
	st, err := store.OpenWith(ctx, path, store.OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := fixtures.LoadDemo(ctx, st); err != nil {
		t.Fatal(err)
	}
	params := workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1})
	svc, err := workflows.New(st, params)
	if err != nil {
		t.Fatal(err)
	}
	if err := workflows.SeedDemoOperators(ctx, svc); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rsvc, err := workflows.New(ro, params)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, probed{New(ui.Options{Desk: rsvc, Accounts: rsvc, ReadOnly: true, Lang: "en",
		Now: func() time.Time { return testNow }})}, teatest.WithInitialTermSize(140, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "Sign in", "sign-ins not recorded")
	signIn(tm, "demo-operator", "not-the-password")
	waitFor(t, tm, "wrong login or password")
	signIn(tm, "", workflows.DemoOperatorPassword)
	waitFor(t, tm, "sign-ins not recorded", "demo-operator, operator", "Search")
	if n, err := ro.CountAudit(ctx); err != nil {
		t.Fatal(err)
	} else if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("the read-only console changed the file (audit rows now %d)", n)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Error("the read-only console made a -wal beside a write-protected file")
	}
}
