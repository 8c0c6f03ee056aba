package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Two desks on PostgreSQL with a member each: the second desk's step
// (audit row and all) commits while the first one's transaction is still
// open. Under one writers' lock for everything it would wait, and the
// test sees it waiting in pg_locks.
func TestPostgresMemberWritesRunSideBySide(t *testing.T) {
	ctx := context.Background()
	db := testDBOn(t, true)
	a, _ := testStoreAt(t, db, 2)
	b := openDesk(t, db)
	inA, release := make(chan struct{}), make(chan struct{})
	aDone := holdOpen(ctx, a, 1, inA, release)
	defer close(release)
	<-inA

	bDone := make(chan error, 1)
	go func() {
		bDone <- b.WriteMember(ctx, time.Now(), 2, func(tx *Tx) error {
			m, err := tx.Member(2)
			if err != nil {
				return err
			}
			if err := tx.UpdateMemberContact(2, m.Version, m.PostalCode, m.Address, "0312345678", m.Email); err != nil {
				return err
			}
			return tx.AppendAudit(&AuditEvent{Operator: "desk2", Action: "case.note", MemberID: 2})
		})
	}()
	if err := untilDoneOrWaiting(t, a, bDone); err != nil {
		t.Fatalf("the write on member 2 waited for the open write on member 1: %v", err)
	}
	release <- struct{}{}
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	rows, err := a.AuditAfter(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Operator != "desk2" || rows[1].Operator != "desk1" {
		t.Fatalf("audit rows %+v, want desk2's then desk1's (in commit order)", rows)
	}
	if v, err := a.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Fatalf("verify: %+v, %v", v, err)
	}
}

