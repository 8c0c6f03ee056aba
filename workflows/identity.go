package workflows

import (
	"context"
	"crypto/subtle"
	"encoding/json"

	"spdesk/store"
)

// IdentityAnswers are what the caller says when asked; any field may be
// left empty (not asked).
type IdentityAnswers struct {
	BirthDate  string
	PostalCode string
	Phone      string
	Email      string
}

// FieldResult is the outcome for one answer.
type FieldResult string

const (
	NotAsked FieldResult = ""
	Match    FieldResult = "match"
	NoMatch  FieldResult = "no_match"
)

// IdentityResult says, per field, whether the answer matched; it never
// carries the stored value nor the answer.
type IdentityResult struct {
	BirthDate  FieldResult `json:"birth_date,omitempty"`
	PostalCode FieldResult `json:"postal_code,omitempty"`
	Phone      FieldResult `json:"phone,omitempty"`
	Email      FieldResult `json:"email,omitempty"`
	Passed     bool        `json:"passed"`
}

// minIdentityAnswers is how many matching answers a check needs to pass
// (and none may miss): one fact can be found on an envelope, two rarely.
const minIdentityAnswers = 2

// CheckIdentityRequest checks the caller of a case's member.
type CheckIdentityRequest struct {
	CaseID      int64
	CaseVersion int64
	Answers     IdentityAnswers
}

// CheckIdentity compares the caller's answers with the member record and
// records the per-field result (never the answers) on the case. A check
// that does not pass is recorded too and is not an error; answers in a
// wrong format are refused (EINVALID) and nothing is recorded. In a
// password reset a passed check moves the case to identity_verified.
func (s *Service) CheckIdentity(ctx context.Context, op string, req CheckIdentityRequest) (Result, IdentityResult, error) {
	var ir IdentityResult
	res, err := s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActCheckIdentity, "",
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			var err error
			if ir, err = matchIdentity(m, req.Answers, tx); err != nil {
				return err
			}
			b, _ := json.Marshal(ir)
			ev.before["identity_passed"] = c.IdentityPassed
			c.IdentityPassed, c.IdentityResult = ir.Passed, string(b)
			c.IdentityCheckedAt, c.IdentityCheckedBy = tx.Now, op
			ev.after["identity"] = ir
			if !ir.Passed && c.Type == store.CasePasswordReset && c.State == store.StateOpened {
				// A failed check keeps a reset where it is: the step's
				// target state is only for a passed one.
				ev.stay = true
			}
			return nil
		})
	return res, ir, err
}

// matchIdentity normalises each given answer and compares it in constant
// time, so neither the result's timing nor its content reveals the
// stored value.
func matchIdentity(m store.Member, a IdentityAnswers, tx *store.Tx) (IdentityResult, error) {
	var r IdentityResult
	eq := func(x, y string) FieldResult {
		if subtle.ConstantTimeCompare([]byte(x), []byte(y)) == 1 {
			return Match
		}
		return NoMatch
	}
	asked := 0
	if a.BirthDate != "" {
		d, err := NormalizeBirthDate(a.BirthDate, tx.Now)
		if err != nil {
			return r, err
		}
		r.BirthDate, asked = eq(d.String(), m.BirthDate.String()), asked+1
	}
	if a.PostalCode != "" {
		p, err := NormalizePostalCode(a.PostalCode)
		if err != nil {
			return r, err
		}
		r.PostalCode, asked = eq(p, m.PostalCode), asked+1
	}
	if a.Phone != "" {
		p, err := NormalizePhone(a.Phone)
		if err != nil {
			return r, err
		}
		r.Phone, asked = eq(p, m.Phone), asked+1
	}
	if a.Email != "" {
		e, err := NormalizeEmail(a.Email)
		if err != nil {
			return r, err
		}
		stored, _ := NormalizeEmail(m.Email)
		r.Email, asked = eq(e, stored), asked+1
	}
	if asked == 0 {
		return r, refuse(EINVALID, "identity.no_answers")
	}
	r.Passed = asked >= minIdentityAnswers
	for _, f := range []FieldResult{r.BirthDate, r.PostalCode, r.Phone, r.Email} {
		if f == NoMatch {
			r.Passed = false
		}
	}
	return r, nil
}
