package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

func (e *env) cardsAndCases(mid int64) (store.Member, []store.Card, []store.Case) {
	e.t.Helper()
	cards, err := e.st.CardsOfMember(e.ctx, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	cases, err := e.st.CasesOfMember(e.ctx, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.memberRec(mid), cards, cases
}

// eventTypes are the outbox events of a card, in order.
func (e *env) eventTypes(cardID int64) string {
	e.t.Helper()
	evs, err := e.st.CardEvents(e.ctx, cardID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Type)
	}
	return strings.Join(out, " ")
}

func hasReminder(r Result, key string) bool {
	for _, n := range r.Reminders {
		if n.Key == key {
			return true
		}
	}
	return false
}

// TestSuspectedFraudIsASupervisorsCase (issue 12 §3.12): a card that may
// be counterfeit opens a suspected fraud, not a broken-card form: the card
// is suspended at once, the case waits in the supervisors' approval queue,
// only a supervisor decides it (an operator's try is refused and on
// record), a false alarm resumes the card it suspended, a confirmation
// revokes it and the member's next step is a card renewal.
func TestSuspectedFraudIsASupervisorsCase(t *testing.T) {
	e := newEnv(t, 4, 1)
	mid := e.std[0]
	card := e.card(mid)
	m, cards, cases := e.cardsAndCases(mid)
	next := CardNextStep("not_genuine", m, card, cards, cases)
	if next.Procedure != ProcSuspectedFraud || next.Reason != nil || !next.Supervisor || next.Case != 0 {
		t.Fatalf("counterfeit: %+v", next)
	}
	if _, err := e.svc.ReportSuspectedFraud(e.ctx, testOperator, FraudReportRequest{MemberID: mid, CardID: card.ID,
		CardVersion: card.Version, Verdict: "unreadable"}); ErrorCode(err) != EINVALID {
		t.Fatalf("an unreadable card as a fraud: %v", err)
	}
	open := func() store.Case {
		t.Helper()
		cd := e.card(mid)
		r, err := e.svc.ReportSuspectedFraud(e.ctx, testOperator, FraudReportRequest{MemberID: mid, CardID: cd.ID,
			CardVersion: cd.Version, Verdict: "not_genuine", Note: "ICチップの応答が不正"})
		c := must(t)(r, err)
		if c.Type != store.CaseSuspectedFraud || c.State != store.StateUnderReview || c.WaitingOn != "approval" ||
			!hasReminder(r, "remind.fraud_review") {
			t.Fatalf("opened %s %s waiting on %q, reminders %v", c.Type, c.State, c.WaitingOn, r.Reminders)
		}
		if want := store.DateOf(e.svc.cal.AddBusinessDays(day(e.clock.Now()), e.svc.settings.DeskStepDays)); c.DueOn != want {
			t.Errorf("due %s, want %s (business days)", c.DueOn, want)
		}
		if got := e.cardRec(cd.ID); got.Status != store.CardSuspended {
			t.Fatalf("card %s while under review", got.Status)
		}
		return c
	}
	c := open()

	// The supervisors' queue and approvals list it.
	if f := e.figure(store.CaseSuspectedFraud, store.StateUnderReview); f.Group != GroupApproval || f.Count != 1 {
		t.Errorf("queue %+v", f)
	}
	page, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseSuspectedFraud, State: store.StateUnderReview, Limit: 10})
	if err != nil || page.Total != 1 || page.Items[0].ID != c.ID {
		t.Errorf("queue page %+v %v", page, err)
	}
	// The card is held by the case: the next step is that case; no
	// lost-card report or resume can take it meanwhile.
	m, cards, cases = e.cardsAndCases(mid)
	if next := CardNextStep("not_genuine", m, cards[0], cards, cases); next.Case != c.ID || next.Procedure != "" {
		t.Errorf("second test: %+v", next)
	}
	if MayReport(m, cards[0], cases) == nil || MayResume(m, cards[0], cases) == nil || MayStart(ProcSuspectedFraud, m, cards, cases) == nil {
		t.Error("a card under review may be reported, resumed or reported again")
	}

	// An operator may not decide it: refused in words, on record, nothing changed.
	before := e.auditCount()
	for _, try := range []func() error{
		func() error { _, err := e.svc.ConfirmFraud(e.ctx, testOperator, stepOf(c)); return err },
		func() error {
			_, err := e.svc.Withdraw(e.ctx, testOperator, WithdrawRequest{c.ID, c.Version, "looks fine"})
			return err
		},
	} {
		err := try()
		a, _ := e.svc.Actor(e.ctx, testOperator)
		if ErrorCode(err) != EFORBIDDEN || !strings.Contains(Why(err, "en"), "decide a suspected fraud") {
			t.Errorf("operator's decision: %v", err)
		}
		sameRefusal(t, "operator's decision", err, MayStep(c, m, a, ActConfirmFraud))
	}
	if e.auditCount() != before+2 || e.caseRec(c.ID).Version != c.Version {
		t.Errorf("refusals: %d audit rows (want the 2 denials), case version %d", e.auditCount()-before, e.caseRec(c.ID).Version)
	}

	// A false alarm: the card this case suspended is resumed.
	r, err := e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c.ID, c.Version, "本物のカードと確認"})
	if c = must(t)(r, err); c.State != store.StateWithdrawn || !hasReminder(r, "remind.fraud_cleared") {
		t.Fatalf("false alarm: %s %v", c.State, r.Reminders)
	}
	if got := e.cardRec(card.ID); got.Status != store.CardActive {
		t.Fatalf("card %s after a false alarm", got.Status)
	}

	// Confirmed: the card is revoked, and the member gets a renewal.
	c = open()
	r, err = e.svc.ConfirmFraud(e.ctx, "bob", stepOf(c))
	if c = must(t)(r, err); c.State != store.StateClosed || !hasReminder(r, "remind.fraud_confirmed") {
		t.Fatalf("confirmed: %s %v", c.State, r.Reminders)
	}
	if got := e.cardRec(card.ID); got.Status != store.CardRevoked {
		t.Fatalf("card %s after a confirmed fraud", got.Status)
	}
	m, cards, cases = e.cardsAndCases(mid)
	next = CardNextStep("revoked", m, cards[0], cards, cases)
	if next.Procedure != ProcCardRenewal || next.Reason != nil || next.Advice.Key != "card.next.fraud_revoked" {
		t.Fatalf("after a confirmed fraud: %+v", next)
	}
	// The login service hears each stop and start, in order (outbox).
	if got := e.eventTypes(card.ID); got != "card.suspended card.resumed card.suspended card.revoked" {
		t.Errorf("card events: %s", got)
	}
	rr, _, err := e.svc.StartCardRenewal(e.ctx, "alice", CardRequest{CardID: cards[0].ID, CardVersion: cards[0].Version,
		Seen: m, Answers: goodAnswers()})
	if ren := must(t)(rr, err); ren.State != store.StateIdentityVerified {
		t.Fatalf("renewal after fraud: %s", ren.State)
	}

	// A card the database does not know: a case with no card.
	m2 := e.std[1]
	r, err = e.svc.ReportSuspectedFraud(e.ctx, testOperator, FraudReportRequest{MemberID: m2, Verdict: "unknown"})
	if u := must(t)(r, err); u.CardID != 0 || e.card(m2).Status != store.CardActive {
		t.Errorf("unknown card: case card %d, member's card %s", u.CardID, e.card(m2).Status)
	}

	// A card suspended before the case (its lost case withdrawn) stays
	// suspended on a false alarm: only a resume with identity lifts it.
	m3 := e.std[2]
	cd := e.card(m3)
	lost := must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: m3, CardID: cd.ID, CardVersion: cd.Version}))
	must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{lost.ID, lost.Version, "called back later"}))
	cd = e.cardRec(cd.ID)
	f := must(t)(e.svc.ReportSuspectedFraud(e.ctx, testOperator, FraudReportRequest{MemberID: m3, CardID: cd.ID,
		CardVersion: cd.Version, Verdict: "not_genuine"}))
	r, err = e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{f.ID, f.Version, "false alarm"})
	if must(t)(r, err); !hasReminder(r, "remind.fraud_cleared_kept") || e.cardRec(cd.ID).Status != store.CardSuspended {
		t.Errorf("false alarm on a card suspended before: %v, card %s", r.Reminders, e.cardRec(cd.ID).Status)
	}
	checkInvariants(t, e.st)
}

