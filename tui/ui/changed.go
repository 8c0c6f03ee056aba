package ui

import "spdesk/workflows"

// ChangedMsg is a change another desk (or this one) committed, from the
// desk's change feed; the root hands it to every page. It carries no
// record: a page showing the member, case, card or letter it names reads
// it again through the desk, and leaves what the operator is typing alone.
type ChangedMsg struct {
	workflows.Change
}
