package cases

import (
	"context"
	"errors"
	"strings"

	"charm.land/huh/v2"

	"spdesk/internal/jpdate"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// identityAnswers are what the caller says, typed by the operator. They go
// to workflows.CheckIdentity and nowhere else: the console never shows a
// stored value to compare them with.
type identityAnswers struct{ birth, postal, phone, email string }

func (a *identityAnswers) request() workflows.IdentityAnswers {
	return workflows.IdentityAnswers{BirthDate: isoDate(a.birth), PostalCode: a.postal, Phone: a.phone, Email: a.email}
}

// isoDate reads a date as callers give it, a Western date or an era
// date (平成2年9月22日, H2.9.22, 令和元年5月1日), into 1990-09-22: the one
// form the workflow compares. Anything else is left as typed, for the
// workflow to refuse in its own words.
func isoDate(s string) string {
	if d, err := jpdate.Parse(s); err == nil {
		return d.String()
	}
	return s
}

func (a *identityAnswers) given() int {
	n := 0
	for _, s := range []string{a.birth, a.postal, a.phone, a.email} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

// optional turns a workflows normaliser into inline huh validation: empty
// is fine (not asked), anything else must normalise, and the message is
// the workflow's own, in the console's language.
func optional(sh *ui.Shared, norm func(string) error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		if err := norm(s); err != nil {
			return errors.New(workflows.Message(err, sh.Cat.Lang()))
		}
		return nil
	}
}

func normPostal(s string) error { _, err := workflows.NormalizePostalCode(s); return err }
func normPhone(s string) error  { _, err := workflows.NormalizePhone(s); return err }
func normEmail(s string) error  { _, err := workflows.NormalizeEmail(s); return err }

// identityGroups ask for the caller's answers; at least two, as the
// workflow requires. Date of birth and postal code come first; the phone
// and e-mail are asked only when those two are not both given, so the
// common call needs no enter on an empty field.
func identityGroups(sh *ui.Shared, a *identityAnswers) []*huh.Group {
	c := sh.Cat
	birth := func(s string) error {
		_, err := workflows.NormalizeBirthDate(isoDate(s), sh.Now())
		return err
	}
	email := optional(sh, normEmail)
	return []*huh.Group{
		huh.NewGroup(
			huh.NewInput().Title(c.T("id.birth")).Placeholder(c.T("id.birth.ph")).Value(&a.birth).
				Validate(optional(sh, birth)).CharLimit(40),
			huh.NewInput().Title(c.T("id.postal")).Placeholder("123-4567").Value(&a.postal).
				Validate(optional(sh, normPostal)).CharLimit(20),
		).Title(c.T("id.title")).Description(c.T("id.desc")),
		huh.NewGroup(
			huh.NewInput().Title(c.T("id.phone")).Placeholder("03-1234-5678").Value(&a.phone).
				Validate(optional(sh, normPhone)).CharLimit(20),
			huh.NewInput().Title(c.T("id.email")).Value(&a.email).CharLimit(254).
				Validate(func(s string) error {
					if err := email(s); err != nil {
						return err
					}
					a.email = s
					if a.given() < 2 {
						return errors.New(c.T("id.two"))
					}
					return nil
				}),
		).Title(c.T("id.title")).Description(c.T("id.more")).
			WithHideFunc(func() bool { return strings.TrimSpace(a.birth) != "" && strings.TrimSpace(a.postal) != "" }),
	}
}

// identityOutcome puts an identity check's answer in the job's result:
// passed, or a failure shown as one (the workflow's own words for what
// failed and what to do), never as done.
func identityOutcome(c ui.Catalog, res *ui.JobResult, r workflows.Result, ir workflows.IdentityResult) {
	if r.Case.ID != 0 {
		res.Outcome = r
	}
	lines := strings.Join(identityLines(c, ir), ", ")
	switch {
	case r.Failed() || (r.Case.ID != 0 && !ir.Passed):
		res.Failed = true
		if r.Failure.Key != "" {
			res.Warn = append(res.Warn, workflows.NoticeText(r.Failure, c.Lang()))
		} else {
			res.Warn = append(res.Warn, c.F("id.failed", "fields", lines))
		}
	case ir.Passed:
		res.Lines = append(res.Lines, c.F("id.passed", "fields", lines))
	}
}

// identityLines says match or no match per answered field, never a value.
func identityLines(c ui.Catalog, r workflows.IdentityResult) []string {
	var out []string
	for _, f := range []struct {
		key string
		res workflows.FieldResult
	}{{"id.birth", r.BirthDate}, {"id.postal", r.PostalCode}, {"id.phone", r.Phone}, {"id.email", r.Email}} {
		switch f.res {
		case workflows.Match:
			out = append(out, c.T(f.key)+": "+c.T("id.match"))
		case workflows.NoMatch:
			out = append(out, c.T(f.key)+": "+c.T("id.nomatch"))
		}
	}
	return out
}

// startThen opens a case of typ for m and checks the caller's identity
// in one transaction (workflows.StartCase: a member changed since the
// screen read it, or malformed answers, leave no case), then, when the
// check passes, takes the procedure's first step with next.
func startThen(ctx context.Context, svc workflows.Desk, op string, c ui.Catalog, res *ui.JobResult,
	m workflows.Member, typ workflows.CaseType, a *identityAnswers, next func(workflows.Case) error) {
	r, ir, err := svc.StartCase(ctx, op, workflows.StartCaseRequest{Type: typ, Seen: m, Answers: a.request()})
	if err != nil {
		res.Err = err
		return
	}
	res.CaseID, res.CaseNo = r.Case.ID, r.Case.No()
	identityOutcome(c, res, r, ir)
	if res.Failed || next == nil {
		return
	}
	res.Err = next(r.Case)
}
