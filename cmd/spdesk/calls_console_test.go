package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// TestConsoleWrapUpShowsInTheCLI is issue 12's "done when": on the demo
// `spdesk seed --demo` makes, a showcase member opened in the console
// shows the calls logged before (the recent calls come first); leaving
// asks for the call's wrap-up, which one key (enter) records with the
// note typed; then `spdesk calls --member N --json` lists that call,
// newest first, with its reason and note.
func TestConsoleWrapUpShowsInTheCLI(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	s, err := store.OpenWith(ctx, db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The key the seed sealed the trail with (TestMain's config folder).
	if err := workflows.UseAuditKey(ctx, s, filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "spdesk", "audit.key")); err != nil {
		t.Fatal(err)
	}
	svc, err := workflows.New(s)
	if err != nil {
		t.Fatal(err)
	}
	no := fixtures.DemoMemberNo["password_locked"]
	tm := teatest.NewTestModel(t, probed{tui.New(ui.Options{Desk: svc, Service: svc, Lang: ui.LangEN, Demo: true,
		Operator: demoOperator})}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	until := func(want ...string) {
		t.Helper()
		last := ""
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			ch := make(probe, 1)
			tm.Send(ch)
			last = <-ch
			all := true
			for _, w := range want {
				all = all && strings.Contains(last, w)
			}
			if all {
				return
			}
		}
		t.Fatalf("the console never showed %q:\n%s", want, last)
	}
	until("DEMO")
	tm.Type(no)
	until("1 members")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	until("Recent calls", "10回間違えて") // the showcase's earlier call, its note first
	// The call is written by a command of its own: it may land a moment
	// after the member is on screen.
	open, err := svc.OpenCallsOf(ctx, demoOperator)
	for end := time.Now().Add(10 * time.Second); err == nil && len(open) == 0 && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
		open, err = svc.OpenCallsOf(ctx, demoOperator)
	}
	if err != nil || len(open) != 1 {
		ch := make(probe, 1)
		tm.Send(ch)
		t.Fatalf("opening the member opened no call: %v %v\n%s", open, err, <-ch)
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	until("Wrap-up of call")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type("told about the reset form")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	until("Search ")

	out, stderr, ok := run(t, nil, "calls", "--db", db, "--member", no, "--json")
	if !ok {
		t.Fatal(stderr)
	}
	var got callsJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Calls) < 2 {
		t.Fatalf("want the showcase's call and the console's: %s", out)
	}
	c := got.Calls[0]
	if c.Open || c.Operator != demoOperator || c.Note != "told about the reset form" || len(c.Reasons) == 0 || c.Outcome == "" {
		t.Fatalf("the console's call as the CLI lists it: %+v", c)
	}
	if !strings.Contains(got.Calls[1].Note, "58") {
		t.Fatalf("the showcase's earlier call: %+v", got.Calls[1])
	}
}

// probe asks the console for its view as text, in the program's own turn.
type probe chan string

type probed struct{ tea.Model }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ch, ok := msg.(probe); ok {
		ch <- ansi.Strip(p.View().Content)
		return p, nil
	}
	m, cmd := p.Model.Update(msg)
	return probed{m}, cmd
}
