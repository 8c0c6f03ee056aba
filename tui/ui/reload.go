package ui

import tea "charm.land/bubbletea/v2"

// Reloads coalesces the re-reads a page makes for the change feed: with
// fifty desks at work a supervisor's queue screen hears of a change many
// times a second, and one read in flight at a time is enough. A change
// that arrives while a read is out marks the page stale; one more read
// follows when the first lands, so the last change is always shown.
type Reloads struct {
	out, stale bool
}

// Changed is a change the page cares about: load now, or after the read
// already out.
func (r *Reloads) Changed(load func() tea.Cmd) tea.Cmd {
	if r.out {
		r.stale = true
		return nil
	}
	r.out = true
	return load()
}

// Landed is any read's answer arriving (a feed's or the operator's own):
// the read the feed is owed, if any, goes out now.
func (r *Reloads) Landed(load func() tea.Cmd) tea.Cmd {
	r.out = false
	if !r.stale {
		return nil
	}
	r.stale = false
	r.out = true
	return load()
}
