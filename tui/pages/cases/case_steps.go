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

// stepJob builds the job of one step on cs: a small form where the step
// needs input, the effects in words, and the workflow call.
func stepJob(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cs workflows.Case, act workflows.Action) *ui.Job {
	c, s := sh.Cat, settings(sh)
	lang := c.Lang()
	title := cs.No() + " " + workflows.ActionLabel(act, lang)
	card, newCard := cardNo(cards, cs.CardID), cardNo(cards, cs.NewCardID)
	step := workflows.StepRequest{CaseID: cs.ID, CaseVersion: cs.Version}
	var (
		form    *huh.Form
		effects []string
		call    func(ctx context.Context, svc workflows.Desk, op string, res *ui.JobResult) (workflows.Result, error)
	)
	simple := func(f func(context.Context, string, workflows.StepRequest) (workflows.Result, error)) {
		call = func(ctx context.Context, svc workflows.Desk, op string, _ *ui.JobResult) (workflows.Result, error) {
			return f(ctx, op, step)
		}
	}
	switch act {
	case workflows.ActCheckIdentity:
		a := &identityAnswers{}
		form = ui.NewJobForm(sh, identityGroup(sh, a))
		effects = []string{c.T("fx.identity")}
		call = func(ctx context.Context, svc workflows.Desk, op string, res *ui.JobResult) (workflows.Result, error) {
			r, ir, err := svc.CheckIdentity(ctx, op, workflows.CheckIdentityRequest{CaseID: cs.ID, CaseVersion: cs.Version, Answers: a.request()})
			lines := strings.Join(identityLines(c, ir), ", ")
			if err == nil && ir.Passed {
				res.Lines = append(res.Lines, c.F("id.passed", "fields", lines))
			} else if err == nil {
				res.Warn = append(res.Warn, c.F("id.failed", "fields", lines))
			}
			return r, err
		}
	case workflows.ActResume:
		effects = []string{c.F("fx.resume", "card", card)}
		simple(sh.Opts.Service.ResumeCard)
	case workflows.ActOrderReissue:
		effects = []string{c.F("fx.order", "years", s.CardValidYears, "due", dueIn(sh, s.CardDeliveryDays)), c.F("fx.order_old", "card", card)}
		simple(sh.Opts.Service.OrderReissue)
	case workflows.ActReferToIssuer:
		effects = []string{c.F("fx.credit", "company", cs.Company)}
		simple(sh.Opts.Service.ReferToIssuer)
	case workflows.ActMailForm:
		noRefund := false
		if cs.Type == workflows.CaseCancellation {
			form = ui.NewJobForm(sh, noRefundGroup(sh, &noRefund))
			effects = []string{c.F("fx.cancel_form", "due", dueIn(sh, s.FormReturnDays)), c.T("fx.cancel_pending"), c.T("fx.cancel_norefund")}
		} else {
			effects = []string{c.F("fx.mail_form", "postal", jpform.Postal(m.PostalCode), "due", dueIn(sh, s.FormReturnDays))}
		}
		call = func(ctx context.Context, svc workflows.Desk, op string, _ *ui.JobResult) (workflows.Result, error) {
			return svc.MailForm(ctx, op, workflows.MailFormRequest{CaseID: cs.ID, CaseVersion: cs.Version, NoRefundNoticeGiven: noRefund})
		}
	case workflows.ActReceiveForm:
		effects = []string{c.T("fx.receive")}
		if cs.Type == workflows.CaseCancellation {
			effects = append(effects, c.F("fx.receive_requester", "operator", sh.Operator))
		}
		simple(sh.Opts.Service.ReceiveForm)
	case workflows.ActShipCard:
		effects = []string{c.F("fx.ship_new", "card", newCard), c.F("fx.ship_old", "card", card)}
		simple(sh.Opts.Service.ShipCard)
	case workflows.ActIssuePassword:
		effects = []string{c.T("fx.pw_issue"), c.F("fx.pw_letter", "due", dueIn(sh, s.PasswordLetterDays))}
		simple(sh.Opts.Service.IssuePassword)
	case workflows.ActChangeName:
		n := &nameAnswers{family: m.FamilyName, given: m.GivenName, familyKana: m.FamilyKana, givenKana: m.GivenKana}
		form = ui.NewJobForm(sh, nameGroup(sh, n))
		effects = nil
		call = func(ctx context.Context, svc workflows.Desk, op string, _ *ui.JobResult) (workflows.Result, error) {
			return svc.ChangeName(ctx, op, workflows.ChangeNameRequest{CaseID: cs.ID, CaseVersion: cs.Version,
				MemberVersion: m.Version, FamilyName: n.family, GivenName: n.given, FamilyKana: n.familyKana, GivenKana: n.givenKana})
		}
		return finishStep(sh, m, cs, title, form, func() []string {
			return []string{c.F("fx.name", "old", m.Name(), "new", n.family+" "+n.given, "reading", n.familyKana+" "+n.givenKana), c.T("fx.name_kept")}
		}, call)
	case workflows.ActChangeContact:
		n := &contactAnswers{}
		form = ui.NewJobForm(sh, contactGroup(sh, n))
		call = func(ctx context.Context, svc workflows.Desk, op string, _ *ui.JobResult) (workflows.Result, error) {
			return n.apply(ctx, svc, op, cs, m.Version)
		}
		return finishStep(sh, m, cs, title, form, func() []string {
			return append(n.effects(c), c.T("fx.contact_close"))
		}, call)
	case workflows.ActApprove:
		effects = []string{c.F("fx.approve", "operator", sh.Operator, "requester", cs.RequestedBy)}
		simple(sh.Opts.Service.Approve)
	case workflows.ActCancelMembership:
		var revoked []string
		for _, cd := range cards {
			if cd.Status != workflows.CardRevoked {
				revoked = append(revoked, workflows.MaskCardNo(cd.No))
			}
		}
		effects = []string{c.T("fx.cancel_member"), c.F("fx.cancel_cards", "cards", strings.Join(revoked, ", ")), c.T("fx.cancel_norefund")}
		simple(sh.Opts.Service.CancelMembership)
	case workflows.ActClose:
		effects = []string{c.T("fx.close")}
		simple(sh.Opts.Service.CloseCase)
	case workflows.ActWithdraw:
		reason := ""
		form = ui.NewJobForm(sh, huh.NewGroup(huh.NewText().Title(c.T("withdraw.reason")).Value(&reason).CharLimit(1000).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New(c.T("withdraw.need"))
				}
				return nil
			})))
		call = func(ctx context.Context, svc workflows.Desk, op string, _ *ui.JobResult) (workflows.Result, error) {
			return svc.Withdraw(ctx, op, workflows.WithdrawRequest{CaseID: cs.ID, CaseVersion: cs.Version, Reason: reason})
		}
		return finishStep(sh, m, cs, title, form, func() []string {
			return []string{c.F("fx.withdraw", "reason", strings.TrimSpace(reason)), c.T("fx.withdraw_letters")}
		}, call)
	}
	return finishStep(sh, m, cs, title, form, func() []string { return effects }, call)
}

