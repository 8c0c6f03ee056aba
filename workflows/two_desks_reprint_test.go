package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// Two supervisors at two desks approve the same reprint at once (on
// both backends: PostgreSQL in its pass): one approval is recorded and
// one new letter queued; the other desk is told, in words, that the
// request was already decided and by whom, not an internal error.
func TestTwoDesksApproveTheSameReprintOnce(t *testing.T) {
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
	c := e.issued()
	if _, err := e.svc.PrintLetters(e.ctx, "alice", t.TempDir()); err != nil {
		t.Fatal(err)
	}
	ls, _ := e.st.LettersOfCase(e.ctx, c.ID)
	if _, err := e.svc.RequestReprint(e.ctx, testOperator, ReprintRequest{LetterID: ls[0].ID, Reason: "宛先不明で返送"}); err != nil {
		t.Fatal(err)
	}
	items, err := desk2.Approvals(e.ctx)
	if err != nil || len(items) != 1 {
		t.Fatalf("approvals: %v %v", items, err)
	}
	errs := make(chan error, 2)
	go func() { errs <- e.svc.ApproveItem(e.ctx, "bob", items[0]) }()
	go func() { errs <- desk2.ApproveItem(e.ctx, "carol", items[0]) }()
	ok := 0
	for range 2 {
		err := <-errs
		if err == nil {
			ok++
			continue
		}
		if code := ErrorCode(err); code != ECONFLICT && code != ESTATE {
			t.Errorf("the second approval: %v (code %q), want a conflict", err, code)
		}
		for _, lang := range []string{"ja", "en"} {
			m := Message(err, lang)
			if m == Message(refuse(EINTERNAL, "internal"), lang) || !strings.Contains(m, items[0].Request.No()) {
				t.Errorf("the second desk reads %q: want the request named and what happened", m)
			}
		}
	}
	if ok != 1 {
		t.Fatalf("%d approvals succeeded, want 1", ok)
	}
	after, err := e.st.LettersOfMember(e.ctx, c.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	queued := 0
	for _, l := range after {
		if l.State == store.LetterQueued {
			queued++
		}
	}
	if queued != 1 {
		t.Errorf("%d letters queued for the member after two approvals, want the one reprint", queued)
	}
	checkInvariants(t, e.st)
}
