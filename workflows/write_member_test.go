package workflows

import (
	"testing"

	"spdesk/store"
)

// Every per-member step the desks take all day (a call, its cases and
// notes, a password reset, a contact change, a lost card through its
// reissue, a cancellation through its approval) stays within its member:
// none has to be run again alone, which on PostgreSQL would make it wait
// for every other desk (store.WriteMember).
func TestPerMemberStepsStayWithinTheirMember(t *testing.T) {
	e := newEnv(t, 2, 0)
	id := e.std[0]
	m := e.memberRec(id)
	call, err := e.svc.StartCall(e.ctx, "op1", id)
	if err != nil {
		t.Fatal(err)
	}
	var cases []int64
	step := func(r Result, err error) store.Case {
		t.Helper()
		c := must(t)(r, err)
		cases = append(cases, c.ID)
		return c
	}
	check := func(c store.Case) store.Case {
		t.Helper()
		m = e.memberRec(id)
		r, _, err := e.svc.CheckIdentity(e.ctx, "op1", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: goodAnswers(), Seen: m})
		return step(r, err)
	}

	pw := check(step(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset, Seen: m})))
	step(e.svc.IssuePassword(e.ctx, "op1", stepOf(pw)))
	m = e.memberRec(id)

	cc := check(step(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CaseContactChange, Seen: m})))
	m = e.memberRec(id)
	step(e.svc.ChangeContact(e.ctx, "op1", ChangeContactRequest{CaseID: cc.ID, CaseVersion: cc.Version, MemberVersion: m.Version,
		Address: "東京都港区芝公園4-2-8"}))
	m = e.memberRec(id)

	m = e.memberRec(id)
	card := e.card(id)
	lost := check(step(e.svc.ReportLostCard(e.ctx, "op1", ReportCardRequest{MemberID: id, CardID: card.ID, CardVersion: card.Version})))
	lost = step(e.svc.OrderReissue(e.ctx, "op1", stepOf(lost)))
	lost = step(e.svc.ShipCard(e.ctx, "op1", stepOf(lost)))
	step(e.svc.CloseCase(e.ctx, "op1", stepOf(lost)))
	if _, err := e.svc.AddCaseNote(e.ctx, "op1", lost.ID, "カードは届いたと連絡あり"); err != nil {
		t.Fatal(err)
	}

	m = e.memberRec(id)
	cn := check(step(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CaseCancellation, Seen: m})))
	cn = step(e.svc.MailForm(e.ctx, "op1", MailFormRequest{CaseID: cn.ID, CaseVersion: cn.Version, NoRefundNoticeGiven: true}))
	cn = step(e.svc.ReceiveForm(e.ctx, "op1", stepOf(cn)))
	cn = step(e.svc.Approve(e.ctx, "alice", stepOf(cn)))
	step(e.svc.CancelMembership(e.ctx, "op1", stepOf(cn)))

	if _, err := e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: call.ID, CallVersion: call.Version,
		Reasons: []string{CallReasons()[0].Code}, Outcome: store.OutcomeProcedure, Cases: cases[:1]}); err != nil {
		t.Fatal(err)
	}
	if n := e.svc.Store().ScopeFallbacks(); n != 0 {
		t.Fatalf("%d per-member steps reached another member's rows and ran again alone", n)
	}
	// A wrap-up naming another member's case reaches outside: it runs
	// alone and is refused there, as before.
	other := step(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: e.std[1], Type: store.CasePasswordReset}))
	call2, err := e.svc.StartCall(e.ctx, "op1", e.std[1])
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: call2.ID, CallVersion: call2.Version,
		Reasons: []string{CallReasons()[0].Code}, Outcome: store.OutcomeProcedure, Cases: []int64{pw.ID, other.ID}})
	wantCode(t, err, EINVALID)
	if n := e.svc.Store().ScopeFallbacks(); n != 1 {
		t.Fatalf("%d steps ran again alone, want the one wrap-up", n)
	}
}
