package cases

import (
	"context"
	"errors"
	"strings"

	"charm.land/huh/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// identityAnswers are what the caller says, typed by the operator. They go
// to workflows.CheckIdentity and nowhere else: the console never shows a
// stored value to compare them with.
type identityAnswers struct{ birth, postal, phone, email string }

func (a *identityAnswers) request() workflows.IdentityAnswers {
	return workflows.IdentityAnswers{BirthDate: a.birth, PostalCode: a.postal, Phone: a.phone, Email: a.email}
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

// identityGroup asks for the caller's answers; at least two, as the
// workflow requires, checked when the last one is left.
func identityGroup(sh *ui.Shared, a *identityAnswers) *huh.Group {
	c := sh.Cat
	birth := func(s string) error {
		_, err := workflows.NormalizeBirthDate(s, sh.Now())
		return err
	}
	email := optional(sh, normEmail)
	return huh.NewGroup(
		huh.NewInput().Title(c.T("id.birth")).Placeholder("1980-01-02").Value(&a.birth).
			Validate(optional(sh, birth)).CharLimit(40),
		huh.NewInput().Title(c.T("id.postal")).Placeholder("123-4567").Value(&a.postal).
			Validate(optional(sh, normPostal)).CharLimit(20),
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
	).Title(c.T("id.title")).Description(c.T("id.desc"))
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

// checkThen runs the identity check on a case and, when it passes, next.
// A check that does not pass is recorded and reported, not an error: the
// case stays where it is for another try.
func checkThen(ctx context.Context, svc workflows.Desk, op string, c ui.Catalog, res *ui.JobResult,
	cs workflows.Case, a *identityAnswers, next func(workflows.Case) error) {
	r, ir, err := svc.CheckIdentity(ctx, op, workflows.CheckIdentityRequest{CaseID: cs.ID, CaseVersion: cs.Version,
		Answers: a.request()})
	if err != nil {
		res.Err = err
		return
	}
	if r.Case.ID != 0 { // checked, passed or not: the case moved on
		res.Outcome = r
	}
	lines := strings.Join(identityLines(c, ir), ", ")
	if !ir.Passed {
		res.Warn = append(res.Warn, c.F("id.failed", "fields", lines))
		return
	}
	res.Lines = append(res.Lines, c.F("id.passed", "fields", lines))
	if next != nil {
		res.Err = next(r.Case)
	}
}
