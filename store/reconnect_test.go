package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// PostgreSQL restarted under a desk (here: every connection of the
// application's role ended by the server): the next write takes a new
// connection and goes through, once, instead of failing the operator's
// step with "conn closed".
func TestWriteAfterLostConnectionReconnects(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	write := func(note string) error {
		return s.Write(ctx, time.Now(), func(tx *Tx) error {
			return tx.AppendAudit(&AuditEvent{Operator: "desk", Action: "test.reconnect", Note: note})
		})
	}
	if err := write("before"); err != nil {
		t.Fatal(err)
	}
	admin := pgtest.Admin(t)
	if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE usename = '`+pgtest.Role+`' AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	if err := write("after"); err != nil {
		t.Fatalf("the write after the server ended the connections: %v", err)
	}
	n, err := s.LastAuditID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d audit rows, want 2: the write was lost or done twice", n)
	}
	v, err := s.VerifyAudit(ctx)
	if err != nil || !v.OK() {
		t.Errorf("audit chain after the reconnect: %+v %v", v, err)
	}
}

// The connection is lost while the COMMIT is on its way. Whether the
// server had it or not, the write is looked up by its key: it ends saved
// exactly once and the desk is told it was saved. When the server stays
// away the outcome is unknown and the desk is told so, not told it
// failed; the write, once the server is back, is there once.
func TestLostCommitIsSettledByItsWriteKey(t *testing.T) {
	ctx := context.Background()
	direct := pgtest.URL(t)
	proxy, url := pgtest.NewProxy(t, direct)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	write := func(note string) error {
		return s.Write(ctx, time.Now(), func(tx *Tx) error {
			return tx.AppendAudit(&AuditEvent{Operator: "desk", Action: "test.commit", Note: note})
		})
	}
	db := rawPG(t, direct)
	saved := func(note string) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit WHERE note = $1`, note).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := write("before"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		fault pgtest.CommitFault
	}{{"answer lost", pgtest.LoseReply}, {"commit lost", pgtest.DropCommit}} {
		hit := proxy.CutAtCommit(c.fault)
		if err := write(c.name); err != nil {
			t.Errorf("%s: Write = %v, want it settled as saved", c.name, err)
		}
		select {
		case <-hit:
		default:
			t.Fatalf("%s: the COMMIT never passed the proxy: the fault was not tried", c.name)
		}
		if n := saved(c.name); n != 1 {
			t.Errorf("%s: saved %d times, want once", c.name, n)
		}
	}

	hit := proxy.CutAtCommit(pgtest.LoseReplyAndStay)
	err = write("server away")
	<-hit
	if !errors.Is(err, ErrCommitUnknown) {
		t.Errorf("with the server away after the COMMIT: Write = %v, want ErrCommitUnknown", err)
	}
	proxy.Restore()
	if n := saved("server away"); n != 1 {
		t.Errorf("the write whose answer was lost is there %d times, want once (the server had it)", n)
	}
	if err := write("after"); err != nil {
		t.Fatalf("a write once the server is back: %v", err)
	}
	if n, err := s.LastAuditID(ctx); err != nil || n != 5 {
		t.Errorf("%d audit rows (%v), want 5", n, err)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Errorf("audit chain: %+v %v", v, err)
	}
}
