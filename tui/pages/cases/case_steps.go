package cases

import (
	"context"
	"errors"
	"strings"

	"charm.land/huh/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// stepKeys gives every operator step of a case its one key on the case
// screen. The letters are the step's initial where they can be.
var stepKeys = []struct {
	act workflows.Action
	key string
}{
	{workflows.ActCheckIdentity, "i"}, {workflows.ActResume, "r"}, {workflows.ActOrderReissue, "o"},
	{workflows.ActReferToIssuer, "f"}, {workflows.ActMailForm, "m"}, {workflows.ActReceiveForm, "v"},
	{workflows.ActShipCard, "s"}, {workflows.ActIssuePassword, "p"}, {workflows.ActChangeName, "n"},
	{workflows.ActChangeContact, "c"}, {workflows.ActApprove, "a"}, {workflows.ActCancelMembership, "x"},
	{workflows.ActClose, "d"}, {workflows.ActWithdraw, "w"},
}

// stepCall takes a step on cs, the case as it stands when the call runs
// (after an identity check in the same job, one version on).
type stepCall func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, res *ui.JobResult) (workflows.Result, error)

// stepParts are what one step asks (form groups, none for most), what it
// will do, in words, and the workflow call.
type stepParts struct {
	groups  []*huh.Group
	effects func() []string
	call    stepCall
}

// stepJob builds the job of one step on cs: a small form where the step
// needs input, the effects in words, and the workflow call.
func stepJob(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cs workflows.Case, act workflows.Action) *ui.Job {
	p := steps(sh, m, cards, cs, act)
	title := cs.No() + " " + workflows.ActionLabel(act, sh.Cat.Lang())
	return finishStep(sh, m, cs, title, formOf(sh, p.groups), p.effects, p.call)
}

// identityThenJob is the identity check and the step it is for, in one
// job: the caller's answers (and what the step asks), one confirmation,
// then the check and, when it passes, the step. The operator does not
// come back to the case screen in between.
func identityThenJob(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cs workflows.Case, act workflows.Action) *ui.Job {
	c := sh.Cat
	a := &identityAnswers{}
	p := steps(sh, m, cards, cs, act)
	title := cs.No() + " " + workflows.ActionLabel(act, c.Lang())
	effects := func() []string { return append([]string{c.T("fx.identity_first")}, p.effects()...) }
	call := func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, res *ui.JobResult) (workflows.Result, error) {
		r, ir, err := svc.CheckIdentity(ctx, op, workflows.CheckIdentityRequest{CaseID: cs.ID, CaseVersion: cs.Version, Answers: a.request(), Seen: m})
		if err != nil || r.Failed() || !ir.Passed {
			identityOutcome(c, res, r, ir)
			return r, err
		}
		identityOutcome(c, res, r, ir)
		return p.call(ctx, svc, op, r.Case, res)
	}
	return finishStep(sh, m, cs, title, formOf(sh, append(identityGroups(sh, a), p.groups...)), effects, call)
}

func formOf(sh *ui.Shared, groups []*huh.Group) *huh.Form {
	if len(groups) == 0 {
		return nil
	}
	return jobForm(sh, groups...)
}

