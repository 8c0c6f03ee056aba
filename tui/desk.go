package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
)

// The desk keys (operators.go) are the root's: they work on every page of
// the stack, before the page sees them. No page binds them; the one text
// area (a withdrawal's reason) loses its ctrl+t and ctrl+g (transpose,
// select all), which the console never offered: what was typed waits
// beneath the page the key opened. Where a desk key cannot act the status
// line says why: on the sign-in and lock gate (nothing is open yet), and
// for a page that is open already, one of each (the card test owns the one
// reader watcher; esc leads back the way the operator came).

// deskPage is the page each desk key opens.
func (k deskKeys) page(msg tea.KeyPressMsg) (ui.PageKind, bool) {
	switch {
	case key.Matches(msg, k.Letters):
		return ui.PageLetters, true
	case key.Matches(msg, k.CardTest):
		return ui.PageCardTest, true
	case key.Matches(msg, k.Queues):
		return ui.PageQueues, true
	case key.Matches(msg, k.Audit):
		return ui.PageAudit, true
	case key.Matches(msg, k.KB):
		return ui.PageKB, true
	case key.Matches(msg, k.NewCall):
		return ui.PageCall, true
	case key.Matches(msg, k.Reports):
		return ui.PageReports, true
	}
	return ui.PageNone, false
}

func (k deskKeys) matches(msg tea.KeyPressMsg) bool {
	_, ok := k.page(msg)
	return ok || key.Matches(msg, k.Operator)
}

// deskKey does what a desk key asks, from whatever page is on top; ok is
// false for every other key.
func (m model) deskKey(msg tea.KeyPressMsg) (model, tea.Cmd, bool) {
	if h, holding := m.top().(ui.KeyHolder); holding && h.HoldsKeys() {
		return m, nil, false
	}
	if key.Matches(msg, m.keys.Desk.Operator) {
		m.sh.NextOperator()
		return m, nil, true
	}
	p, ok := m.keys.Desk.page(msg)
	if !ok {
		return m, nil, false
	}
	if p == ui.PageCall && m.sh.Opts.Service == nil {
		m.sh.Banner = m.sh.Cat.T("call.readonly") // no call is logged in a read-only console
		return m, nil, true
	}
	if why := m.deskRefusal(p); why != "" {
		m.sh.Banner = why
		return m, nil, true
	}
	mm, cmd := m.resolve(nil, ui.OpenPage(p), nil)
	return mm, cmd, true
}

// deskRefusal says why p cannot open now, or "" when it can: one page of
// each kind, so a second card test does not start a second reader watcher
// and esc always leads back the way the operator came.
func (m model) deskRefusal(p ui.PageKind) string {
	for i := len(m.stack) - 1; i >= 0; i-- {
		s := m.stack[i]
		if s.Kind() != p {
			continue
		}
		if i == len(m.stack)-1 {
			return m.sh.Cat.F("desk.here", "page", s.Title())
		}
		return m.sh.Cat.F("desk.below", "page", s.Title())
	}
	return ""
}
