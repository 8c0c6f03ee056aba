package workflows

import (
	"context"

	"spdesk/store"
)

// Watch is the feed of changes between desks: every change committed
// after the call, by this desk or any other, in the order committed, until
// ctx ends (then the channel closes). A Change names its audit row, the
// step's action, the operator, and the member, case, card and letter it
// touched (0 where none): a page showing one of them reloads it, and the
// queues and approvals reload on any change to a case. It arrives within
// about a second (PostgreSQL: LISTEN/NOTIFY at the commit; SQLite: the
// file's data_version, polled). A lost connection is taken again and no
// change is skipped. The feed carries no data of the records themselves:
// the page reads them again through the Desk, with the reader's checks.
//
// On PostgreSQL the feed also tells when the database stops answering
// (a Change whose Link is LinkLost: the server restarted, the network
// dropped; this desk's reads and steps fail meanwhile) and when it
// answers again (LinkBack, before the changes made meanwhile). The
// console shows "reconnecting" in between; nothing on screen is lost.
//
// The feed never writes: a page must not reload over the operator's own
// unsaved input; it marks itself stale instead and reloads when the input
// is saved or dropped.
func (s *Service) Watch(ctx context.Context) (<-chan Change, error) {
	ch, err := s.st.Watch(ctx)
	if err != nil {
		return nil, s.wrapStore(err, "watch")
	}
	return ch, nil
}

// Link is the feed's word on the connection to the database (Watch).
type Link = store.Link

const (
	LinkLost = store.LinkLost // the database does not answer; the feed keeps trying
	LinkBack = store.LinkBack // it answers again
)
