package store

import (
	"context"
	"time"
)

// The change feed. Every change to members, cards, cases, letters and
// calls is written with its audit row in the same transaction, so the
// audit trail is the feed: a watcher reads the rows after the last one it
// saw. What differs is only how it learns there are new ones: on
// PostgreSQL each write that appends audit rows NOTIFYs changesChannel at
// its commit and the watcher LISTENs; on SQLite the watcher polls PRAGMA
// data_version, which changes when any other connection commits and costs
// a read of shared memory, no I/O.

// Change is one recorded change: its audit row's action and what it names
// (0: nothing of that kind).
type Change struct {
	AuditID  int64
	Action   string
	Operator string
	MemberID int64
	CaseID   int64
	CardID   int64
	LetterID int64
	// Link, when set, is news of the feed's connection instead of a
	// change (Watch): its other fields are zero.
	Link Link
}

const changesChannel = "spdesk_changes"

// watchFallback bounds the wait for a notification that never came (a
// connection that dropped and came back): the feed looks at least this
// often.
const watchFallback = time.Second

// ChangesAfter lists up to limit changes after audit row afterID, oldest
// first.
func (s *Store) ChangesAfter(ctx context.Context, afterID int64, limit int) ([]Change, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, action, operator, coalesce(member_id, 0), coalesce(case_id, 0),
		coalesce(card_id, 0), coalesce(letter_id, 0) FROM audit WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.AuditID, &c.Action, &c.Operator, &c.MemberID, &c.CaseID, &c.CardID, &c.LetterID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Watch sends every change committed after it was called, by this
// process or any other desk, until ctx ends; then it closes the channel.
// A lost connection is taken again and nothing committed meanwhile is
// missed (the feed resumes after the last audit row it sent). A watcher
// that does not keep up holds the feed back; it never loses a change.
//
// On PostgreSQL the feed also says when the database stops answering
// (its own connection failed, or any read or write of this Store met a
// lost connection: link.go) with a Change whose Link is LinkLost, and
// when it answers again with LinkBack, before the changes made
// meanwhile. Such a Change names no audit row.
func (s *Store) Watch(ctx context.Context) (<-chan Change, error) {
	last, err := s.LastAuditID(ctx)
	if err != nil {
		return nil, err
	}
	f := &feed{out: make(chan Change, 64), last: last}
	go func() {
		defer close(f.out)
		for ctx.Err() == nil {
			err := s.watchOn(ctx, f)
			if ctx.Err() != nil {
				return
			}
			if s.pg && err != nil {
				s.link.connectFailed(ctx) // the feed's own connection counts too
				f.report(ctx, LinkLost)
			}
			// Take another connection after a pause.
			select {
			case <-ctx.Done():
			case <-time.After(watchFallback):
			}
		}
	}()
	return f.out, nil
}

// feed is one watcher's position: the last audit row sent and the last
// word on the link.
type feed struct {
	out  chan Change
	last int64
	link Link // LinkNone or LinkBack: reached; LinkLost: away
}

// report sends news of the link when it differs from the last sent.
func (f *feed) report(ctx context.Context, l Link) {
	if (l == LinkLost) == (f.link == LinkLost) {
		return
	}
	select {
	case f.out <- Change{Link: l}:
		f.link = l
	case <-ctx.Done():
	}
}

// watchQueryTimeout bounds a look at the audit trail, so a network that
// dropped without closing the socket shows as lost, not as quiet.
const watchQueryTimeout = 5 * time.Second

// watchOn runs the feed on one connection until it fails or ctx ends.
func (s *Store) watchOn(ctx context.Context, f *feed) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var wait func() error
	if s.pg {
		if _, err := conn.ExecContext(ctx, `LISTEN `+changesChannel); err != nil {
			return err
		}
		// The connection goes back to the pool afterwards: stop listening.
		defer conn.ExecContext(context.WithoutCancel(ctx), `UNLISTEN `+changesChannel)
		wait = func() error {
			return conn.Raw(func(dc any) error {
				wctx, cancel := context.WithTimeout(ctx, watchFallback)
				defer cancel()
				_, err := dc.(*pgConn).Conn.Conn().WaitForNotification(wctx)
				if wctx.Err() != nil && ctx.Err() == nil {
					return nil // the fallback look
				}
				return err
			})
		}
	} else {
		var version int64
		read := func() (int64, error) {
			var v int64
			err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
			return v, err
		}
		if version, err = read(); err != nil {
			return err
		}
		wait = func() error {
			tick := time.NewTicker(pollEvery)
			defer tick.Stop()
			deadline := time.Now().Add(watchFallback)
			for time.Now().Before(deadline) {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-tick.C:
				}
				v, err := read()
				if err != nil || v != version {
					version = v
					return err
				}
			}
			return nil
		}
	}
	for {
		if err := s.sendChanges(ctx, f); err != nil {
			return err
		}
		if err := wait(); err != nil {
			return err
		}
		if s.link.isAway() {
			// Another read or write of this desk lost its connection:
			// say so now; the next look tells whether it is back.
			f.report(ctx, LinkLost)
		}
	}
}

// sendChanges sends what was committed after f.last.
func (s *Store) sendChanges(ctx context.Context, f *feed) error {
	for {
		qctx, cancel := context.WithTimeout(ctx, watchQueryTimeout)
		cs, err := s.ChangesAfter(qctx, f.last, 500)
		cancel()
		if err != nil {
			return err
		}
		f.report(ctx, LinkBack) // the look got through: the database answers
		for _, c := range cs {
			select {
			case f.out <- c:
				f.last = c.AuditID
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if len(cs) < 500 {
			return nil
		}
	}
}
