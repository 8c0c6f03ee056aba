package workflows

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/store/luhn"
)

// sameRefusal checks that a step's error is exactly the reason the
// may-do functions gave: same code, key and arguments, so the same words.
func sameRefusal(t *testing.T, what string, got, want error) {
	t.Helper()
	var g, w *Error
	if !errors.As(got, &g) || !errors.As(want, &w) {
		t.Errorf("%s: refused with %v, list said %v", what, got, want)
		return
	}
	if g.Code != w.Code || g.Key != w.Key || !maps.Equal(g.Args, w.Args) {
		t.Errorf("%s: refused with %s %s %v, list said %s %s %v", what, g.Code, g.Key, g.Args, w.Code, w.Key, w.Args)
	}
	for _, lang := range []string{"ja", "en"} {
		if Message(got, lang) != Message(want, lang) {
			t.Errorf("%s: %q on refusal, %q on the list", what, Message(got, lang), Message(want, lang))
		}
	}
}

// TestChoicesAgreeWithSteps: for every case type, card kind and state,
// a member whose cancellation is or is not under way (a cancelled one
// has only the cancellation's last steps left), and an operator, the
// supervisor who opened the case and another supervisor, every step the
// case screen offers succeeds, and every step it dims is refused with
// exactly the reason it shows.
func TestChoicesAgreeWithSteps(t *testing.T) {
	e := newEnv(t, 1500, 300)
	actors := []string{testOperator, "alice", "bob"} // alice opens every test case
	for _, v := range caseVariants {
		for st, path := range pathTo(v.typ, v.credit) {
			for _, pending := range []bool{false, true} {
				if pending && (v.typ == store.CaseCancellation || v.typ == store.CaseCardRenewal) {
					continue // its own path makes the member pending; no renewal for a leaving member
				}
				reach := func() store.Case {
					mid := e.member(v.credit)
					if pending {
						e.reachOn(mid, store.CaseCancellation, []Action{ActMailForm})
					}
					return e.reachOn(mid, v.typ, path)
				}
				name := fmt.Sprintf("%s/credit=%v/%s/pending=%v", v.typ, v.credit, st, pending)
				t.Run(name, func(t *testing.T) {
					e.t = t
					shared := reach()
					if shared.State != st {
						t.Fatalf("reached %s, want %s", shared.State, st)
					}
					for _, op := range actors {
						a, err := e.svc.Actor(e.ctx, op)
						if err != nil {
							t.Fatal(err)
						}
						m := e.memberRec(shared.MemberID)
						if pending && m.Status != store.MemberCancellationPending {
							t.Fatalf("member %s, want cancellation pending", m.Status)
						}
						choices := Choices(shared, m, a)
						if len(choices) < 2 {
							t.Fatalf("%d choices", len(choices))
						}
						for _, ch := range choices {
							what := fmt.Sprintf("%s by %s", ch.Action, op)
							c := shared
							if ch.Allowed {
								c = reach() // an allowed step moves the case: on a copy
								if err := MayStep(c, e.memberRec(c.MemberID), a, ch.Action); err != nil {
									t.Fatalf("%s: the copy differs: %v", what, err)
								}
							}
							before := e.caseRec(c.ID)
							_, err := e.doAs(op, c, ch.Action)
							switch {
							case ch.Allowed && err != nil:
								t.Errorf("%s: offered, but refused: %v", what, err)
							case !ch.Allowed && err == nil:
								t.Errorf("%s: dimmed (%v), but done", what, ch.Reason)
							case !ch.Allowed:
								sameRefusal(t, what, err, ch.Reason)
								if after := e.caseRec(c.ID); after.Version != before.Version {
									t.Errorf("%s: refused, but the case changed", what)
								}
							}
						}
					}
				})
			}
		}
	}
	e.t = t
	checkInvariants(t, e.st)
}

// memberSetup makes a fresh member in one situation and returns its ID.
type memberSetup struct {
	name string
	make func(e *env) int64
}

var noCard int // numbers the members made without a card

