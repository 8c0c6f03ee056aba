package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// cardVerdicts are cardops' verdict codes (cardops/verdict.go), every
// state the card test can report.
var cardVerdicts = []string{"ok", "suspended", "revoked", "expired", "blocked", "not_genuine", "unknown",
	"unreadable", "foreign", "no_card", "no_reader"}

// TestEveryCardStateHasANextStep (issue 12 §3.12): a card suspended with
// no case is resumed through a procedure (identity first; a failed check
// leaves the card suspended and nothing open); every verdict of the card
// test maps to a next step in words, in both languages: a procedure, the
// open case, or a supervisor for a card that may be counterfeit (never a
// broken-card form).
func TestEveryCardStateHasANextStep(t *testing.T) {
	e := newEnv(t, 4, 1)
	mid := e.std[0]
	card := e.card(mid)
	lost := must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: mid, CardID: card.ID, CardVersion: card.Version}))
	must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{CaseID: lost.ID, CaseVersion: lost.Version, Reason: "called back later"}))
	records := func() (store.Member, []store.Card, []store.Case) {
		cards, _ := e.st.CardsOfMember(e.ctx, mid)
		cases, _ := e.st.CasesOfMember(e.ctx, mid)
		return e.memberRec(mid), cards, cases
	}
	m, cards, cases := records()
	if cards[0].Status != store.CardSuspended {
		t.Fatalf("card %s, want suspended with no case", cards[0].Status)
	}
	next := CardNextStep("suspended", m, cards[0], cards, cases)
	if next.Procedure != ProcResumeCard || next.Reason != nil || next.Case != 0 {
		t.Fatalf("suspended card, no case: %+v", next)
	}

	// A failed check: on record, the card stays suspended, nothing open.
	before := e.auditCount()
	r, ir, err := e.svc.ResumeSuspendedCard(e.ctx, "alice", CardRequest{CardID: cards[0].ID, CardVersion: cards[0].Version,
		Seen: m, Answers: IdentityAnswers{BirthDate: "1990-01-01", Phone: tPhone}})
	if err != nil || ir.Passed || !r.Failed() || r.Case.State != store.StateIdentityFailed || r.Failure.Key != "identity.failed.ended" {
		t.Fatalf("failed resume: %v %+v %q %s", err, ir, r.Outcome, r.Case.State)
	}
	if e.auditCount() != before+2 { // the case opened for the resume, the failed check
		t.Errorf("%d audit rows, want 2", e.auditCount()-before)
	}
	m, cards, cases = records()
	if cards[0].Status != store.CardSuspended || MayStart(ProcResumeCard, m, cards, cases) != nil {
		t.Fatalf("after a failed check: card %s, start %v", cards[0].Status, MayStart(ProcResumeCard, m, cards, cases))
	}

	// The right answers resume the card and close the case.
	r, ir, err = e.svc.ResumeSuspendedCard(e.ctx, "alice", CardRequest{CardID: cards[0].ID, CardVersion: cards[0].Version,
		Seen: m, Answers: goodAnswers()})
	if err != nil || !ir.Passed || r.Failed() || r.Case.State != store.StateClosed || r.Case.Type != store.CaseLostCard {
		t.Fatalf("resume: %v %+v %q %s", err, ir, r.Outcome, r.Case.State)
	}
	m, cards, cases = records()
	if cards[0].Status != store.CardActive {
		t.Fatalf("card %s after the resume", cards[0].Status)
	}
	// Now there is nothing to resume: the list and the workflow agree.
	want := MayStart(ProcResumeCard, m, cards, cases)
	_, _, err = e.svc.ResumeSuspendedCard(e.ctx, "alice", CardRequest{CardID: cards[0].ID, CardVersion: cards[0].Version,
		Seen: m, Answers: goodAnswers()})
	if want == nil || err == nil {
		t.Fatalf("active card: list %v, resume %v", want, err)
	}
	sameRefusal(t, "resume of an active card", err, MayResume(m, cards[0], cases))

	// A card suspended by an open case: continue that case.
	open := e.reach(store.CaseLostCard, false, nil)
	oc, _ := e.st.CardsOfMember(e.ctx, open.MemberID)
	ocases, _ := e.st.CasesOfMember(e.ctx, open.MemberID)
	if next := CardNextStep("suspended", e.memberRec(open.MemberID), oc[0], oc, ocases); next.Case != open.ID || next.Procedure != "" {
		t.Errorf("card held by %s: %+v", open.No(), next)
	}

	// Every verdict has a next step in words.
	credit := e.card(e.credit[0])
	for _, v := range cardVerdicts {
		for _, cd := range []store.Card{cards[0], credit} {
			next := CardNextStep(v, e.memberRec(cd.MemberID), cd, []store.Card{cd}, nil)
			for _, lang := range []string{"ja", "en"} {
				text := next.Text(lang)
				if _, ok := Messages.Text(next.Advice.Key, lang); !ok || text == "" || strings.ContainsAny(text, "{}") ||
					codeLike.FindString(text) != "" {
					t.Errorf("%s (%s): %q", v, lang, text)
				}
			}
			switch v {
			case "not_genuine", "unknown":
				if !next.Supervisor || next.Procedure != ProcSuspectedFraud || next.Reason != nil {
					t.Errorf("%s: %+v, want a suspected fraud for a supervisor, never a broken-card form", v, next)
				}
			case "unreadable":
				if next.Procedure != ProcBrokenCard {
					t.Errorf("unreadable: %+v", next)
				}
			case "blocked":
				if next.Procedure != ProcPasswordReset || next.Reason != nil {
					t.Errorf("blocked: %+v", next)
				}
			case "expired":
				if cd.Kind == store.CardCredit && !strings.Contains(next.Text("en"), cd.Company) {
					t.Errorf("expired credit card: %q", next.Text("en"))
				}
				if cd.Kind == store.CardStandard && (next.Procedure != ProcCardRenewal || next.Supervisor) {
					t.Errorf("expired standard card: %+v, want a card renewal", next)
				}
			}
		}
	}
	checkInvariants(t, e.st)
}
