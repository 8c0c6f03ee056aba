package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Clock is the wall time the console's own timers run on: the idle lock
// and the recheck of the signed-in account. It is not Options.Now, the
// business day's clock, which tests freeze; this one moves, and tests
// move it themselves with a fake instead of sleeping.
type Clock interface {
	Now() time.Time
	// After is a command that answers fn(t) once d has passed.
	After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// WallClock is the real one.
type WallClock struct{}

func (WallClock) Now() time.Time { return time.Now() }

func (WallClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd { return tea.Tick(d, fn) }
