package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Live updates between desks: the root follows the desk's change feed
// (workflows.Desk.Watch: LISTEN/NOTIFY on PostgreSQL, data_version on
// SQLite) and hands every change to every page as a ui.ChangedMsg. A
// page that shows the member, case or queue re-reads it; forms and typed
// input are the pages' own and are never touched by a re-read.

// A feed on PostgreSQL also says when the database stops answering and
// when it is back (workflows.LinkLost, LinkBack): the root keeps it in
// model.away and the shell says "reconnecting" in the header and the
// status line meanwhile. Nothing else changes: pages keep what they show
// and what is typed, keys work on them, and a step tried meanwhile is
// told it was not saved (workflows.EOFFLINE).

// linkMsg is the feed's word on the connection: away or back.
type linkMsg struct{ away bool }

// watchStartedMsg carries the feed once Watch answered.
type watchStartedMsg struct {
	ch  <-chan workflows.Change
	err error
}

// watchEndedMsg says the feed closed (the program is ending, or Watch
// gave up): the console goes on without live updates.
type watchEndedMsg struct{}

// startWatch opens the feed when Options.Live asks for it. The
// program's lifetime bounds it: the watcher goroutine ends with the
// process.
func (m model) startWatch() tea.Cmd {
	d := m.sh.Opts.Desk
	if !m.sh.Opts.Live || d == nil {
		return nil
	}
	return func() tea.Msg {
		ch, err := d.Watch(context.Background())
		return watchStartedMsg{ch: ch, err: err}
	}
}

// nextChange waits for the feed's next change.
func nextChange(ch <-chan workflows.Change) tea.Cmd {
	return func() tea.Msg {
		c, ok := <-ch
		switch {
		case !ok:
			return watchEndedMsg{}
		case c.Link != 0:
			return linkMsg{away: c.Link == workflows.LinkLost}
		}
		return ui.ChangedMsg{Change: c}
	}
}

// watchUpdate handles the feed's messages; ok is false for any other.
func (m model) watchUpdate(msg tea.Msg) (model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case watchStartedMsg:
		if msg.err != nil {
			m.sh.Fail("error.watch", msg.err)
			return m, nil, true
		}
		m.watch = msg.ch
		return m, nextChange(m.watch), true
	case watchEndedMsg:
		m.watch = nil
		m.away = false // no feed to say it is back: say nothing
		return m, nil, true
	case linkMsg:
		m.away = msg.away
		return m, nextChange(m.watch), true
	case ui.ChangedMsg:
		mm, cmd := m.broadcast(msg)
		next := mm.(model)
		return next, tea.Batch(cmd, nextChange(next.watch)), true
	}
	return m, nil, false
}
