package cases

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"charm.land/huh/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
	"spdesk/workflows/jpform"
)

// dueIn is the date n business days from today on the service's calendar,
// as the operator reads it: the date the confirmation panel promises.
func dueIn(sh *ui.Shared, n int) string {
	svc := sh.Opts.Service
	if svc == nil {
		return sh.Cat.T("date.none")
	}
	today := bizday.Day(svc.Now(), bizday.Tokyo)
	return ui.FormatDate(sh.Cat, workflows.DateOf(svc.Calendar().AddBusinessDays(today, n)))
}

// promises are what the member is told about the post today, in the
// FAQ's calendar days (a card in about 10, a password letter in 3–4).
func promises(sh *ui.Shared) workflows.Promises {
	if svc := sh.Opts.Service; svc != nil {
		return svc.Promises()
	}
	return workflows.PromisesAt(sh.Now())
}

func settings(sh *ui.Shared) workflows.Settings {
	if sh.Opts.Service == nil {
		return workflows.DefaultSettings()
	}
	return sh.Opts.Service.Settings()
}

// reminders renders what the workflow asks the operator to pass on.
func reminders(sh *ui.Shared, ns []workflows.Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = workflows.NoticeText(n, sh.Cat.Lang())
	}
	return out
}

// cardJob reports a lost (or broken) card: pick the card (preselected,
// the first usable one), confirm, and it is suspended at once. Usable is
// what workflows.MayReport allows: an active card, or one left suspended
// by a withdrawn case (listed after the active ones).
func cardJob(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case, broken bool) *ui.Job {
	c := sh.Cat
	var usable, suspended []workflows.Card
	for _, cd := range cards {
		switch {
		case workflows.MayReport(m, cd, cases) != nil:
		case cd.Status == workflows.CardActive:
			usable = append(usable, cd)
		default:
			suspended = append(suspended, cd)
		}
	}
	usable = append(usable, suspended...)
	picked := usable[0].ID
	opts := make([]huh.Option[int64], len(usable))
	for i, cd := range usable {
		kind := c.T("kind.standard")
		if cd.Kind == workflows.CardCredit {
			kind = c.T("kind.credit") + " " + ui.Safe(cd.Company)
		}
		opts[i] = huh.NewOption(fmt.Sprintf("%s  %s  %s %s", ui.Safe(workflows.MaskCardNo(cd.No)), kind,
			c.T("col.expires"), ui.FormatDate(c, cd.ExpiresOn)), cd.ID)
	}
	title, typ := c.T("proc.lost"), workflows.CaseLostCard
	if broken {
		title, typ = c.T("proc.broken"), workflows.CaseBrokenCard
	}
	var form *huh.Form
	if len(usable) > 1 { // one card is not a choice: straight to what will happen
		form = jobForm(sh, huh.NewGroup(huh.NewSelect[int64]().Title(c.T("proc.card")).Options(opts...).Value(&picked)))
	}
	card := func() workflows.Card {
		for _, cd := range usable {
			if cd.ID == picked {
				return cd
			}
		}
		return usable[0]
	}
	effects := func() []string {
		cd, s := card(), settings(sh)
		out := []string{c.F("fx.suspend", "card", workflows.MaskCardNo(cd.No)), c.F("fx.case_open", "type", workflows.CaseTypeLabel(typ, c.Lang()))}
		switch {
		case cd.Kind == workflows.CardCredit:
			out = append(out, c.F("fx.credit", "company", cd.Company))
		case broken:
			out = append(out, c.F("fx.reissue_form", "due", dueIn(sh, s.FormReturnDays)))
		default:
			out = append(out, c.F("fx.reissue_next", "promise", promises(sh).CardPromise(c.Lang())))
		}
		return out
	}
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		cd := card()
		req := workflows.ReportCardRequest{MemberID: m.ID, CardID: cd.ID, CardVersion: cd.Version}
		report := svc.ReportLostCard
		if broken {
			report = svc.ReportBrokenCard
		}
		r, err := report(ctx, op, req)
		res := ui.JobResult{Err: err, CaseID: r.Case.ID}
		if err == nil {
			res.CaseNo, res.Outcome = r.Case.No(), r
			res.Lines = []string{c.F("done.suspended", "card", workflows.MaskCardNo(cd.No))}
			res.Warn = reminders(sh, r.Reminders)
		}
		return res
	}
	return ui.NewJob(sh, m.ID, title, form, effects, run)
}

