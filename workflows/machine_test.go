package workflows

import (
	"fmt"
	"path/filepath"
	"testing"

	"spdesk/store"
)

// The specification, written out by hand (not derived from machines):
// every allowed transition of every case type and card kind. check_identity
// and withdraw are allowed in every open state and are added by the test.
type transition struct {
	typ    store.CaseType
	credit bool
	from   store.CaseState
	act    Action
	to     store.CaseState
}

var spec = []transition{
	{store.CaseLostCard, false, store.StateCardSuspended, ActResume, store.StateClosed},
	{store.CaseLostCard, false, store.StateCardSuspended, ActOrderReissue, store.StateReissueOrdered},
	{store.CaseLostCard, false, store.StateReissueOrdered, ActShipCard, store.StateCardShipped},
	{store.CaseLostCard, false, store.StateCardShipped, ActClose, store.StateClosed},
	{store.CaseLostCard, true, store.StateCardSuspended, ActResume, store.StateClosed},
	{store.CaseLostCard, true, store.StateCardSuspended, ActReferToIssuer, store.StateReferredToIssuer},
	{store.CaseLostCard, true, store.StateReferredToIssuer, ActClose, store.StateClosed},

	{store.CaseBrokenCard, false, store.StateCardSuspended, ActMailForm, store.StateFormMailed},
	{store.CaseBrokenCard, false, store.StateFormMailed, ActReceiveForm, store.StateFormReceived},
	{store.CaseBrokenCard, false, store.StateFormReceived, ActOrderReissue, store.StateReissueOrdered},
	{store.CaseBrokenCard, false, store.StateReissueOrdered, ActShipCard, store.StateCardShipped},
	{store.CaseBrokenCard, false, store.StateCardShipped, ActClose, store.StateClosed},
	{store.CaseBrokenCard, true, store.StateCardSuspended, ActReferToIssuer, store.StateReferredToIssuer},
	{store.CaseBrokenCard, true, store.StateReferredToIssuer, ActClose, store.StateClosed},

	{store.CasePasswordReset, false, store.StateOpened, ActCheckIdentity, store.StateIdentityVerified},
	{store.CasePasswordReset, false, store.StateIdentityVerified, ActIssuePassword, store.StatePasswordIssued},
	{store.CasePasswordReset, false, store.StatePasswordIssued, ActPrintLetter, store.StateLetterPrinted},
	{store.CasePasswordReset, false, store.StateLetterPrinted, ActMailLetter, store.StateLetterMailed},
	{store.CasePasswordReset, false, store.StateLetterMailed, ActClose, store.StateClosed},

	{store.CaseNameChange, false, store.StateOpened, ActMailForm, store.StateFormMailed},
	{store.CaseNameChange, false, store.StateFormMailed, ActReceiveForm, store.StateFormReceived},
	{store.CaseNameChange, false, store.StateFormReceived, ActChangeName, store.StateNameChanged},
	{store.CaseNameChange, false, store.StateNameChanged, ActClose, store.StateClosed},

	{store.CaseContactChange, false, store.StateOpened, ActChangeContact, store.StateClosed},

	{store.CaseCancellation, false, store.StateOpened, ActMailForm, store.StateFormMailed},
	{store.CaseCancellation, false, store.StateFormMailed, ActReceiveForm, store.StateFormReceived},
	{store.CaseCancellation, false, store.StateFormReceived, ActApprove, store.StateApproved},
	{store.CaseCancellation, false, store.StateApproved, ActCancelMembership, store.StateMembershipCancelled},
	{store.CaseCancellation, false, store.StateMembershipCancelled, ActClose, store.StateClosed},

	// A suspected fraud: a supervisor confirms it (or withdraws it: a false alarm).
	{store.CaseSuspectedFraud, false, store.StateUnderReview, ActConfirmFraud, store.StateClosed},
	{store.CaseSuspectedFraud, true, store.StateUnderReview, ActConfirmFraud, store.StateClosed},

	// A renewal starts with its identity check (StartCardRenewal), in identity_verified.
	{store.CaseCardRenewal, false, store.StateIdentityVerified, ActOrderReissue, store.StateReissueOrdered},
	{store.CaseCardRenewal, false, store.StateReissueOrdered, ActShipCard, store.StateCardShipped},
	{store.CaseCardRenewal, false, store.StateCardShipped, ActClose, store.StateClosed},
}

// operatorActions is every step an operator can attempt on a case.
var operatorActions = []Action{ActCheckIdentity, ActResume, ActOrderReissue, ActReferToIssuer, ActMailForm,
	ActReceiveForm, ActShipCard, ActIssuePassword, ActChangeName, ActChangeContact, ActApprove,
	ActCancelMembership, ActClose, ActWithdraw, ActConfirmFraud}

// do attempts act on c with a valid request, as alice (who opens every
// test case) or, to approve, bob. print_letter and mail_letter run the
// letter batch functions.
func (e *env) do(c store.Case, act Action) (store.Case, error) {
	if act == ActApprove {
		return e.doAs("bob", c, act)
	}
	return e.doAs("alice", c, act)
}

