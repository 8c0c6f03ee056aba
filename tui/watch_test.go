package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Another desk's change to the member on screen shows here without a key
// (issue 13, live between desks): the second desk is another store
// handle and service on the same file, as a second console would be.
func TestAnotherDesksChangeShowsWithoutAKey(t *testing.T) {
	st := openTestStore(t)
	m := New(ui.Options{Desk: deskOn(st), Lang: ui.LangJA, Demo: true, Operator: "tester", Live: true, Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "DEMO")
	tm.Type(suspendedNo)
	waitFor(t, tm, "鈴木 一郎")
	tm.Send(keyEnter)
	waitFor(t, tm, "基本情報", "鈴木 一郎")

	ctx := context.Background()
	other, err := store.Open(ctx, st.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	desk2, err := workflows.New(other)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := desk2.MemberByNo(ctx, suspendedNo)
	if err != nil {
		t.Fatal(err)
	}
	c, err := desk2.StartCall(ctx, "desk2", mem.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk2.WrapUpCall(ctx, "desk2", workflows.WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
		Reasons: []string{"other"}, Outcome: workflows.OutcomeAnswered, Note: "別の席で受けた電話"}); err != nil {
		t.Fatal(err)
	}
	// No key is pressed: the change feed alone brings the other desk's call.
	waitFor(t, tm, "別の席で受けた電話")
}