func steps(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cs workflows.Case, act workflows.Action) stepParts {
	c, s := sh.Cat, settings(sh)
	card, newCard := cardNo(cards, cs.CardID), cardNo(cards, cs.NewCardID)
	var p stepParts
	fixed := func(lines ...string) { p.effects = func() []string { return lines } }
	simple := func(f func(context.Context, string, workflows.StepRequest) (workflows.Result, error)) {
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, _ *ui.JobResult) (workflows.Result, error) {
			return f(ctx, op, workflows.StepRequest{CaseID: cs.ID, CaseVersion: cs.Version})
		}
	}
	switch act {
	case workflows.ActCheckIdentity:
		a := &identityAnswers{}
		p.groups = identityGroups(sh, a)
		fixed(c.T("fx.identity"))
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, res *ui.JobResult) (workflows.Result, error) {
			r, ir, err := svc.CheckIdentity(ctx, op, workflows.CheckIdentityRequest{CaseID: cs.ID, CaseVersion: cs.Version, Answers: a.request(), Seen: m})
			identityOutcome(c, res, r, ir)
			return r, err
		}
	case workflows.ActResume:
		fixed(c.F("fx.resume", "card", card))
		simple(sh.Opts.Service.ResumeCard)
	case workflows.ActOrderReissue:
		fixed(c.F("fx.order", "years", s.CardValidYears, "promise", promises(sh).CardPromise(c.Lang())), c.F("fx.order_old", "card", card))
		simple(sh.Opts.Service.OrderReissue)
	case workflows.ActReferToIssuer:
		fixed(c.F("fx.credit", "company", cs.Company))
		simple(sh.Opts.Service.ReferToIssuer)
	case workflows.ActMailForm:
		// A cancellation's no-refund notice is asked once, when the
		// procedure starts (openCaseJob); a form mailed later from the
		// case screen asks it here, and only here.
		noRefund := false
		if cs.Type == workflows.CaseCancellation {
			p.groups = []*huh.Group{noRefundGroup(sh, &noRefund)}
			fixed(c.F("fx.cancel_form", "due", dueIn(sh, s.FormReturnDays)), c.T("fx.cancel_pending"), c.T("fx.cancel_norefund"))
		} else {
			fixed(c.F("fx.mail_form", "postal", jpform.Postal(m.PostalCode), "due", dueIn(sh, s.FormReturnDays)))
		}
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, _ *ui.JobResult) (workflows.Result, error) {
			return svc.MailForm(ctx, op, workflows.MailFormRequest{CaseID: cs.ID, CaseVersion: cs.Version, NoRefundNoticeGiven: noRefund})
		}
	case workflows.ActReceiveForm:
		lines := []string{c.T("fx.receive")}
		if cs.Type == workflows.CaseCancellation {
			lines = append(lines, c.F("fx.receive_requester", "operator", sh.Operator))
		}
		fixed(lines...)
		simple(sh.Opts.Service.ReceiveForm)
	case workflows.ActShipCard:
		fixed(c.F("fx.ship_new", "card", newCard), c.F("fx.ship_old", "card", card))
		simple(sh.Opts.Service.ShipCard)
	case workflows.ActIssuePassword:
		fixed(c.T("fx.pw_issue"), c.F("fx.pw_letter", "promise", promises(sh).PasswordPromise(c.Lang())))
		simple(sh.Opts.Service.IssuePassword)
	case workflows.ActChangeName:
		n := &nameAnswers{family: m.FamilyName, given: m.GivenName, familyKana: m.FamilyKana, givenKana: m.GivenKana}
		p.groups = []*huh.Group{nameGroup(sh, n)}
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, _ *ui.JobResult) (workflows.Result, error) {
			return svc.ChangeName(ctx, op, workflows.ChangeNameRequest{CaseID: cs.ID, CaseVersion: cs.Version,
				MemberVersion: m.Version, FamilyName: n.family, GivenName: n.given, FamilyKana: n.familyKana, GivenKana: n.givenKana})
		}
		p.effects = func() []string {
			return []string{c.F("fx.name", "old", m.Name(), "new", n.family+" "+n.given, "reading", n.familyKana+" "+n.givenKana), c.T("fx.name_kept")}
		}
	case workflows.ActChangeContact:
		n := &contactAnswers{}
		p.groups = []*huh.Group{contactGroup(sh, n)}
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, _ *ui.JobResult) (workflows.Result, error) {
			return n.apply(ctx, svc, op, cs, m.Version)
		}
		p.effects = func() []string { return append(n.effects(c), c.T("fx.contact_close")) }
	case workflows.ActApprove:
		fixed(approveEffects(sh, cs, cards)...)
		simple(sh.Opts.Service.Approve)
	case workflows.ActCancelMembership:
		fixed(c.T("fx.cancel_member"), c.F("fx.cancel_cards", "cards", liveCards(cards)), c.T("fx.cancel_norefund"))
		simple(sh.Opts.Service.CancelMembership)
	case workflows.ActClose:
		fixed(c.T("fx.close"))
		simple(sh.Opts.Service.CloseCase)
	case workflows.ActWithdraw:
		reason := ""
		p.groups = []*huh.Group{huh.NewGroup(huh.NewText().Title(c.T("withdraw.reason")).Value(&reason).CharLimit(1000).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New(c.T("withdraw.need"))
				}
				return nil
			}))}
		p.call = func(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case, _ *ui.JobResult) (workflows.Result, error) {
			return svc.Withdraw(ctx, op, workflows.WithdrawRequest{CaseID: cs.ID, CaseVersion: cs.Version, Reason: reason})
		}
		p.effects = func() []string {
			return []string{c.F("fx.withdraw", "reason", strings.TrimSpace(reason)), c.T("fx.withdraw_letters")}
		}
	}
	return p
}

// liveCards are the masked numbers of m's cards not yet revoked: what a
// cancellation revokes.
func liveCards(cards []workflows.Card) string {
	var out []string
	for _, cd := range cards {
		if cd.Status != workflows.CardRevoked {
			out = append(out, workflows.MaskCardNo(cd.No))
		}
	}
	return strings.Join(out, ", ")
}