// TestCardRenewalReissuesAnExpiredCard (issue 12 §3.12): an expired
// standard card's next step is a card renewal: identity first (a failed
// check leaves nothing open), then the reissue with the member told
// "about 10 days" in calendar days while the due date counts business
// days, the new card shipped and the old one revoked. A credit-function
// card and a leaving member are refused, with the words the list shows.
func TestCardRenewalReissuesAnExpiredCard(t *testing.T) {
	e := newEnv(t, 3, 1)
	mid := e.std[0]
	m, cards, cases := e.cardsAndCases(mid)
	next := CardNextStep("expired", m, cards[0], cards, cases)
	if next.Procedure != ProcCardRenewal || next.Reason != nil || next.Supervisor {
		t.Fatalf("expired: %+v", next)
	}
	req := CardRequest{CardID: cards[0].ID, CardVersion: cards[0].Version, Seen: m,
		Answers: IdentityAnswers{BirthDate: "1990-01-01", Phone: tPhone}}
	r, ir, err := e.svc.StartCardRenewal(e.ctx, "alice", req)
	if err != nil || ir.Passed || !r.Failed() || r.Case.State != store.StateIdentityFailed {
		t.Fatalf("failed check: %v %+v %s", err, ir, r.Case.State)
	}
	m, cards, cases = e.cardsAndCases(mid)
	if err := MayRenew(m, cards[0], cards, cases); err != nil {
		t.Fatalf("after a failed check: %v", err)
	}
	req.Answers = goodAnswers()
	r, _, err = e.svc.StartCardRenewal(e.ctx, "alice", req)
	c := must(t)(r, err)
	if c.State != store.StateIdentityVerified || c.Type != store.CaseCardRenewal || c.CardID != cards[0].ID {
		t.Fatalf("renewal: %+v", c)
	}
	today := day(e.clock.Now())
	r, err = e.svc.OrderReissue(e.ctx, "alice", stepOf(c))
	c = must(t)(r, err)
	if want := store.DateOf(e.svc.cal.AddBusinessDays(today, 10)); c.State != store.StateReissueOrdered || c.DueOn != want {
		t.Errorf("ordered: %s due %s, want %s", c.State, c.DueOn, want)
	}
	promise := PromisesAt(e.clock.Now())
	var said []string
	for _, n := range r.Reminders {
		if n.Key == "promise.card" {
			said = append(said, NoticeText(n, "ja"), NoticeText(n, "en"))
		}
	}
	if len(said) != 2 || !strings.Contains(said[0], PromiseDate(promise.Card, "ja")) ||
		!strings.Contains(said[1], promise.Card.String()) || !strings.Contains(said[1], "about 10 days") {
		t.Errorf("promise on the order: %q", said)
	}
	c = must(t)(e.svc.ShipCard(e.ctx, "alice", stepOf(c)))
	c = must(t)(e.svc.CloseCase(e.ctx, "alice", stepOf(c)))
	m, cards, cases = e.cardsAndCases(mid)
	for _, cd := range cards {
		want := store.CardActive
		if cd.ID == req.CardID {
			want = store.CardRevoked
		}
		if cd.Status != want {
			t.Errorf("card %d %s, want %s", cd.ID, cd.Status, want)
		}
	}
	if got := e.eventTypes(req.CardID); got != "card.revoked" {
		t.Errorf("old card's events: %s", got)
	}
	if got := e.eventTypes(c.NewCardID); got != "card.issued card.activated" {
		t.Errorf("new card's events: %s", got)
	}
	// Nothing is left to renew: the list and the workflow agree.
	old := e.cardRec(req.CardID)
	req.CardVersion = old.Version
	req.Seen = m
	_, _, err = e.svc.StartCardRenewal(e.ctx, "alice", req)
	sameRefusal(t, "renewal of the replaced card", err, MayRenew(m, old, cards, cases))

	// Credit-function card: its company's.
	cm, ccards, ccases := e.cardsAndCases(e.credit[0])
	want := MayRenew(cm, ccards[0], ccards, ccases)
	_, _, err = e.svc.StartCardRenewal(e.ctx, "alice", CardRequest{CardID: ccards[0].ID, CardVersion: ccards[0].Version,
		Seen: cm, Answers: goodAnswers()})
	if want == nil || !strings.Contains(Why(want, "en"), ccards[0].Company) {
		t.Errorf("credit card renewal: %v", want)
	}
	sameRefusal(t, "credit card renewal", err, want)
	if next := CardNextStep("expired", cm, ccards[0], ccards, ccases); next.Procedure != "" {
		t.Errorf("expired credit card: %+v", next)
	}

	// A member who is leaving gets no new card.
	pm := e.std[1]
	e.reachOn(pm, store.CaseCancellation, []Action{ActMailForm})
	pmr, pcards, pcases := e.cardsAndCases(pm)
	want = MayStart(ProcCardRenewal, pmr, pcards, pcases)
	_, _, err = e.svc.StartCardRenewal(e.ctx, "alice", CardRequest{CardID: pcards[0].ID, CardVersion: pcards[0].Version,
		Seen: pmr, Answers: goodAnswers()})
	if want == nil {
		t.Error("renewal offered to a leaving member")
	}
	sameRefusal(t, "renewal for a leaving member", err, want)
	checkInvariants(t, e.st)
}