// finishStep wraps a step's call into a job: the result names the state
// the case moved to and passes on the workflow's reminders.
func finishStep(sh *ui.Shared, m workflows.Member, cs workflows.Case, title string, form *huh.Form, effects func() []string,
	call func(context.Context, workflows.Desk, string, *ui.JobResult) (workflows.Result, error)) *ui.Job {
	c := sh.Cat
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		res := ui.JobResult{CaseID: cs.ID, CaseNo: cs.No()}
		r, err := call(ctx, svc, op, &res)
		if err != nil {
			res.Err = err
			return res
		}
		res.Outcome = r
		res.Lines = append(res.Lines, c.F("done.state", "from", workflows.StateLabel(cs.State, c.Lang()), "to", workflows.StateLabel(r.Case.State, c.Lang())))
		if r.Card.ID != 0 {
			res.Lines = append(res.Lines, c.F("done.card", "card", workflows.MaskCardNo(r.Card.No), "expires", ui.FormatDate(c, r.Card.ExpiresOn)))
		}
		if r.Letter.ID != 0 {
			res.Lines = append(res.Lines, c.F("done.letter", "letter", r.Letter.RefNo(), "kind", ui.LetterKindLabel(c, r.Letter.Kind)))
		}
		res.Warn = append(res.Warn, reminders(sh, r.Reminders)...)
		return res
	}
	return ui.NewJob(sh, m.ID, title, form, effects, run)
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