// openCaseJob opens a password reset, name change, contact change or
// cancellation: the caller's identity answers (and what the procedure
// needs besides), then the case is opened and the answers checked in one
// transaction (StartCase) and, when they match, the procedure's first
// step is taken in the same run. address is the address change: the
// contact change asking only the new address, postal code first.
func openCaseJob(sh *ui.Shared, m workflows.Member, typ workflows.CaseType, address bool) *ui.Job {
	c := sh.Cat
	a := &identityAnswers{}
	groups := identityGroups(sh, a)
	var contact *contactAnswers
	noRefund := false
	title := workflows.CaseTypeLabel(typ, c.Lang())
	switch {
	case typ == workflows.CaseContactChange && address:
		contact = &contactAnswers{}
		groups = append(groups, addressGroup(sh, contact))
		title = c.T("proc.address")
	case typ == workflows.CaseContactChange:
		contact = &contactAnswers{}
		groups = append(groups, contactGroup(sh, contact))
	case typ == workflows.CaseCancellation:
		groups = append(groups, noRefundGroup(sh, &noRefund))
	}
	s := settings(sh)
	effects := func() []string {
		out := []string{c.F("fx.case_open", "type", workflows.CaseTypeLabel(typ, c.Lang())), c.T("fx.identity")}
		switch typ {
		case workflows.CasePasswordReset:
			out = append(out, c.T("fx.pw_issue"), c.F("fx.pw_letter", "promise", promises(sh).PasswordPromise(c.Lang())))
		case workflows.CaseNameChange:
			out = append(out, c.F("fx.change_form", "postal", jpform.Postal(m.PostalCode), "due", dueIn(sh, s.FormReturnDays)))
		case workflows.CaseContactChange:
			out = append(out, contact.effects(c)...)
			out = append(out, c.T("fx.contact_close"))
		case workflows.CaseCancellation:
			// The no-refund answer was given in the form: said here as
			// what is recorded, not asked again.
			out = append(out, c.F("fx.cancel_form", "due", dueIn(sh, s.FormReturnDays)), c.T("fx.cancel_pending"),
				c.T("fx.cancel_norefund"), c.T("fx.cancel_approval"))
		}
		return out
	}
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		var res ui.JobResult
		startThen(ctx, svc, op, c, &res, m, typ, a, func(cs workflows.Case) error {
			var (
				r   workflows.Result
				err error
			)
			switch typ {
			case workflows.CasePasswordReset:
				r, err = svc.IssuePassword(ctx, op, workflows.StepRequest{CaseID: cs.ID, CaseVersion: cs.Version})
				if err == nil {
					if why := heldWhy(ctx, svc, r.Letter, c.Lang()); why != "" {
						res.Lines = append(res.Lines, c.F("done.pw_held", "letter", r.Letter.RefNo()))
						res.Warn = append(res.Warn, c.F("held.say", "why", why))
					} else {
						res.Lines = append(res.Lines, c.F("done.pw", "letter", r.Letter.RefNo()))
					}
				}
			case workflows.CaseNameChange:
				r, err = svc.MailForm(ctx, op, workflows.MailFormRequest{CaseID: cs.ID, CaseVersion: cs.Version})
				if err == nil {
					res.Lines = append(res.Lines, c.F("done.form", "letter", r.Letter.RefNo()))
				}
			case workflows.CaseContactChange:
				r, err = contact.apply(ctx, svc, op, cs, m.Version)
				if err == nil {
					res.Lines = append(res.Lines, c.T("done.contact"))
				}
			case workflows.CaseCancellation:
				r, err = svc.MailForm(ctx, op, workflows.MailFormRequest{CaseID: cs.ID, CaseVersion: cs.Version,
					NoRefundNoticeGiven: noRefund})
				if err == nil {
					res.Lines = append(res.Lines, c.F("done.form", "letter", r.Letter.RefNo()))
				}
			}
			if err == nil {
				res.Outcome = r
			}
			res.Warn = append(res.Warn, reminders(sh, r.Reminders)...)
			return err
		})
		return res
	}
	return ui.NewJob(sh, m.ID, title, jobForm(sh, groups...), effects, run)
}

// jobForm is every form of this package: the console's look, huh's keys
// in the console's language.
func jobForm(sh *ui.Shared, groups ...*huh.Group) *huh.Form { return ui.NewJobForm(sh, groups...) }

