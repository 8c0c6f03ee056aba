package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/cardops"
	"spdesk/fixtures"
	"spdesk/tui/ui"
)

// watchSpy is the in-process reader, keeping the context of every Watch
// so a test can see whether the screen that asked stopped watching.
type watchSpy struct {
	*cardops.VirtualReader
	watched chan context.Context
}

func (w watchSpy) Watch(ctx context.Context) (<-chan cardops.Event, error) {
	w.watched <- ctx
	return w.VirtualReader.Watch(ctx)
}

func newWatchSpy() watchSpy {
	return watchSpy{cardops.NewVirtualReader("", fixtures.DemoTray(nil)...), make(chan context.Context, 4)}
}

// watching waits for the card screen's Watch and returns its context.
func (w watchSpy) watching(t *testing.T) context.Context {
	t.Helper()
	select {
	case ctx := <-w.watched:
		return ctx
	case <-time.After(3 * time.Second):
		t.Fatal("the card test screen never watched the reader")
		return nil
	}
}

func wantCancelled(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(3 * time.Second):
		t.Fatalf("%s: the card test screen is gone but still watches the reader", when)
	}
}

// The card screen stops watching the reader when it goes, by esc or with
// the whole stack when someone else signs in at the lock screen.
func TestCardScreenStopsWatchingWhenDropped(t *testing.T) {
	spy := newWatchSpy()
	clk := newFakeClock(t)
	tm, _ := accountsConsole(t, ui.Options{Operator: "demo-operator", IdleLock: 600 * time.Millisecond,
		Cards: spy, Tray: spy.VirtualReader, Clock: clk})
	waitFor(t, tm, "demo-operator, operator")

	tm.Send(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	waitFor(t, tm, "Card test")
	ctx := spy.watching(t)
	tm.Send(keyEsc)
	wantCancelled(t, ctx, "esc")

	tm.Send(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	waitFor(t, tm, "Card test")
	ctx = spy.watching(t)
	clk.Advance(600 * time.Millisecond)
	waitFor(t, tm, "Locked")
	if ctx.Err() != nil {
		t.Fatal("locking alone stopped the watcher; the screen is still on the stack")
	}
	tm.Send(keyEsc) // someone else: a fresh sign-in, a fresh stack
	waitFor(t, tm, "Sign in")
	wantCancelled(t, ctx, "stack reset")
}
