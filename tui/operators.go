package tui

import (
	"charm.land/bubbles/v2/key"

	"spdesk/tui/ui"
)

// deskKeys are the root's keys on every page (desk.go): the desk's pages
// and the acting operator. They are control keys because text fields take
// every printable one, and none that a text field uses.
type deskKeys struct {
	Letters  key.Binding
	Operator key.Binding
	CardTest key.Binding
	// Audit opens the audit trail. ctrl+r ("records"): a textinput does
	// not use it, and it is no flow-control key.
	Audit key.Binding
	// Queues opens the supervisor's work queues. ctrl+g because a
	// textinput owns ctrl+w (delete word) and ctrl+q/ctrl+s are flow
	// control on some terminals.
	Queues key.Binding
	// KB opens the knowledge base (no member: procedures start from the
	// member screen's f). ctrl+x because a textinput owns ctrl+k (delete
	// to the end).
	KB key.Binding
	// NewCall logs a call from a caller not identified (a member's call
	// starts when the member is opened). f2: the search and the knowledge
	// base move with ctrl+n, and a text field takes no function key.
	NewCall key.Binding
	// Reports opens the supervisors' call report. ctrl+y: no textinput
	// binding, no flow control.
	Reports key.Binding
}

func newDeskKeys(c ui.Catalog) deskKeys {
	return deskKeys{
		Letters:  key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", c.T("key.letters"))),
		Operator: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", c.T("key.operator"))),
		CardTest: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", c.T("key.cardtest"))),
		Audit:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", c.T("key.audit"))),
		Queues:   key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", c.T("key.queues"))),
		KB:       key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", c.T("key.kb"))),
		NewCall:  key.NewBinding(key.WithKeys("f2"), key.WithHelp("f2", c.T("key.newcall"))),
		Reports:  key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", c.T("key.reports"))),
	}
}

// operators is who may act in this console, the first being who starts:
// Options.Operators, else just Options.Operator. The demo signs in two
// accounts, its operator and its supervisor, and ctrl+o switches the
// signed-in account between them (the root reads the account, lock.go), so
// a trainee can approve a cancellation as the second person. A console
// where someone signed in has only that account.

// nextOperator makes the next operator in the list the acting one.
