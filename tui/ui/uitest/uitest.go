// Package uitest holds checks that page packages' tests share: what the
// ui.Page contract promises, tested the same way for every page.
package uitest

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Sizer is the part of ui.Page these checks use.
type Sizer interface {
	SetSize(w, h int)
	View() string
}

// FillsItsSize fails t unless p draws exactly each size it is given:
// that many lines, each that many cells (wide characters counted as two),
// so the root's frame never shows what a larger one left.
func FillsItsSize(t testing.TB, p Sizer, sizes ...[2]int) {
	t.Helper()
	for _, size := range sizes {
		p.SetSize(size[0], size[1])
		lines := strings.Split(p.View(), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%v: %d lines", size, len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w != size[0] {
				t.Errorf("%v: line %d is %d cells: %q", size, i, w, l)
			}
		}
	}
}

// Japanese is a context in Japanese on a dark background, with no desk:
// a page before any answer has come.
func Japanese() *ui.Shared {
	return &ui.Shared{Cat: ui.NewCatalog("ja"), Styles: ui.NewStyles(true), Now: ui.WallClock{}.Now}
}

// On is the context the root builds (tui.New) for a page on desk d: d
// reads and changes, op acts, the clock stands at now.
func On(d workflows.Desk, lang, op string, now time.Time) *ui.Shared {
	return &ui.Shared{Src: d, DBPath: d.DBPath(), Cat: ui.NewCatalog(lang), Styles: ui.NewStyles(true),
		Now: func() time.Time { return now }, Members: -1, Operator: op,
		Opts: ui.Options{Desk: d, Service: d, Lang: lang, Operator: op}}
}

// Answers runs cmd and every command batched in it, each on its own
// goroutine as the program would, and returns their answers. Only for
// commands that end by themselves (reads, workflow calls, a spinner tick):
// the test decides when each answer lands.
func Answers(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	var (
		mu   sync.Mutex
		out  []tea.Msg
		wg   sync.WaitGroup
		walk func(tea.Cmd)
	)
	walk = func(c tea.Cmd) {
		if c == nil {
			return
		}
		wg.Go(func() {
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					walk(c)
				}
				return
			}
			mu.Lock()
			out = append(out, msg)
			mu.Unlock()
		})
	}
	walk(cmd)
	wg.Wait()
	return out
}

// Only keeps the answers of type T.
func Only[T tea.Msg](msgs []tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// named are the keys Key knows by name.
var named = map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp,
	"down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd}

// Key is a key press as a terminal sends it: a name ("enter", "esc",
// "tab", "up", "down", "pgup", "pgdown", "home", "end") or one printable
// character.
func Key(k string) tea.KeyPressMsg {
	if code, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// Driver drives one page by hand, as the root would with the page on
// top: each key clears the status banner first, and what the page asks
// of the root is kept for the test to read.
type Driver struct {
	T    testing.TB
	Sh   *ui.Shared
	Page ui.Page
	Nav  ui.Nav // the last request the page made
}

// Send hands msg to the page and returns the command it answered with, not run.
func (d *Driver) Send(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		d.Sh.Banner = ""
	}
	p, cmd := d.Page.Update(msg)
	d.Page = p
	if n := p.TakeNav(); n.Open != ui.PageNone || n.Back || n.Unlock || n.SignOut {
		d.Nav = n
	}
	return cmd
}

// Key sends one key (see Key).
func (d *Driver) Key(k string) tea.Cmd { return d.Send(Key(k)) }

// Deliver hands the page each message in turn.
func (d *Driver) Deliver(msgs ...tea.Msg) {
	for _, m := range msgs {
		d.Send(m)
	}
}

// Start sizes the page, runs its Init and delivers what that answers.
func (d *Driver) Start(w, h int) {
	d.Page.SetSize(w, h)
	d.Deliver(Answers(d.T, d.Page.Init())...)
}

// View is the page's view without styling.
func (d *Driver) View() string { return ansi.Strip(d.Page.View()) }

// English is Japanese's twin in English.
func English() *ui.Shared {
	sh := Japanese()
	sh.Cat = ui.NewCatalog(ui.LangEN)
	return sh
}