// postalFirst is a new address as callers say it and as it is written on
// an envelope: the postal code, then the address ("〒150-0001 東京都…").
var postalFirst = regexp.MustCompile(`^\s*〒?\s*([0-9０-９]{3}\s*[-‐－ー−]?\s*[0-9０-９]{4})[\s　]*(.*)$`)

// addressGroup asks the new address in one field, postal code first: an
// address change is two facts the caller gives together.
func addressGroup(sh *ui.Shared, n *contactAnswers) *huh.Group {
	c := sh.Cat
	var line string
	return huh.NewGroup(
		huh.NewInput().Title(c.T("address.new")).Placeholder(c.T("address.ph")).Value(&line).CharLimit(220).
			Validate(func(s string) error {
				n.postal, n.address = "", strings.TrimSpace(s)
				if p := postalFirst.FindStringSubmatch(s); p != nil {
					if _, err := workflows.NormalizePostalCode(p[1]); err != nil {
						return errors.New(workflows.Message(err, c.Lang()))
					}
					n.postal, n.address = p[1], strings.TrimSpace(p[2])
				}
				if n.postal == "" {
					return errors.New(c.T("address.need_postal"))
				}
				if n.address == "" {
					return errors.New(c.T("address.need_address"))
				}
				if _, err := workflows.NormalizeAddress(n.address); err != nil {
					return errors.New(workflows.Message(err, c.Lang()))
				}
				return nil
			}),
	).Title(c.T("address.title"))
}

// noRefundGroup makes the operator confirm they told the member the annual
// fee is not refunded; the workflow refuses a cancellation form without it.
func noRefundGroup(sh *ui.Shared, given *bool) *huh.Group {
	c := sh.Cat
	return huh.NewGroup(huh.NewConfirm().Title(c.T("cancel.norefund")).Description(c.T("cancel.norefund.desc")).
		Affirmative(c.T("yes")).Negative(c.T("no")).Value(given).
		Validate(func(b bool) error {
			if !b {
				return errors.New(workflows.Message(&workflows.Error{Key: "cancel.no_refund_notice"}, c.Lang()))
			}
			return nil
		}))
}

// contactAnswers are the new contact details; empty keeps the current one.
type contactAnswers struct{ postal, address, phone, email string }

func contactGroup(sh *ui.Shared, n *contactAnswers) *huh.Group {
	c := sh.Cat
	addr := func(s string) error { _, err := workflows.NormalizeAddress(s); return err }
	email := optional(sh, normEmail)
	return huh.NewGroup(
		huh.NewInput().Title(c.T("contact.postal")).Placeholder("123-4567").Value(&n.postal).
			Validate(optional(sh, normPostal)).CharLimit(20),
		huh.NewInput().Title(c.T("contact.address")).Value(&n.address).Validate(optional(sh, addr)).CharLimit(200),
		huh.NewInput().Title(c.T("contact.phone")).Placeholder("03-1234-5678").Value(&n.phone).
			Validate(optional(sh, normPhone)).CharLimit(20),
		huh.NewInput().Title(c.T("contact.email")).Value(&n.email).CharLimit(254).
			Validate(func(s string) error {
				if err := email(s); err != nil {
					return err
				}
				n.email = s
				if strings.TrimSpace(n.postal+n.address+n.phone+n.email) == "" {
					return errors.New(c.T("contact.none"))
				}
				return nil
			}),
	).Title(c.T("contact.title")).Description(c.T("contact.desc"))
}

func (n *contactAnswers) effects(c ui.Catalog) []string {
	var out []string
	add := func(key, v string) {
		if strings.TrimSpace(v) != "" {
			out = append(out, c.F("fx.contact", "field", c.T(key), "value", strings.TrimSpace(v)))
		}
	}
	add("contact.postal", n.postal)
	add("contact.address", n.address)
	add("contact.phone", n.phone)
	add("contact.email", n.email)
	return out
}

// apply changes the contact details at memberVersion, the version of the
// member the operator was looking at when the form opened: if someone
// changed the member since, the workflow refuses ("reload and try again")
// instead of writing over a change the operator never saw.
func (n *contactAnswers) apply(ctx context.Context, svc workflows.Desk, op string, cs workflows.Case,
	memberVersion int64) (workflows.Result, error) {
	return svc.ChangeContact(ctx, op, workflows.ChangeContactRequest{CaseID: cs.ID, CaseVersion: cs.Version,
		MemberVersion: memberVersion, PostalCode: n.postal, Address: n.address, Phone: n.phone, Email: n.email})
}