var memberSetups = []memberSetup{
	{"standard card", func(e *env) int64 { return e.member(false) }},
	{"credit card", func(e *env) int64 { return e.member(true) }},
	{"card suspended by an open lost case", func(e *env) int64 {
		return e.reach(store.CaseLostCard, false, nil).MemberID
	}},
	{"credit card suspended by an open broken case", func(e *env) int64 {
		return e.reach(store.CaseBrokenCard, true, nil).MemberID
	}},
	{"card suspended, its case withdrawn", func(e *env) int64 {
		return e.reach(store.CaseLostCard, false, []Action{ActWithdraw}).MemberID
	}},
	{"old card revoked, new one shipped", func(e *env) int64 {
		return e.reach(store.CaseLostCard, false, []Action{ActOrderReissue, ActShipCard, ActClose}).MemberID
	}},
	{"replacement ordered, old card suspended", func(e *env) int64 {
		return e.reach(store.CaseLostCard, false, []Action{ActOrderReissue}).MemberID
	}},
	{"only card revoked", func(e *env) int64 {
		mid := e.member(false)
		cd := e.card(mid)
		if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
			return tx.SetCardStatus(cd.ID, cd.Version, store.CardRevoked)
		}); err != nil {
			e.t.Fatal(err)
		}
		return mid
	}},
	{"no card", func(e *env) int64 {
		l, err := e.st.NewLoader(e.ctx, store.WithAppend())
		if err != nil {
			e.t.Fatal(err)
		}
		noCard++
		body := fmt.Sprintf("%09d", 900000+noCard)
		m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: "山田", GivenName: "花子",
			FamilyKana: "ヤマダ", GivenKana: "ハナコ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: tPostal,
			Address: "東京都千代田区丸の内1-1-1", Phone: tPhone, Email: tEmail, JoinedOn: store.MakeDate(2020, 4, 1),
			FeeMethod: store.FeePostal}
		if err := l.Add(m, nil); err != nil {
			e.t.Fatal(err)
		}
		if err := l.Finish(); err != nil {
			e.t.Fatal(err)
		}
		return m.ID
	}},
	{"password reset open", func(e *env) int64 { return e.reach(store.CasePasswordReset, false, nil).MemberID }},
	{"name change open", func(e *env) int64 { return e.reach(store.CaseNameChange, false, nil).MemberID }},
	{"contact change open", func(e *env) int64 { return e.reach(store.CaseContactChange, false, nil).MemberID }},
	{"cancellation open", func(e *env) int64 { return e.reach(store.CaseCancellation, false, nil).MemberID }},
	{"cancellation under way", func(e *env) int64 {
		return e.reach(store.CaseCancellation, false, []Action{ActMailForm}).MemberID
	}},
	{"suspected fraud under review", func(e *env) int64 { return e.reach(store.CaseSuspectedFraud, false, nil).MemberID }},
	{"fraud confirmed, card revoked", func(e *env) int64 {
		return e.reach(store.CaseSuspectedFraud, false, []Action{ActConfirmFraud}).MemberID
	}},
	{"fraud cleared", func(e *env) int64 {
		return e.reach(store.CaseSuspectedFraud, true, []Action{ActWithdraw}).MemberID
	}},
	{"renewal open", func(e *env) int64 { return e.reach(store.CaseCardRenewal, false, nil).MemberID }},
	{"renewal shipped", func(e *env) int64 {
		return e.reach(store.CaseCardRenewal, false, []Action{ActOrderReissue, ActShipCard}).MemberID
	}},
	{"cancelled", func(e *env) int64 {
		return e.reach(store.CaseCancellation, false,
			[]Action{ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership}).MemberID
	}},
}

