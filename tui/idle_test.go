package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
)

// fakeClock is the console's wall clock in tests: time stands still
// until the test advances it, and a timer fires only then, so the idle
// lock and the account recheck neither sleep nor race the machine's load.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
	stop   chan struct{} // ends the commands still waiting when the test ends
}

type fakeTimer struct {
	at    time.Time
	fired chan struct{}
}

func newFakeClock(t *testing.T) *fakeClock {
	c := &fakeClock{now: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), stop: make(chan struct{})}
	t.Cleanup(func() { close(c.stop) })
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After sets its timer when it is called, in the Update that asks, so an
// Advance after a frame showed the asking state always reaches it.
func (c *fakeClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	c.mu.Lock()
	tm := fakeTimer{at: c.now.Add(d), fired: make(chan struct{})}
	if tm.at.After(c.now) {
		c.timers = append(c.timers, tm)
	} else {
		close(tm.fired)
	}
	c.mu.Unlock()
	return func() tea.Msg {
		select {
		case <-tm.fired:
			return fn(tm.at)
		case <-c.stop:
			return nil
		}
	}
}

// Advance moves the clock on by d and fires every timer due by then.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(c.now) {
			kept = append(kept, tm)
		} else {
			close(tm.fired)
		}
	}
	c.timers = kept
}

// current is the frame on screen now. Sent after other messages, it also
// means those have been handled (the program takes them in order).
func current(t *testing.T, tm interface{ Send(tea.Msg) }) string {
	t.Helper()
	ch := make(probeMsg, 1)
	tm.Send(ch)
	select {
	case v := <-ch:
		return v
	case <-time.After(2 * time.Second):
		t.Fatal("no frame")
		return ""
	}
}

// Someone pasting, or reading the key list and pressing keys there, is at
// the desk: the console must not lock under them.
func TestPasteAndHelpKeysKeepTheConsoleAwake(t *testing.T) {
	const idle = 13 * time.Minute
	clk := newFakeClock(t)
	tm, _ := accountsConsole(t, ui.Options{Operator: "demo-operator", IdleLock: idle, Clock: clk})
	waitFor(t, tm, "demo-operator, operator")
	keepBusy := func(what string, send func()) {
		t.Helper()
		// A key every three quarters of the idle time, for three idle times.
		for range 4 {
			send()
			current(t, tm) // the key is in before the clock moves
			clk.Advance(idle * 3 / 4)
		}
		if v := current(t, tm); strings.Contains(v, "Locked") {
			t.Fatalf("locked while %s:\n%s", what, v)
		}
	}
	keepBusy("pasting into the search", func() { tm.Send(tea.PasteMsg{Content: "1"}) })

	tm.Send(tea.KeyPressMsg{Code: '?', Text: "?"})
	waitFor(t, tm, "? or esc closes")
	keepBusy("pressing keys on the help overlay", func() { tm.Send(tea.KeyPressMsg{Code: 'j', Text: "j"}) })
	v := waitFor(t, tm, "? or esc closes") // still the overlay, not the lock
	if strings.Contains(v, "Locked") {
		t.Fatalf("locked under the help overlay:\n%s", v)
	}

	// And it still locks when nobody does anything: a key, then the idle
	// time without one.
	tm.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})
	current(t, tm)
	clk.Advance(idle)
	waitFor(t, tm, "Locked", "Locked after 13 minutes without a key")
}
