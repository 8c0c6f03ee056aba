package workflows

import (
	"context"
	"testing"
	"time"

	"spdesk/store"
)

// A desk watching sees what another desk (its own connection, its own
// Service, as another process would have) commits: the case it opened and
// the member it is about, then the identity check on that case, in commit
// order; a refused step, which commits nothing, sends nothing.
func TestWatchSeesAnotherDesksChanges(t *testing.T) {
	e := newEnv(t, 2, 0)
	other, err := store.OpenWith(e.ctx, e.path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	desk2, err := New(other, WithClock(e.clock), WithPasswordParams(testParams))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	feed, err := e.svc.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What was committed before Watch is not sent again.
	id := e.std[0]
	r, err := desk2.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset})
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
		case <-time.After(3 * time.Second): // the feed promises about a second
			t.Fatalf("%s: no change arrived", what)
		}
		return Change{}
	}
	c := next("open case")
	if c.MemberID != id || c.CaseID != r.Case.ID || c.Operator != "op1" || c.Action == "" {
		t.Errorf("open case: got %+v, want member %d case %d by op1", c, id, r.Case.ID)
	}
	// A refused step (a stale version) commits nothing: the next change is the real step.
	if _, _, err := desk2.CheckIdentity(e.ctx, "op1", CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version + 7, Answers: goodAnswers()}); err == nil {
		t.Fatal("a stale step was taken")
	}
	r2, _, err := desk2.CheckIdentity(e.ctx, "op1", CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, Answers: goodAnswers()})
	if err != nil {
		t.Fatal(err)
	}
	c2 := next("identity check")
	if c2.CaseID != r.Case.ID || c2.AuditID <= c.AuditID {
		t.Errorf("identity check: got %+v after %+v (case now version %d)", c2, c, r2.Case.Version)
	}
	cancel()
	for range feed { // the feed closes when its context ends
	}
}