// approveEffects are what approving a cancellation leads to: who may
// approve it, then what the next step (cancel the membership) does, so
// the approver knows what they agree to.
func approveEffects(sh *ui.Shared, cs workflows.Case, cards []workflows.Card) []string {
	c := sh.Cat
	return []string{c.F("fx.approve", "operator", sh.Operator, "requester", cs.RequestedBy),
		c.F("fx.approve_who", "who", workflows.WhoApproves(cs, c.Lang())),
		c.T("fx.approve_then"), c.F("fx.cancel_cards", "cards", liveCards(cards)), c.T("fx.cancel_norefund_after")}
}

// finishStep wraps a step's call into a job: the result names the state
// the case moved to and passes on the workflow's reminders.
func finishStep(sh *ui.Shared, m workflows.Member, cs workflows.Case, title string, form *huh.Form, effects func() []string,
	call stepCall) *ui.Job {
	c := sh.Cat
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		res := ui.JobResult{CaseID: cs.ID, CaseNo: cs.No()}
		r, err := call(ctx, svc, op, cs, &res)
		if err != nil {
			res.Err = err
			return res
		}
		res.Outcome = r
		if r.Failed() { // the failure is said already (identityOutcome); no state line under it
			return res
		}
		res.Lines = append(res.Lines, c.F("done.state", "from", workflows.StateLabel(cs.State, c.Lang()), "to", workflows.StateLabel(r.Case.State, c.Lang())))
		if r.Card.ID != 0 {
			res.Lines = append(res.Lines, c.F("done.card", "card", workflows.MaskCardNo(r.Card.No), "expires", ui.FormatDate(c, r.Card.ExpiresOn)))
		}
		if why := heldWhy(ctx, svc, r.Letter, c.Lang()); why != "" {
			res.Lines = append(res.Lines, c.F("done.letter_held", "letter", r.Letter.RefNo(), "kind", ui.LetterKindLabel(c, r.Letter.Kind)))
			res.Warn = append(res.Warn, c.F("held.say", "why", why))
		} else if r.Letter.ID != 0 {
			res.Lines = append(res.Lines, c.F("done.letter", "letter", r.Letter.RefNo(), "kind", ui.LetterKindLabel(c, r.Letter.Kind)))
		}
		res.Warn = append(res.Warn, reminders(sh, r.Reminders)...)
		return res
	}
	return ui.NewJob(sh, m.ID, title, form, effects, run)
}

// heldWhy is why letter l, just queued, is held for a supervisor (the
// address rule holds a password notice after a recent address change),
// "" when it is not or l is no letter. The caller must not be promised
// the usual days then (#6): the result says it on the call. A failed
// read says nothing more; the member screen shows the hold too.
func heldWhy(ctx context.Context, svc workflows.Desk, l workflows.Letter, lang string) string {
	if l.ID == 0 {
		return ""
	}
	held, err := svc.HeldLetters(ctx)
	if err != nil {
		return ""
	}
	for _, h := range held {
		if h.ID == l.ID && h.Hold != "" {
			return workflows.HoldReason(h.Hold, lang)
		}
	}
	return ""
}

func cardNo(cards []workflows.Card, id int64) string {
	for _, cd := range cards {
		if cd.ID == id {
			return workflows.MaskCardNo(cd.No)
		}
	}
	return "—"
}

// nameAnswers is the name written on the returned change request form.
type nameAnswers struct{ family, given, familyKana, givenKana string }

func nameGroup(sh *ui.Shared, n *nameAnswers) *huh.Group {
	c := sh.Cat
	name := func(field string) func(string) error {
		return func(s string) error {
			if _, err := workflows.NormalizeName(field, s); err != nil {
				return errors.New(workflows.Message(err, c.Lang()))
			}
			return nil
		}
	}
	// A reading in hiragana or half-width kana is folded, not refused; the
	// folded text goes back in the field so the operator sees what is kept.
	reading := func(field string, v *string) func(string) error {
		return func(s string) error {
			k, err := workflows.FoldReading(field, s)
			if err != nil {
				return errors.New(workflows.Message(err, c.Lang()))
			}
			*v = k
			return nil
		}
	}
	return huh.NewGroup(
		huh.NewInput().Title(c.T("name.family")).Value(&n.family).Validate(name("family_name")).CharLimit(60),
		huh.NewInput().Title(c.T("name.given")).Value(&n.given).Validate(name("given_name")).CharLimit(60),
		huh.NewInput().Title(c.T("name.familykana")).Value(&n.familyKana).Validate(reading("family_kana", &n.familyKana)).CharLimit(60),
		huh.NewInput().Title(c.T("name.givenkana")).Value(&n.givenKana).Validate(reading("given_kana", &n.givenKana)).CharLimit(60),
	).Title(c.T("name.title"))
}
