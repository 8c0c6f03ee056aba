package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// cancelMember walks a cancellation of mid to cancelled.
func (e *env) cancelMember(mid int64) store.Case {
	e.t.Helper()
	c := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CaseCancellation}))
	var err error
	for _, a := range []Action{ActCheckIdentity, ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership} {
		if c, err = e.do(c, a); err != nil {
			e.t.Fatalf("cancellation at %s: %v", a, err)
		}
	}
	return c
}

// auditActions counts a member's audit rows by action.
func (e *env) auditActions(mid int64) map[string]int {
	e.t.Helper()
	rows, err := e.st.AuditOfMember(e.ctx, mid, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Action]++
	}
	return out
}

func TestCancelMembershipWithdrawsOtherCases(t *testing.T) {
	e := newEnv(t, 2, 0)
	mid := e.member(false)
	reset := e.resetFor(mid)
	card := e.card(mid)
	lost := must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: mid, CardID: card.ID, CardVersion: card.Version}))
	lost, err := e.do(lost, ActCheckIdentity)
	if err != nil {
		t.Fatal(err)
	}
	if lost, err = e.do(lost, ActOrderReissue); err != nil {
		t.Fatal(err)
	}
	cc := e.cancelMember(mid)

	for _, id := range []int64{reset.ID, lost.ID} {
		c := e.caseRec(id)
		if c.State != store.StateWithdrawn || !strings.Contains(c.WithdrawReason, "membership cancelled") {
			t.Errorf("%s: %s %q after the cancellation, want withdrawn for it", c.No(), c.State, c.WithdrawReason)
		}
		rows, _ := e.st.AuditOfCase(e.ctx, id)
		n := 0
		for _, r := range rows {
			if r.Action == string(c.Type)+".withdraw" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d withdraw rows, want 1", c.No(), n)
		}
	}
	ls, _ := e.st.LettersOfMember(e.ctx, mid)
	for _, l := range ls {
		if l.State == store.LetterQueued {
			t.Errorf("%s still queued after the cancellation", l.RefNo())
		}
	}
	if n, err := e.st.StrayLetterSecrets(e.ctx); err != nil || n != 0 {
		t.Errorf("%d letters still hold a secret (%v)", n, err)
	}
	if st := e.cardRec(lost.NewCardID).Status; st != store.CardRevoked {
		t.Errorf("replacement %s, want revoked", st)
	}
	if m := e.memberRec(mid); m.PasswordState != store.PasswordLocked {
		t.Errorf("password state %s, want locked (the issued one was never sent)", m.PasswordState)
	}
	// The cancellation's own queued form letter got its own cancel row.
	if got := e.auditActions(mid)["letter.cancel"]; got != 1 {
		t.Errorf("%d letter.cancel rows, want 1 (the form)", got)
	}
	rows, _ := e.st.AuditOfCase(e.ctx, cc.ID)
	if last := rows[len(rows)-1]; !strings.Contains(last.After, reset.No()) || !strings.Contains(last.After, lost.No()) {
		t.Errorf("cancellation row %s does not name the withdrawn cases", last.After)
	}
	_, err = e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if we, ok := err.(*Error); !ok || we.Key != "letters.queue_empty" {
		t.Errorf("print after the cancellation: %v, want an empty queue", err)
	}
	checkInvariants(t, e.st)
}

// A letter of a cancelled member that is somehow still queued is cancelled
// by the print run, not printed.
func TestPrintCancelsLettersOfCancelledMembers(t *testing.T) {
	e := newEnv(t, 3, 0)
	gone, other := e.member(false), e.member(false)
	e.cancelMember(gone)
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		return tx.InsertLetter(&store.Letter{Kind: store.LetterPasswordNotice, MemberID: gone, Secret: "Abcdefgh23", QueuedBy: "alice"})
	}); err != nil {
		t.Fatal(err)
	}
	e.resetFor(other)
	b, err := e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if err != nil || b.Letters != 1 {
		t.Fatalf("print: %v, %d letters; want only the active member's", err, b.Letters)
	}
	if got := e.auditActions(gone)["letter.cancel"]; got != 2 {
		t.Errorf("%d letter.cancel rows for the cancelled member, want 2 (form, stray notice)", got)
	}
	if n, _ := e.st.StrayLetterSecrets(e.ctx); n != 0 {
		t.Errorf("%d secrets left", n)
	}
}
