package store

import (
	"context"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// The database goes away under a desk's change feed (here: every
// connection through the proxy ended and new ones refused, as when the
// server restarts): the feed says LinkLost, then LinkBack once it
// answers again, and the change another desk committed meanwhile
// follows, not skipped. A read of the desk that meets the lost
// connection marks it away too.
func TestWatchReportsALostAndRegainedLink(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	direct := pgtest.URL(t)
	proxy, url := pgtest.NewProxy(t, direct)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(ctx, direct)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	feed, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := func(what string) Change {
		t.Helper()
		select {
		case c, ok := <-feed:
			if !ok {
				t.Fatalf("%s: the feed closed", what)
			}
			return c
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: nothing came", what)
		}
		return Change{}
	}
	write := func(st *Store, note string) {
		t.Helper()
		if err := st.Write(ctx, time.Now(), func(tx *Tx) error {
			return tx.AppendAudit(&AuditEvent{Operator: "desk2", Action: "test.link", Note: note})
		}); err != nil {
			t.Fatal(err)
		}
	}
	write(other, "before")
	if c := next("a change before the cut"); c.Link != LinkNone || c.AuditID == 0 {
		t.Fatalf("first: %+v, want an ordinary change", c)
	}

	proxy.Cut()
	if c := next("the cut"); c.Link != LinkLost || c.AuditID != 0 {
		t.Fatalf("after the cut: %+v, want LinkLost", c)
	}
	if _, err := s.LastAuditID(ctx); err == nil || !ConnectionLost(err) {
		t.Errorf("a read while away: %v, want a lost connection", err)
	}
	write(other, "meanwhile") // another desk, still reaching the server
	proxy.Restore()
	if c := next("the restore"); c.Link != LinkBack {
		t.Fatalf("after the restore: %+v, want LinkBack", c)
	}
	if c := next("the change made meanwhile"); c.Link != LinkNone || c.Operator != "desk2" || c.AuditID != 2 {
		t.Fatalf("after the restore: %+v, want audit row 2 by desk2", c)
	}
}
