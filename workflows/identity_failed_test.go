package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// TestFailedIdentityCheckIsAFailureAndBlocksNothing (issue 12 §3.2): a
// check that does not pass comes back as a failure in words (never as
// done); at a procedure's start, where nothing else had happened, it ends
// the case, so the same procedure can start again at once; later (a lost
// card already suspended) it keeps the case for another check.
func TestFailedIdentityCheckIsAFailureAndBlocksNothing(t *testing.T) {
	e := newEnv(t, 8, 0)
	wrong := IdentityAnswers{BirthDate: "1981-01-02", Phone: tPhone}
	records := func(mid int64) (store.Member, []store.Card, []store.Case) {
		cards, _ := e.st.CardsOfMember(e.ctx, mid)
		cases, _ := e.st.CasesOfMember(e.ctx, mid)
		return e.memberRec(mid), cards, cases
	}
	for i, typ := range []store.CaseType{store.CasePasswordReset, store.CaseNameChange, store.CaseContactChange,
		store.CaseCancellation} {
		mid := e.std[i]
		c := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: typ}))
		before := e.auditCount()
		r, ir, err := e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: wrong})
		if err != nil || ir.Passed {
			t.Fatalf("%s: %v %+v", typ, err, ir)
		}
		if !r.Failed() || r.Outcome != OutcomeFailed || r.Failure.Key != "identity.failed.ended" {
			t.Errorf("%s: outcome %q failure %+v, want a failure", typ, r.Outcome, r.Failure)
		}
		if r.Case.State != store.StateIdentityFailed || r.Case.Open() || r.Case.ClosedAt.IsZero() {
			t.Errorf("%s: case %s (closed %v), want ended as identity_failed", typ, r.Case.State, r.Case.ClosedAt)
		}
		if e.auditCount() != before+1 {
			t.Errorf("%s: the failed check is not on record", typ)
		}
		for lang, want := range map[string]string{"ja": "生年月日", "en": "date of birth"} {
			msg := NoticeText(r.Failure, lang)
			if !strings.Contains(msg, want) || !strings.Contains(msg, c.No()) || strings.Contains(msg, "1981") {
				t.Errorf("%s %s: failure reads %q", typ, lang, msg)
			}
		}
		if StateLabel(store.StateIdentityFailed, "ja") == string(store.StateIdentityFailed) {
			t.Error("identity_failed has no name")
		}
		// Nothing blocks the next try: the procedure is offered and starts.
		m, cards, cases := records(mid)
		if why := MayStart(Procedure(typ), m, cards, cases); why != nil {
			t.Fatalf("%s: blocked after a failed check: %v", typ, why)
		}
		again := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: typ}))
		r, ir, err = e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: again.ID, CaseVersion: again.Version, Answers: goodAnswers()})
		if err != nil || !ir.Passed || r.Failed() || r.Outcome != OutcomeDone {
			t.Errorf("%s: second try: %v %+v %q", typ, err, ir, r.Outcome)
		}
		// The ended case takes no step; its refusal says it has ended.
		_, err = e.svc.MailForm(e.ctx, "alice", MailFormRequest{CaseID: c.ID, CaseVersion: c.Version + 1, NoRefundNoticeGiven: true})
		wantCode(t, err, ESTATE)
	}

	// A lost card is suspended before any check: a failed check keeps the
	// case (the card must stay suspended) and says to try again.
	card := e.card(e.std[5])
	lost := must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: e.std[5], CardID: card.ID, CardVersion: card.Version}))
	r, _, err := e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: lost.ID, CaseVersion: lost.Version, Answers: wrong})
	if err != nil || !r.Failed() || r.Failure.Key != "identity.failed.kept" || r.Case.State != store.StateCardSuspended || !r.Case.Open() {
		t.Fatalf("lost card: %v %q %+v %s", err, r.Outcome, r.Failure, r.Case.State)
	}
	if err := MayStep(r.Case, e.memberRec(e.std[5]), must2(e.svc.Actor(e.ctx, "alice")), ActCheckIdentity); err != nil {
		t.Errorf("lost card: the check cannot be retried: %v", err)
	}
	r, _, err = e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, Answers: goodAnswers()})
	if err != nil || r.Failed() || !r.Case.IdentityPassed {
		t.Errorf("lost card retry: %v %q", err, r.Outcome)
	}
	checkInvariants(t, e.st)
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