// doAs attempts act on c with a valid request as op.
func (e *env) doAs(op string, c store.Case, act Action) (store.Case, error) {
	ctx, s := e.ctx, e.svc
	var r Result
	var err error
	switch act {
	case ActCheckIdentity:
		r, _, err = s.CheckIdentity(ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: goodAnswers()})
	case ActResume:
		r, err = s.ResumeCard(ctx, op, stepOf(c))
	case ActOrderReissue:
		r, err = s.OrderReissue(ctx, op, stepOf(c))
	case ActReferToIssuer:
		r, err = s.ReferToIssuer(ctx, op, stepOf(c))
	case ActMailForm:
		r, err = s.MailForm(ctx, op, MailFormRequest{CaseID: c.ID, CaseVersion: c.Version, NoRefundNoticeGiven: true})
	case ActReceiveForm:
		r, err = s.ReceiveForm(ctx, op, stepOf(c))
	case ActShipCard:
		r, err = s.ShipCard(ctx, op, stepOf(c))
	case ActIssuePassword:
		r, err = s.IssuePassword(ctx, op, stepOf(c))
	case ActChangeName:
		m := e.memberRec(c.MemberID)
		r, err = s.ChangeName(ctx, op, ChangeNameRequest{CaseID: c.ID, CaseVersion: c.Version,
			MemberVersion: m.Version, FamilyName: "佐藤", GivenName: "花子", FamilyKana: "さとう", GivenKana: "ﾊﾅｺ"})
	case ActChangeContact:
		m := e.memberRec(c.MemberID)
		r, err = s.ChangeContact(ctx, op, ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
			MemberVersion: m.Version, Phone: "03-1234-5678"})
	case ActApprove:
		r, err = s.Approve(ctx, op, stepOf(c))
	case ActCancelMembership:
		r, err = s.CancelMembership(ctx, op, stepOf(c))
	case ActConfirmFraud:
		r, err = s.ConfirmFraud(ctx, op, stepOf(c))
	case ActClose:
		r, err = s.CloseCase(ctx, op, stepOf(c))
	case ActWithdraw:
		r, err = s.Withdraw(ctx, op, WithdrawRequest{c.ID, c.Version, "member changed their mind"})
	case ActPrintLetter:
		_, err = s.PrintLetters(ctx, "carol", filepath.Join(e.t.TempDir(), "spool"))
		r.Case = e.caseRec(c.ID)
	case ActMailLetter:
		bs, _ := e.st.Batches(ctx, 1)
		if len(bs) == 0 {
			return c, fmt.Errorf("no batch")
		}
		_, err = s.MarkBatchMailed(ctx, "carol", bs[0].No())
		r.Case = e.caseRec(c.ID)
	default:
		return c, fmt.Errorf("no driver for %s", act)
	}
	if err != nil {
		return c, err
	}
	return r.Case, nil
}

// pathTo lists the steps from the start state to each reachable state.
func pathTo(typ store.CaseType, credit bool) map[store.CaseState][]Action {
	out := map[store.CaseState][]Action{}
	start := startState[typ]
	if typ == store.CaseCardRenewal {
		start = store.StateIdentityVerified // opened and checked in one transaction
	}
	var walk func(st store.CaseState, path []Action)
	walk = func(st store.CaseState, path []Action) {
		if _, seen := out[st]; seen {
			return
		}
		out[st] = path
		for _, tr := range spec {
			if tr.typ == typ && tr.credit == credit && tr.from == st {
				walk(tr.to, append(append([]Action(nil), path...), tr.act))
			}
		}
	}
	walk(start, nil)
	out[store.StateWithdrawn] = []Action{ActWithdraw}
	return out
}

// open starts a case of typ for a fresh member, checks identity (unless
// the path does it) and walks path.
func (e *env) reach(typ store.CaseType, credit bool, path []Action) store.Case {
	e.t.Helper()
	return e.reachOn(e.member(credit), typ, path)
}

// reachOn is reach for member mid.
func (e *env) reachOn(mid int64, typ store.CaseType, path []Action) store.Case {
	e.t.Helper()
	var c store.Case
	var err error
	switch typ {
	case store.CaseLostCard, store.CaseBrokenCard:
		card := e.card(mid)
		req := ReportCardRequest{MemberID: mid, CardID: card.ID, CardVersion: card.Version}
		if typ == store.CaseLostCard {
			c = must(e.t)(e.svc.ReportLostCard(e.ctx, "alice", req))
		} else {
			c = must(e.t)(e.svc.ReportBrokenCard(e.ctx, "alice", req))
		}
	case store.CaseSuspectedFraud:
		card := e.card(mid)
		c = must(e.t)(e.svc.ReportSuspectedFraud(e.ctx, "alice", FraudReportRequest{MemberID: mid, CardID: card.ID,
			CardVersion: card.Version, Verdict: "not_genuine"}))
	case store.CaseCardRenewal:
		card := e.card(mid)
		r, _, err := e.svc.StartCardRenewal(e.ctx, "alice", CardRequest{CardID: card.ID, CardVersion: card.Version,
			Seen: e.memberRec(mid), Answers: goodAnswers()})
		c = must(e.t)(r, err)
	default:
		c = must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: typ}))
	}
	if typ != store.CasePasswordReset && typ != store.CaseSuspectedFraud && typ != store.CaseCardRenewal {
		if c, err = e.do(c, ActCheckIdentity); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, a := range path {
		if c, err = e.do(c, a); err != nil {
			e.t.Fatalf("path %v at %s: %v", path, a, err)
		}
	}
	return c
}

