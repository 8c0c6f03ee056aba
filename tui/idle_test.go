package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// current is the frame on screen now.
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
	const idle = 600 * time.Millisecond
	tm, _ := accountsConsole(t, Options{Operator: "demo-operator", IdleLock: idle})
	waitFor(t, tm, "demo-operator, operator")
	keepBusy := func(what string, send func()) {
		t.Helper()
		for end := time.Now().Add(3 * idle); time.Now().Before(end); time.Sleep(idle / 4) {
			send()
		}
		if v := current(t, tm); strings.Contains(v, "Locked") {
			t.Fatalf("locked while %s:\n%s", what, v)
		}
	}
	keepBusy("pasting into the search", func() { tm.Send(tea.PasteMsg{Content: "1"}) })

	tm.Send(tea.KeyPressMsg{Code: '?', Text: "?"})
	waitFor(t, tm, "? or esc closes")
	keepBusy("pressing keys on the help overlay", func() { tm.Send(tea.KeyPressMsg{Code: 'j', Text: "j"}) })
	waitFor(t, tm, "? or esc closes") // still the overlay, not the lock

	// And it still locks when nobody does anything.
	waitFor(t, tm, "Locked")
}
