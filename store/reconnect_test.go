package store

import (
	"context"
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