// caseVariants is every case type with each card kind it can have.
var caseVariants = []struct {
	typ    store.CaseType
	credit bool
}{
	{store.CaseLostCard, false}, {store.CaseLostCard, true}, {store.CaseBrokenCard, false},
	{store.CaseBrokenCard, true}, {store.CasePasswordReset, false}, {store.CaseNameChange, false},
	{store.CaseContactChange, false}, {store.CaseCancellation, false},
	{store.CaseSuspectedFraud, false}, {store.CaseSuspectedFraud, true}, {store.CaseCardRenewal, false},
}

func TestEveryTransition(t *testing.T) {
	e := newEnv(t, 700, 200)
	for _, v := range caseVariants {
		paths := pathTo(v.typ, v.credit)
		for st, path := range paths {
			expect := map[Action]store.CaseState{}
			if !st.Terminal() {
				expect[ActCheckIdentity], expect[ActWithdraw] = st, store.StateWithdrawn
			}
			if st == store.StateMembershipCancelled {
				delete(expect, ActCheckIdentity) // no change of any kind to a cancelled member
			}
			for _, tr := range spec {
				if tr.typ == v.typ && tr.credit == v.credit && tr.from == st {
					expect[tr.act] = tr.to
				}
			}
			acts := operatorActions
			if v.typ == store.CasePasswordReset {
				acts = append(append([]Action(nil), acts...), ActPrintLetter, ActMailLetter)
			}
			name := fmt.Sprintf("%s/credit=%v/%s", v.typ, v.credit, st)
			t.Run(name, func(t *testing.T) {
				e.t = t
				shared := e.reach(v.typ, v.credit, path)
				if shared.State != st {
					t.Fatalf("reached %s, want %s", shared.State, st)
				}
				for _, act := range acts {
					to, allowed := expect[act]
					before := e.auditCount()
					if !allowed {
						if act == ActPrintLetter || act == ActMailLetter {
							continue // driven by the queue, not by the case: see the letter tests
						}
						_, err := e.do(shared, act)
						if err == nil {
							t.Errorf("%s from %s: allowed, want refused", act, st)
							continue
						}
						if code := ErrorCode(err); code != ESTATE {
							t.Errorf("%s from %s: code %s (%v), want %s", act, st, code, err, ESTATE)
						}
						if Message(err, "en") == "" || Message(err, "ja") == "" {
							t.Errorf("%s from %s: no message", act, st)
						}
						if n := e.auditCount(); n != before {
							t.Errorf("%s from %s: refused but %d audit rows written", act, st, n-before)
						}
						if got := e.caseRec(shared.ID); got.Version != shared.Version || got.State != st {
							t.Errorf("%s from %s: refused but case changed", act, st)
						}
						continue
					}
					c := shared
					if act != ActCheckIdentity || st == store.StateOpened {
						c = e.reach(v.typ, v.credit, path)
						before = e.auditCount()
					}
					want := int64(1)
					if act == ActCancelMembership {
						// Each letter still queued for the member is
						// cancelled with its own row (cancel_sweep_test.go).
						ls, _ := e.st.LettersOfMember(e.ctx, c.MemberID)
						for _, l := range ls {
							if l.State == store.LetterQueued {
								want++
							}
						}
					}
					got, err := e.do(c, act)
					if err != nil {
						t.Errorf("%s from %s: %v", act, st, err)
						continue
					}
					if got.State != to {
						t.Errorf("%s from %s: now %s, want %s", act, st, got.State, to)
					}
					if n := e.auditCount() - before; act != ActPrintLetter && act != ActMailLetter && n != want {
						t.Errorf("%s from %s: %d audit rows, want %d", act, st, n, want)
					}
					if n := e.auditCount() - before; n < 1 {
						t.Errorf("%s from %s: no audit row", act, st)
					}
					if c.ID == shared.ID {
						shared = got
					}
					if c := e.caseRec(c.ID); c.Version != got.Version {
						t.Errorf("%s from %s: result version %d, stored %d", act, st, got.Version, c.Version)
					}
				}
			})
		}
	}
	e.t = t
	checkInvariants(t, e.st)
}
