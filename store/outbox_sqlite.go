package store

import (
	"context"
	"sync"
	"time"
)

// The outbox's wake-up, SQLite's way. A deliverer in this process (the
// demo, the benchmark) is woken at the commit itself; one in another
// process polls PRAGMA data_version, which changes when any other
// connection commits and costs a read of shared memory, no I/O. On
// PostgreSQL the same WaitForEvents is a LISTEN on the channel a trigger
// NOTIFYs.

// pollEvery is how often another process's commits are looked for.
const pollEvery = 20 * time.Millisecond

// wake is a broadcast: the channel is closed and replaced at each commit
// that wrote an event.
type wake struct {
	mu sync.Mutex
	ch chan struct{}
}

func (w *wake) wait() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

func (w *wake) broadcast() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
}

// WaitForEvents returns when a commit may have written an event (here or
// in another process), when max has passed, or when ctx ends. It may
// return early for a commit without events: the caller looks and waits
// again.
func (s *Store) WaitForEvents(ctx context.Context, max time.Duration) error {
	woken := s.wake.wait()
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// PostgreSQL until LISTEN/NOTIFY (issue 13): the newest event's id,
	// polled the same way; an id is never reused.
	q := `PRAGMA data_version`
	if s.pg {
		q = `SELECT coalesce(max(id), 0) FROM outbox`
	}
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, q).Scan(&v)
		return v, err
	}
	start, err := version()
	if err != nil {
		return err
	}
	deadline := time.NewTimer(max)
	defer deadline.Stop()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-woken:
			return nil
		case <-deadline.C:
			return nil
		case <-tick.C:
			v, err := version()
			if err != nil || v != start {
				return err
			}
		}
	}
}
