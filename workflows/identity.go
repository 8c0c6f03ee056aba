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
	// Seen is the member as the operator's screen read it (zero: not
	// checked). When the member has changed since, nothing is checked or
	// recorded and the refusal (ECHANGED) says what changed: answers
	// compared with details the operator has not seen would fail for the
	// wrong reason.
	Seen store.Member
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
	res, err := s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActCheckIdentity, "", identityStep(op, req.Answers, req.Seen, &ir, false))
	return res, ir, s.whoChanged(ctx, err)
}

// StartCaseRequest starts a procedure that opens a case: the case type,
// the member as the operator's screen read it, and the caller's answers.
type StartCaseRequest struct {
	Type    store.CaseType
	Seen    store.Member // required: its ID names the member
	Answers IdentityAnswers
	Note    string
}

// StartCase opens a password reset, name change, contact change or
// cancellation and checks the caller's identity, in one transaction: a
// member changed since Seen (ECHANGED), answers in a wrong format
// (EINVALID) or any other refusal leave nothing behind, no case and no
// audit row. A check that does not pass is recorded and ends the case
// (identity_failed, Result.Failed); one that passes leaves the case ready
// for the procedure's first step (IssuePassword, MailForm, ChangeContact),
// which the caller takes next.
func (s *Service) StartCase(ctx context.Context, op string, req StartCaseRequest) (Result, IdentityResult, error) {
	var res Result
	var ir IdentityResult
	switch req.Type {
	case store.CasePasswordReset, store.CaseNameChange, store.CaseContactChange, store.CaseCancellation:
	case store.CaseLostCard, store.CaseBrokenCard:
		return res, ir, refuse(EINVALID, "case.use_report", "type", string(req.Type))
	default:
		return res, ir, refuse(EINVALID, "case.unknown_type", "type", string(req.Type))
	}
	note, err := normalizeNote("note", req.Note, false)
	if err != nil {
		return res, ir, err
	}
	err = s.writeMember(ctx, op, req.Seen.ID, func(tx *store.Tx) error {
		m, err := tx.Member(req.Seen.ID)
		if err != nil {
			return wrapStore(err, "member")
		}
		c, err := s.openIn(tx, op, m, req.Seen, req.Type, note)
		if err != nil {
			return err
		}
		res, err = s.stepIn(tx, op, c, ActCheckIdentity, "", identityStep(op, req.Answers, store.Member{}, &ir, true))
		return err
	})
	if err != nil {
		res, ir = Result{}, IdentityResult{}
	}
	return res, ir, s.whoChanged(ctx, err)
}

// identityStep is the check_identity step's own work: the member still
// what the operator saw, the answers compared, the result recorded. A
// failed check ends the case when it is in opened, or when fresh (the
// case was opened in the same transaction for this check: nothing else
// has happened on it).
func identityStep(op string, answers IdentityAnswers, seen store.Member, out *IdentityResult, fresh bool) func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
	return func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
		if why := checkSeen(seen, m); why != nil {
			return why
		}
		ir, err := matchIdentity(m, answers, tx)
		if err != nil {
			return err
		}
		*out = ir
		b, _ := json.Marshal(ir)
		ev.before["identity_passed"] = c.IdentityPassed
		c.IdentityPassed, c.IdentityResult = ir.Passed, string(b)
		c.IdentityCheckedAt, c.IdentityCheckedBy = tx.Now, op
		ev.after["identity"] = ir
		if !ir.Passed {
			ended := fresh || c.State == store.StateOpened
			ev.failure = identityFailure(*c, ir, ended)
			ev.stay = true // the target state is only for a passed check
			if ended {
				ev.to = store.StateIdentityFailed
			}
		}
		return nil
	}
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
func identityFailure(c store.Case, r IdentityResult, ended bool) Notice {
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
	if ended {
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
