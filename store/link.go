package store

import (
	"context"
	"errors"
	"io/fs"
	"sync/atomic"
)

// The link to a PostgreSQL server: whether the last connection made or
// statement run reached it. Every connection and statement of both pools
// passes through the driver wrapper (dialect_pg_driver.go), which keeps it
// here, so a desk learns the server is away from whichever of its reads,
// writes or its change feed met it first. The change feed reports it
// (Watch: a Change whose Link is set): the console shows "reconnecting"
// while it is away and clears it when a statement gets through again.

// Link is the change feed's word on its connection; an ordinary change
// has none.
type Link int

const (
	// LinkNone: an ordinary change, an audit row.
	LinkNone Link = iota
	// LinkLost: the database cannot be reached (the server restarted, the
	// network dropped). The feed tries again every second; reads and
	// writes meanwhile fail with a lost-connection error.
	LinkLost
	// LinkBack: the database answers again; the changes committed while
	// it was away follow, none skipped.
	LinkBack
)

// linkState is whether the server is away; zero: reached. SQLite has
// none (a file is never "away"): its Store holds nil.
type linkState struct{ away atomic.Bool }

// saw records the outcome of a connection or statement: a lost
// connection marks the server away, anything else that reached it marks
// it back. A statement cancelled by its caller's context says nothing.
func (l *linkState) saw(ctx context.Context, err error) {
	if l == nil || ctx.Err() != nil {
		return
	}
	switch {
	case err == nil:
		l.away.Store(false)
	case lostConnection(err):
		l.away.Store(true)
	}
}

// connectFailed records a connection that could not be made: the server
// is away (or refusing everyone, which the desk cannot tell from away).
func (l *linkState) connectFailed(ctx context.Context) {
	if l != nil && ctx.Err() == nil {
		l.away.Store(true)
	}
}

func (l *linkState) isAway() bool { return l != nil && l.away.Load() }

// ConnectionLost reports whether err is a statement or write that failed
// because the connection to the database was lost (or could not be made
// again), rather than refused by the database: what the operator can do
// about it is wait for the server and try again. ErrCommitUnknown is one
// too, but its outcome is not known: callers test for it first.
func ConnectionLost(err error) bool {
	var pe *fs.PathError // a file's error (the spool), whatever it wraps
	return err != nil && (errors.Is(err, ErrCommitUnknown) || lostConnection(err) && !errors.As(err, &pe))
}