// TestProcedureListAgreesWithStarts: for members in every situation of
// card state and kind, open cases and membership, each procedure the
// actions list offers starts, and each it dims is refused with exactly
// the reason it shows; a lost or broken card is offered when some card
// may be reported, and dimmed with one card's refusal when none may.
func TestProcedureListAgreesWithStarts(t *testing.T) {
	e := newEnv(t, 400, 100)
	records := func(mid int64) (store.Member, []store.Card, []store.Case) {
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
	for _, su := range memberSetups {
		t.Run(su.name, func(t *testing.T) {
			e.t = t
			for _, p := range Procedures() {
				m, cards, cases := records(su.make(e))
				want := MayStart(p, m, cards, cases)
				var err error
				switch p {
				case ProcLostCard, ProcBrokenCard:
					// The list's reason is one card's refusal here; each
					// card's refusal is then checked on a member of its
					// own, as a report changes the member.
					var reasons []error
					for _, cd := range cards {
						if r := MayReport(m, cd, cases); r != nil {
							reasons = append(reasons, r)
						}
					}
					switch {
					case want == nil && len(reasons) == len(cards):
						t.Errorf("%s: offered, but no card may be reported", p)
					case want != nil && len(reasons) < len(cards):
						t.Errorf("%s: dimmed (%v), but a card may be reported", p, want)
					case want != nil && len(cards) == 0:
						if ErrorCode(want) != ESTATE || Message(want, "en") == "" {
							t.Errorf("%s with no card: %v", p, want)
						}
					case want != nil:
						found := false
						for _, r := range reasons {
							found = found || Message(r, "en") == Message(want, "en")
						}
						if !found {
							t.Errorf("%s: dimmed with %v, which no card gave (%v)", p, want, reasons)
						}
					}
					for i := range cards {
						m, cards, cases := records(su.make(e))
						cd := cards[i]
						wantCard := MayReport(m, cd, cases)
						req := ReportCardRequest{MemberID: m.ID, CardID: cd.ID, CardVersion: cd.Version}
						report := e.svc.ReportLostCard
						if p == ProcBrokenCard {
							report = e.svc.ReportBrokenCard
						}
						_, err := report(e.ctx, "alice", req)
						what := fmt.Sprintf("%s of card %d (%s)", p, i, cd.Status)
						switch {
						case wantCard == nil && err != nil:
							t.Errorf("%s: offered, but refused: %v", what, err)
						case wantCard != nil && err == nil:
							t.Errorf("%s: dimmed (%v), but done", what, wantCard)
						case wantCard != nil:
							sameRefusal(t, what, err, wantCard)
						}
					}
					continue
				case ProcReaderOrder:
					_, err = e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: m.ID,
						System: store.ReaderWindows, Answers: goodAnswers()})
				default:
					_, err = e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: m.ID, Type: store.CaseType(p)})
				}
				switch {
				case want == nil && err != nil:
					t.Errorf("%s: offered, but refused: %v", p, err)
				case want != nil && err == nil:
					t.Errorf("%s: dimmed (%v), but done", p, want)
				case want != nil:
					sameRefusal(t, string(p), err, want)
				}
			}
			for _, p := range CardProcedures() {
				cardStartsAgree(t, e, p, records, su)
			}
		})
	}
}

// cardStartsAgree: a procedure started on one card is offered (MayStart)
// when some card of the member may start it, and for each card (and, for
// a suspected fraud, for no card) its start does what the card's may-do
// function says, refusing with exactly its words.
func cardStartsAgree(t *testing.T, e *env, p Procedure, records func(int64) (store.Member, []store.Card, []store.Case), su memberSetup) {
	t.Helper()
	may := func(m store.Member, cd store.Card, cards []store.Card, cases []store.Case) error {
		switch p {
		case ProcResumeCard:
			return MayResume(m, cd, cases)
		case ProcCardRenewal:
			return MayRenew(m, cd, cards, cases)
		default:
			return MayReportFraud(m, cd, cases)
		}
	}
	m, cards, cases := records(su.make(e))
	want := MayStart(p, m, cards, cases)
	some := false
	for _, cd := range cards {
		some = some || may(m, cd, cards, cases) == nil
	}
	if p == ProcSuspectedFraud {
		some = may(m, store.Card{}, cards, cases) == nil
	}
	if (want == nil) != some {
		t.Errorf("%s: list says %v, but some card may: %v", p, want, some)
	}
	if want != nil && (Message(want, "en") == "" || ErrorCode(want) == EINTERNAL) {
		t.Errorf("%s: dimmed without words: %v", p, want)
	}
	n := len(cards)
	if p == ProcSuspectedFraud {
		n++ // and with no card: the card read is not the member's
	}
	for i := range n {
		m, cards, cases := records(su.make(e))
		var cd store.Card
		if i < len(cards) {
			cd = cards[i]
		}
		wantCard := may(m, cd, cards, cases)
		var err error
		switch p {
		case ProcResumeCard:
			_, _, err = e.svc.ResumeSuspendedCard(e.ctx, "alice", CardRequest{CardID: cd.ID, CardVersion: cd.Version,
				Seen: m, Answers: goodAnswers()})
		case ProcCardRenewal:
			_, _, err = e.svc.StartCardRenewal(e.ctx, "alice", CardRequest{CardID: cd.ID, CardVersion: cd.Version,
				Seen: m, Answers: goodAnswers()})
		default:
			_, err = e.svc.ReportSuspectedFraud(e.ctx, "alice", FraudReportRequest{MemberID: m.ID, CardID: cd.ID,
				CardVersion: cd.Version, Verdict: "not_genuine"})
		}
		what := fmt.Sprintf("%s of card %d (%s)", p, i, cd.Status)
		switch {
		case wantCard == nil && err != nil:
			t.Errorf("%s: offered, but refused: %v", what, err)
		case wantCard != nil && err == nil:
			t.Errorf("%s: dimmed (%v), but done", what, wantCard)
		case wantCard != nil:
			sameRefusal(t, what, err, wantCard)
		}
	}
}

