package workflows

import (
	"context"
	"fmt"
	"slices"

	"spdesk/store"
)

// DemoReport says what SeedDemoCases made.
type DemoReport struct {
	Cases   []store.Case // the final state of each seeded case
	Batches []store.Batch
}

// demoTarget is one case to seed: a case type (and card kind) driven
// through path to its state.
type demoTarget struct {
	typ    store.CaseType
	credit bool
	path   []Action
}

// demoPaths lists, per case type and card kind, the steps to every state,
// so the demo shows each state once.
var demoPaths = []demoTarget{
	{store.CaseLostCard, false, nil},
	{store.CaseLostCard, false, []Action{ActCheckIdentity, ActOrderReissue}},
	{store.CaseLostCard, false, []Action{ActCheckIdentity, ActOrderReissue, ActShipCard}},
	{store.CaseLostCard, false, []Action{ActCheckIdentity, ActOrderReissue, ActShipCard, ActClose}},
	{store.CaseLostCard, true, nil},
	{store.CaseLostCard, true, []Action{ActReferToIssuer}},
	{store.CaseBrokenCard, false, nil},
	{store.CaseBrokenCard, false, []Action{ActMailForm}},
	{store.CaseBrokenCard, false, []Action{ActMailForm, ActReceiveForm}},
	{store.CaseBrokenCard, false, []Action{ActMailForm, ActReceiveForm, ActOrderReissue}},
	{store.CaseBrokenCard, false, []Action{ActMailForm, ActReceiveForm, ActOrderReissue, ActShipCard}},
	{store.CaseBrokenCard, true, []Action{ActReferToIssuer}},
	{store.CasePasswordReset, false, nil},
	{store.CasePasswordReset, false, []Action{ActCheckIdentity}},
	{store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword}},
	{store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword, ActPrintLetter}},
	{store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword, ActPrintLetter, ActMailLetter}},
	{store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword, ActPrintLetter, ActMailLetter, ActClose}},
	{store.CaseNameChange, false, nil},
	{store.CaseNameChange, false, []Action{ActCheckIdentity, ActMailForm}},
	{store.CaseNameChange, false, []Action{ActCheckIdentity, ActMailForm, ActReceiveForm}},
	{store.CaseNameChange, false, []Action{ActCheckIdentity, ActMailForm, ActReceiveForm, ActChangeName}},
	{store.CaseContactChange, false, nil},
	{store.CaseContactChange, false, []Action{ActCheckIdentity, ActChangeContact}},
	{store.CaseCancellation, false, nil},
	{store.CaseCancellation, false, []Action{ActCheckIdentity, ActMailForm}},
	{store.CaseCancellation, false, []Action{ActCheckIdentity, ActMailForm, ActReceiveForm}},
	{store.CaseCancellation, false, []Action{ActCheckIdentity, ActMailForm, ActReceiveForm, ActApprove}},
	{store.CaseCancellation, false, []Action{ActCheckIdentity, ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership}},
	{store.CaseNameChange, false, []Action{ActWithdraw}},
	{store.CaseSuspectedFraud, false, nil},
	{store.CaseSuspectedFraud, false, []Action{ActConfirmFraud}},
	{store.CaseCardRenewal, false, nil}, // opened and checked at once: identity_verified
	{store.CaseCardRenewal, false, []Action{ActOrderReissue}},
	{store.CaseCardRenewal, false, []Action{ActOrderReissue, ActShipCard}},
}

