package workflows

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"strings"

	"spdesk/internal/msg"
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
// that does not pass is recorded too and is not an error, but its Result
// is Failed, with the failure in words: in state opened it ends the case
// as identity_failed (nothing else had happened; the procedure is started
// again for the next try), later it keeps the state for another try.
// Answers in a wrong format are refused (EINVALID) and nothing is
// recorded. In a password reset a passed check moves the case to
// identity_verified.
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
			if !ir.Passed {
				ev.failure = identityFailure(*c, ir)
				ev.stay = true // the target state is only for a passed check
				if c.State == store.StateOpened {
					ev.to = store.StateIdentityFailed
				}
			}
			return nil
		})
	return res, ir, err
}

func init() {
	Messages.Add(msg.Set{
		"identity.failed.ended": {"本人確認ができませんでした（{fields}）。受付 {case} は「本人確認不一致」で終了しました。答えを確かめて、手続きを始めからやり直してください",
			"identity not confirmed ({fields}): case {case} has ended as not confirmed; check the answers and start the procedure again"},
		"identity.failed.kept": {"本人確認ができませんでした（{fields}）。受付 {case} はそのままです。答えを確かめて、本人確認をやり直してください",
			"identity not confirmed ({fields}): case {case} stays as it was; check the answers and try the identity check again"},
	})
	fieldNames["no_match"] = msg.M{"一致しない項目", "did not match"}
	fieldNames["too_few"] = msg.M{"一致した答えが2つ未満", "fewer than two answers matched"}
}

// identityFailure says in words which answers did not match (never their
// values) and where the case stands.
func identityFailure(c store.Case, r IdentityResult) Notice {
	var miss []string
	for _, f := range []struct {
		name string
		res  FieldResult
	}{{"birth_date", r.BirthDate}, {"postal_code", r.PostalCode}, {"phone", r.Phone}, {"email", r.Email}} {
		if f.res == NoMatch {
			miss = append(miss, f.name)
		}
	}
	fields := "too_few"
	if len(miss) > 0 {
		fields = "no_match: " + strings.Join(miss, ", ")
	}
	key := "identity.failed.kept"
	if c.State == store.StateOpened {
		key = "identity.failed.ended"
	}
	return Notice{Key: key, Args: map[string]string{"case": c.No(), "fields": fields}}
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