// TestSupervisorFunctionsInWords: a refused supervisor function names
// what was refused in words, never its code, and says the same as
// MaySupervise.
func TestSupervisorFunctionsInWords(t *testing.T) {
	e := newEnv(t, 2, 0)
	for _, fn := range []string{FnApproveCancel, FnPrintLetters, FnMarkMailed, FnApproveReprint, FnReassignCase, FnReviewFraud,
		FnAuditExport, FnAuditRead, FnOperatorAdd, FnOperatorDisable, FnOperatorReset, FnSeed} {
		for _, op := range []string{testOperator, "alice", "nobody"} {
			a, err := e.svc.Actor(e.ctx, op)
			if err != nil {
				t.Fatal(err)
			}
			want := MaySupervise(a, fn)
			got := e.svc.RequireSupervisor(e.ctx, op, fn)
			if (want == nil) != (got == nil) || (op == "alice") != (got == nil) {
				t.Errorf("%s by %s: list %v, refusal %v", fn, op, want, got)
				continue
			}
			if got == nil {
				continue
			}
			sameRefusal(t, fn+" by "+op, got, want)
			for _, lang := range []string{"ja", "en"} {
				if msg := Message(got, lang); op == testOperator && !strings.Contains(msg, FunctionLabel(fn, lang)) ||
					strings.Contains(msg, fn) {
					t.Errorf("%s by %s in %s: %q", fn, op, lang, msg)
				}
			}
		}
	}
}

// TestMayReadAudit: the trail is a supervisor's; a store without any
// account has no roles to check.
func TestMayReadAudit(t *testing.T) {
	bare, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "bare.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	if err := MayReadAudit(context.Background(), bare, "anyone"); err != nil {
		t.Errorf("no accounts: %v", err)
	}
	e := newEnv(t, 1, 0)
	for op, key := range map[string]string{"alice": "", testOperator: "account.supervisor", "nobody": "account.unknown",
		"ALICE": "account.unknown"} {
		err := MayReadAudit(e.ctx, e.st, op)
		var we *Error
		switch {
		case key == "" && err != nil:
			t.Errorf("%s: %v", op, err)
		case key != "" && (!errors.As(err, &we) || we.Key != key || we.Code != EFORBIDDEN):
			t.Errorf("%s: %v, want %s", op, err, key)
		}
	}
	if msg := Message(MayReadAudit(e.ctx, e.st, testOperator), "en"); msg != "only a supervisor may read the audit trail (olga is an operator)" {
		t.Errorf("operator told %q", msg)
	}
}

// TestAllowedNowAgreesWithTheMemberRule: a refused step's "allowed now"
// lists only steps that would pass for this member and operator. A
// cancelled member's case listed "check identity", which the member rule
// then refused (issue 12, seen while fixing §3.12).
func TestAllowedNowAgreesWithTheMemberRule(t *testing.T) {
	e := newEnv(t, 60, 10)
	cancelled := e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership})
	cases := []store.Case{cancelled}
	for _, v := range caseVariants {
		for st, path := range pathTo(v.typ, v.credit) {
			if !st.Terminal() {
				cases = append(cases, e.reach(v.typ, v.credit, path))
			}
		}
	}
	checked := 0
	for _, c := range cases {
		m := e.memberRec(c.MemberID)
		for _, op := range []string{testOperator, "alice", "bob"} {
			a, err := e.svc.Actor(e.ctx, op)
			if err != nil {
				t.Fatal(err)
			}
			for _, act := range operatorActions {
				var we *Error
				if err := MayStep(c, m, a, act); !errors.As(err, &we) || we.Key != "case.not_allowed" {
					continue
				}
				checked++
				for _, alt := range strings.Split(we.Args["allowed"], ", ") {
					if err := MayStep(c, m, a, Action(alt)); err != nil {
						t.Errorf("%s %s in %s by %s: %s refused, and it lists %s as allowed, which is refused too: %s",
							c.No(), c.Type, c.State, op, act, alt, Why(err, "en"))
					}
				}
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d refusals checked", checked)
	}
	m := e.memberRec(cancelled.MemberID)
	a, _ := e.svc.Actor(e.ctx, "alice")
	err := MayStep(cancelled, m, a, ActMailForm)
	for lang, word := range map[string]string{"en": "check identity", "ja": "本人確認"} {
		if msg := Why(err, lang); !strings.Contains(msg, ActionLabel(ActClose, lang)) || strings.Contains(msg, word) {
			t.Errorf("cancelled member's case, %s: %q", lang, msg)
		}
	}
	// The workflow says the same.
	_, got := e.svc.MailForm(e.ctx, "alice", MailFormRequest{CaseID: cancelled.ID, CaseVersion: cancelled.Version})
	sameRefusal(t, "mail form on a cancelled member's case", got, err)
}