// SeedDemoCases puts demo members into cases in every state of every case
// type, through the real workflow functions (so the demo's audit trail,
// letters and cards are exactly what operators would have made), and
// leaves queued letters of every kind. Members are the active ones with a
// card of the right kind and no open case, lowest member ID first. Letters
// that must be past printing are printed to spoolDir in two batches (the
// first marked mailed). operator does the steps; supervisor approves.
// Members numbered in leave are never picked: the demo's showcase members
// must stay in the states the README and trainees are told about. Only in
// a database created as a demo (EFORBIDDEN "demo.only" elsewhere).
func SeedDemoCases(ctx context.Context, s *Service, spoolDir, operator, supervisor string, leave ...string) (DemoReport, error) {
	var rep DemoReport
	// Demo cases print real-looking password notices: a demo database only.
	if err := s.requireDemo(); err != nil {
		return rep, err
	}
	// Approvals and batches need a supervisor account, every step an account.
	if err := s.ensureDemoAccounts(ctx, operator, supervisor); err != nil {
		return rep, err
	}
	s.demoLeave = map[int64]bool{}
	for _, no := range leave {
		m, err := s.st.MemberByNo(ctx, no)
		if err != nil {
			return rep, fmt.Errorf("demo: member to leave alone: %w", err)
		}
		s.demoLeave[m.ID] = true
	}
	type pending struct {
		c            store.Case
		prefix, rest []Action
	}
	// Phase 0 holds cases whose letter must be mailed before their later
	// steps, phase 1 the reset whose notice stays printed, phase 2 the rest,
	// whose letters stay queued. Every case is opened first, so no member
	// is picked twice.
	phases := make([][]pending, 3)
	for _, tg := range demoPaths {
		c, err := s.demoOpen(ctx, operator, tg)
		if err != nil {
			return rep, err
		}
		phase, cut := 2, len(tg.path)
		for i, a := range tg.path {
			if a == ActReceiveForm || a == ActPrintLetter {
				phase, cut = 0, i
				if a == ActPrintLetter && !contains(tg.path, ActMailLetter) {
					phase = 1
				}
				break
			}
		}
		phases[phase] = append(phases[phase], pending{c, tg.path[:cut], tg.path[cut:]})
	}
	run := func(p *pending, steps []Action) error {
		c, err := s.st.CaseByID(ctx, p.c.ID)
		if err != nil {
			return err
		}
		for _, a := range steps {
			if a == ActPrintLetter || a == ActMailLetter {
				continue // done by the batch
			}
			if c, err = s.demoStep(ctx, operator, supervisor, c, a); err != nil {
				return fmt.Errorf("demo %s %s: %w", c.No(), a, err)
			}
		}
		p.c = c
		return nil
	}
	for i, ph := range phases {
		for j := range ph {
			if err := run(&ph[j], ph[j].prefix); err != nil {
				return rep, err
			}
		}
		if i < 2 && len(ph) > 0 {
			b, err := s.PrintLetters(ctx, supervisor, spoolDir)
			if err != nil {
				return rep, err
			}
			if i == 0 {
				if b, err = s.MarkBatchMailed(ctx, supervisor, b.No()); err != nil {
					return rep, err
				}
			}
			rep.Batches = append(rep.Batches, b)
		}
		for j := range ph {
			if err := run(&ph[j], ph[j].rest); err != nil {
				return rep, err
			}
			rep.Cases = append(rep.Cases, ph[j].c)
		}
	}
	// Backdated cases give the queues ages and overdue cases (demo_aged.go).
	aged, err := s.seedAgedCases(ctx, operator, supervisor)
	rep.Cases = append(rep.Cases, aged...)
	return rep, err
}

func contains(as []Action, a Action) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// demoFar are the types added after the demo's first ones: their cases
// take members demoFarSkip further up the free ones, so they do not move
// the members the older demo cases (and the console's tests) take.
var demoFar = map[store.CaseType]bool{store.CaseSuspectedFraud: true, store.CaseCardRenewal: true}

const demoFarSkip = 20

