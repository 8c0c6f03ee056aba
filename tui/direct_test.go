package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// direct drives the root model by hand, with no program around it: the
// test decides which command answers arrive, and when. That is how a
// reload still on its way when the operator's next key lands is made
// certain instead of likely.
type direct struct {
	t *testing.T
	m model
}

func newDirect(t *testing.T, st *store.Store, svc *workflows.Service) *direct {
	t.Helper()
	d := &direct{t: t, m: New(ui.Options{Desk: svc, Service: svc, Lang: ui.LangEN, Operator: "tester",
		Now: func() time.Time { return testNow }}).(model)}
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	return d
}

// send hands msg to the root and returns the command it answered with,
// not run.
func (d *direct) send(msg tea.Msg) tea.Cmd {
	mm, cmd := d.m.Update(msg)
	d.m = mm.(model)
	return cmd
}

func (d *direct) key(k string) tea.Cmd {
	if k == "enter" {
		return d.send(keyEnter)
	}
	return d.send(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
}

// open resolves n as the root does for a page's request, delivers the
// answers of the new page's Init and returns that page.
func (d *direct) open(n ui.Nav) ui.Page {
	mm, cmd := d.m.resolve(nil, n, nil)
	d.m = mm
	d.deliver(answers(d.t, cmd)...)
	return d.m.stack[len(d.m.stack)-1]
}

func (d *direct) deliver(msgs ...tea.Msg) {
	for _, msg := range msgs {
		d.send(msg)
	}
}

func (d *direct) view() string { return ansi.Strip(d.m.render()) }

// answers and only are uitest's, under the names these tests use.
func answers(t *testing.T, cmd tea.Cmd) []tea.Msg { return uitest.Answers(t, cmd) }

func only[T tea.Msg](msgs []tea.Msg) []tea.Msg { return uitest.Only[T](msgs) }
