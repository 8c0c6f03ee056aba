package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/pages/member"
	"spdesk/tui/pages/signin"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The call log at the root: the member page and the unidentified
// caller's page hold their calls (tui/pages/member); the root tells them
// which knowledge-base article the operator read (the article page
// belongs to no call), and at sign-in offers the calls the operator left
// open for their wrap-up.

// articleShower is a page showing a knowledge-base article (the
// knowledge page): ShownArticle is its id, "" when none was read.
type articleShower interface{ ShownArticle() string }

// articleUsed tells the pages beneath that from's article was read, as
// from asks to close or open another page: what the operator looked at
// during the call suggests its reason. It is given at once, not through
// a command, so the esc that follows finds the wrap-up suggestion ready.
func (m model) articleUsed(from ui.Page) model {
	a, ok := from.(articleShower)
	if !ok {
		return m
	}
	id := a.ShownArticle()
	if id == "" {
		return m
	}
	stack := make([]ui.Page, len(m.stack))
	for i, s := range m.stack {
		if s == from {
			stack[i] = s
			continue
		}
		stack[i], _ = s.Update(member.ArticleUsedMsg{ID: id})
	}
	m.stack = stack
	return m
}

// openCallsMsg answers the read of the calls op left open.
type openCallsMsg struct {
	op    string
	calls []workflows.Call
	err   error
}

// offerOpenCalls reads the calls the acting operator left open, for
// their wrap-up; not in a read-only console.
func (m model) offerOpenCalls() tea.Cmd {
	svc, op := m.sh.Opts.Service, m.sh.Operator
	if svc == nil || op == "" {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		calls, err := svc.OpenCallsOf(ctx, op)
		return openCallsMsg{op: op, calls: calls, err: err}
	})
}

// openCalls opens the offer when op, still the one acting, left calls
// open; ok is false for every other message.
func (m model) openCalls(msg tea.Msg) (model, tea.Cmd, bool) {
	oc, ok := msg.(openCallsMsg)
	if !ok {
		return m, nil, false
	}
	if oc.err != nil {
		m.sh.Fail("error.opencalls", oc.err)
		return m, nil, true
	}
	if oc.op != m.sh.Operator || len(oc.calls) == 0 || m.deskRefusal(ui.PageCall) != "" {
		return m, nil, true
	}
	p := member.NewOpenCalls(m.sh, oc.calls)
	p.SetSize(m.bodySize())
	m.stack = append(m.stack[:len(m.stack):len(m.stack)], p)
	return m, p.Init(), true
}

// freshSignIn reports whether gate is the sign-in form (not the lock
// screen, under which the operator's calls are still on the stack).
func freshSignIn(gate ui.Page) bool {
	s, ok := gate.(*signin.Page)
	return ok && !s.Locked()
}