// demoOpen opens a case of tg's type for the next suitable member.
func (s *Service) demoOpen(ctx context.Context, op string, tg demoTarget) (store.Case, error) {
	kind := store.CardStandard
	if tg.credit {
		kind = store.CardCredit
	}
	skip := 0
	if demoFar[tg.typ] {
		skip = demoFarSkip
	}
	ids, err := s.st.ActiveMembersWithCard(ctx, kind, len(s.demoLeave)+1+skip)
	if err != nil {
		return store.Case{}, err
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool { return s.demoLeave[id] })
	if len(ids) == 0 {
		return store.Case{}, fmt.Errorf("demo: no active member with a %s card left", kind)
	}
	if demoFar[tg.typ] {
		ids = ids[len(ids)-1:] // the furthest of those asked for
	}
	var r Result
	switch tg.typ {
	case store.CaseLostCard, store.CaseBrokenCard, store.CaseSuspectedFraud, store.CaseCardRenewal:
		cards, err := s.st.CardsOfMember(ctx, ids[0])
		if err != nil {
			return store.Case{}, err
		}
		var card store.Card
		for _, c := range cards {
			if c.Status == store.CardActive && c.Kind == kind {
				card = c
				break
			}
		}
		req := ReportCardRequest{MemberID: ids[0], CardID: card.ID, CardVersion: card.Version}
		switch tg.typ {
		case store.CaseSuspectedFraud:
			r, err = s.ReportSuspectedFraud(ctx, op, FraudReportRequest{MemberID: ids[0], CardID: card.ID,
				CardVersion: card.Version, Verdict: "not_genuine", Note: "カードテストで偽造の疑い"})
			return r.Case, err
		case store.CaseCardRenewal:
			m, err := s.st.MemberByID(ctx, ids[0])
			if err != nil {
				return store.Case{}, err
			}
			r, _, err = s.StartCardRenewal(ctx, op, CardRequest{CardID: card.ID, CardVersion: card.Version,
				Seen: m, Answers: IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
			return r.Case, err
		}
		if tg.typ == store.CaseLostCard {
			r, err = s.ReportLostCard(ctx, op, req)
		} else {
			r, err = s.ReportBrokenCard(ctx, op, req)
		}
		return r.Case, err
	default:
		r, err = s.OpenCase(ctx, op, OpenCaseRequest{MemberID: ids[0], Type: tg.typ})
		return r.Case, err
	}
}

// demoStep takes one step with the answers and input a real call would
// bring: the member's own identity facts, a new name or phone number.
func (s *Service) demoStep(ctx context.Context, op, sup string, c store.Case, a Action) (store.Case, error) {
	m, err := s.st.MemberByID(ctx, c.MemberID)
	if err != nil {
		return c, err
	}
	st := StepRequest{CaseID: c.ID, CaseVersion: c.Version}
	var r Result
	switch a {
	case ActCheckIdentity:
		r, _, err = s.CheckIdentity(ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
	case ActOrderReissue:
		r, err = s.OrderReissue(ctx, op, st)
	case ActShipCard:
		r, err = s.ShipCard(ctx, op, st)
	case ActReferToIssuer:
		r, err = s.ReferToIssuer(ctx, op, st)
	case ActMailForm:
		r, err = s.MailForm(ctx, op, MailFormRequest{CaseID: c.ID, CaseVersion: c.Version, NoRefundNoticeGiven: true})
	case ActReceiveForm:
		r, err = s.ReceiveForm(ctx, op, st)
	case ActIssuePassword:
		r, err = s.IssuePassword(ctx, op, st)
	case ActChangeName:
		r, err = s.ChangeName(ctx, op, ChangeNameRequest{CaseID: c.ID, CaseVersion: c.Version, MemberVersion: m.Version,
			FamilyName: "新井", GivenName: m.GivenName, FamilyKana: "アライ", GivenKana: m.GivenKana})
	case ActChangeContact:
		r, err = s.ChangeContact(ctx, op, ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
			MemberVersion: m.Version, Phone: "0312345678"})
	case ActApprove:
		r, err = s.Approve(ctx, sup, st)
	case ActConfirmFraud:
		r, err = s.ConfirmFraud(ctx, sup, st)
	case ActCancelMembership:
		r, err = s.CancelMembership(ctx, sup, st)
	case ActClose:
		r, err = s.CloseCase(ctx, op, st)
	case ActWithdraw:
		r, err = s.Withdraw(ctx, op, WithdrawRequest{c.ID, c.Version, "お客さまのご都合により取下げ"})
	default:
		return c, fmt.Errorf("demo: no step %s", a)
	}
	return r.Case, err
}
