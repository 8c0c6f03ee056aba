package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// Two supervisors at two desks approve the same cancellation at the same
// moment: one approval is recorded, the other desk is told someone got
// there first (a conflict or the new state), and the case moves once.
func TestTwoDesksApproveTheSameItemOnce(t *testing.T) {
	e := newEnv(t, 1, 0)
	other, err := store.OpenWith(e.ctx, e.path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	desk2, err := New(other, WithClock(e.clock), WithPasswordParams(testParams))
	if err != nil {
		t.Fatal(err)
	}
	id := e.std[0]
	c := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CaseCancellation}))
	r, _, err := e.svc.CheckIdentity(e.ctx, "op1", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: goodAnswers()})
	if err != nil {
		t.Fatal(err)
	}
	c = must(t)(e.svc.MailForm(e.ctx, "op1", MailFormRequest{CaseID: c.ID, CaseVersion: r.Case.Version, NoRefundNoticeGiven: true}))
	c = must(t)(e.svc.ReceiveForm(e.ctx, "op1", stepOf(c)))
	items, err := e.svc.Approvals(e.ctx)
	if err != nil || len(items) != 1 {
		t.Fatalf("approvals: %v %v", items, err)
	}
	errs := make(chan error, 2)
	go func() { errs <- e.svc.ApproveItem(e.ctx, "alice", items[0]) }()
	go func() { errs <- desk2.ApproveItem(e.ctx, "bob", items[0]) }()
	var ok int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case ErrorCode(err) != ECONFLICT && ErrorCode(err) != ESTATE:
			t.Errorf("the second approval: %v (code %q), want a conflict", err, ErrorCode(err))
		}
	}
	if ok != 1 {
		t.Fatalf("%d approvals succeeded, want 1", ok)
	}
	evs, err := e.svc.AuditOfCase(e.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	approvals := 0
	for _, ev := range evs {
		if strings.Contains(ev.Action, string(ActApprove)) {
			approvals++
		}
	}
	if got := e.caseRec(c.ID); approvals != 1 || got.Version != c.Version+1 {
		t.Errorf("%d approval rows, case version %d after %d: the case moved more than once", approvals, got.Version, c.Version)
	}
}