// Writes on one member take turns, and a write on the whole database
// waits for every member's write: both are seen waiting in pg_locks while
// the first write is open, and both go through once it commits.
func TestPostgresWritesOnOneMemberTakeTurns(t *testing.T) {
	ctx := context.Background()
	db := testDBOn(t, true)
	a, _ := testStoreAt(t, db, 2)
	b := openDesk(t, db)
	for _, second := range []struct {
		name  string
		write func(fn func(*Tx) error) error
	}{
		{"same member", func(fn func(*Tx) error) error { return b.WriteMember(ctx, time.Now(), 1, fn) }},
		{"whole database", func(fn func(*Tx) error) error { return b.Write(ctx, time.Now(), fn) }},
	} {
		inA, release := make(chan struct{}), make(chan struct{})
		aDone := holdOpen(ctx, a, 1, inA, release)
		<-inA
		bDone := make(chan error, 1)
		go func() {
			bDone <- second.write(func(tx *Tx) error {
				return tx.AppendAudit(&AuditEvent{Operator: "desk2", Action: "case.note", MemberID: 1})
			})
		}()
		if err := untilDoneOrWaiting(t, a, bDone); err == nil {
			close(release)
			t.Fatalf("%s: the second write committed while the first was open", second.name)
		}
		release <- struct{}{}
		if err := <-aDone; err != nil {
			t.Fatal(err)
		}
		if err := <-bDone; err != nil {
			t.Fatal(err)
		}
		close(release)
	}
	rows, err := a.AuditAfter(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, r := range rows {
		ops = append(ops, r.Operator)
	}
	if fmt.Sprint(ops) != "[desk1 desk2 desk1 desk2]" {
		t.Fatalf("audit rows by %v, want each first write before the one that waited", ops)
	}
}

// Many desks hammering the cases of three members: each step reads its
// case's counter and writes it back one higher, with an outbox event and
// its audit row. Not one step is refused as stale (the member's writes
// take turns), none is lost, the chain is whole, each member's events are
// in order and no write left its member.
func TestMemberWritesHammerOneCase(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	s, _ := testStoreAt(t, db, 3)
	var cases [3]int64
	err := s.Write(ctx, time.Now(), func(tx *Tx) error {
		for i := range cases {
			c := Case{Type: CaseNameChange, State: StateOpened, MemberID: int64(i + 1), OpenedBy: "op", AssignedTo: "op", Note: "0"}
			if err := tx.InsertCase(&c); err != nil {
				return err
			}
			cases[i] = c.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const desks, steps = 6, 12
	stores := []*Store{s}
	for range 2 {
		stores = append(stores, openDesk(t, db))
	}
	var wg sync.WaitGroup
	errs := make(chan error, desks*steps)
	for d := range desks {
		st := stores[d%len(stores)]
		wg.Go(func() {
			for i := range steps {
				k := (d + i) % len(cases)
				err := st.WriteMember(ctx, time.Now(), int64(k+1), func(tx *Tx) error {
					c, err := tx.Case(cases[k])
					if err != nil {
						return err
					}
					n, _ := strconv.Atoi(c.Note)
					c.Note = strconv.Itoa(n + 1)
					if err := tx.UpdateCase(&c); err != nil {
						return err
					}
					m, err := tx.Member(c.MemberID)
					if err != nil {
						return err
					}
					if err := tx.SetPasswordState(m.ID, m.Version, PasswordLocked); err != nil { // an outbox event
						return err
					}
					return tx.AppendAudit(&AuditEvent{Operator: fmt.Sprintf("desk%d", d), Action: "case.note",
						MemberID: c.MemberID, CaseID: c.ID, FromState: c.State, ToState: c.State, Note: c.Note})
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for _, id := range cases {
		c, err := s.CaseByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(c.Note)
		total += n
	}
	if total != desks*steps {
		t.Errorf("the cases count %d steps, want %d: an update was lost", total, desks*steps)
	}
	v, err := s.VerifyAudit(ctx)
	if err != nil || !v.OK() || v.Rows != desks*steps {
		t.Errorf("verify: %+v, %v; want an unbroken chain of %d rows", v, err, desks*steps)
	}
	// Each member's events are numbered 1, 2, 3… and their ids rise with
	// their numbers; all of them are there.
	evs, err := s.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != desks*steps {
		t.Errorf("%d events, want %d", len(evs), desks*steps)
	}
	seq := map[string]int64{}
	for _, e := range evs {
		if seq[e.Subject]++; e.Seq != seq[e.Subject] {
			t.Errorf("event #%d of %s is number %d, want %d", e.ID, e.Subject, e.Seq, seq[e.Subject])
		}
	}
	for _, st := range stores {
		if n := st.ScopeFallbacks(); n != 0 {
			t.Errorf("%d writes left their member", n)
		}
	}
}

// A member's write that reads another member's row is rolled back and
// run again alone, even when fn ignored the refusal: it commits once, with
// the other member's change, and is counted.
func TestWriteMemberOutsideItsMemberRunsAlone(t *testing.T) {
	ctx := context.Background()
	s, _ := testStore(t, 2)
	runs := 0
	err := s.WriteMember(ctx, time.Now(), 1, func(tx *Tx) error {
		runs++
		m, err := tx.Member(2)
		if err != nil && !errors.Is(err, ErrOutOfScope) {
			return err
		}
		if runs == 1 {
			if !errors.Is(err, ErrOutOfScope) {
				t.Errorf("member 2 read in member 1's write: %v, want ErrOutOfScope", err)
			}
			return nil // as if fn went on regardless: it must not commit
		}
		if err := tx.SetPasswordState(2, m.Version, PasswordLocked); err != nil {
			return err
		}
		return tx.AppendAudit(&AuditEvent{Operator: "op", Action: "password.lock", MemberID: 2})
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 || s.ScopeFallbacks() != 1 {
		t.Fatalf("fn ran %d times, %d fallbacks; want 2 and 1", runs, s.ScopeFallbacks())
	}
	if n, err := s.CountAudit(ctx); err != nil || n != 1 {
		t.Fatalf("%d audit rows (%v), want 1", n, err)
	}
	if evs, err := s.MemberEvents(ctx, 2); err != nil || len(evs) != 1 {
		t.Fatalf("member 2's events %+v (%v), want the one lock", evs, err)
	}
}

// openDesk opens another store on db, as another desk would.
func openDesk(t *testing.T, db string) *Store {
	t.Helper()
	s, err := Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// holdOpen runs a write on member that changes the member, closes in and
// then waits for release before it appends its audit row (as "desk1")
// and commits; the result comes on the channel returned.
func holdOpen(ctx context.Context, s *Store, member int64, in chan struct{}, release chan struct{}) <-chan error {
	done := make(chan error, 1)
	var once sync.Once
	go func() {
		done <- s.WriteMember(ctx, time.Now(), member, func(tx *Tx) error {
			m, err := tx.Member(member)
			if err != nil {
				return err
			}
			if err := tx.UpdateMemberContact(member, m.Version, m.PostalCode, m.Address, m.Phone, "desk1@example.jp"); err != nil {
				return err
			}
			once.Do(func() { close(in) })
			<-release
			return tx.AppendAudit(&AuditEvent{Operator: "desk1", Action: "case.note", MemberID: member})
		})
	}()
	return done
}

// untilDoneOrWaiting waits for done without a clock: it returns done's
// result, or an error as soon as a session of the database waits on a
// lock (the write behind done is stuck behind another).
func untilDoneOrWaiting(t *testing.T, s *Store, done <-chan error) error {
	t.Helper()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return nil
		default:
		}
		var n int
		if err := s.read.QueryRow(`SELECT count(*) FROM pg_locks WHERE NOT granted
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return errors.New("a session waits on a lock")
		}
	}
}
