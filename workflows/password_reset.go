package workflows

import (
	"context"

	"spdesk/store"
)

// IssuePassword issues a new password for a verified caller: the old
// password and its lock die at once (only the new argon2id hash is kept),
// and a password notice carrying the clear text is queued; it is the only
// place the clear text exists, until the letter is printed. The letter
// should reach the member within PasswordLetterDays.
func (s *Service) IssuePassword(ctx context.Context, op string, req StepRequest) (Result, error) {
	pw, err := NewPassword(s.rand)
	if err != nil {
		return Result{}, s.wrapStore(err, "password")
	}
	// Hash before the transaction: argon2 is slow on purpose and must not
	// hold the write lock.
	hash, err := HashPassword(pw, s.pwParams, s.rand)
	if err != nil {
		return Result{}, s.wrapStore(err, "password")
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActIssuePassword, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if err := tx.SetPasswordHash(m.ID, hash); err != nil {
				return err
			}
			if err := tx.SetPasswordState(m.ID, m.Version, store.PasswordIssued); err != nil {
				return wrapStore(err, m.No)
			}
			ev.before["password_state"], ev.after["password_state"] = m.PasswordState, store.PasswordIssued
			l, err := queueLetter(tx, op, store.LetterPasswordNotice, *c, pw)
			if err != nil {
				return err
			}
			if err := supersedeNotices(tx, op, l); err != nil {
				return err
			}
			ev.letterID, ev.letter = l.ID, l
			ev.after["letter"] = l.RefNo()
			return nil
		})
}
