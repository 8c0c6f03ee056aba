package workflows

import (
	"spdesk/internal/msg"
	"spdesk/store"
)

// Reasons a letter is cancelled outside a withdraw, as written in its
// audit row.
const (
	cancelMemberCancelled = "membership_cancelled" // the member is no longer a member
	cancelSuperseded      = "superseded"           // a newer password notice replaced it
)

// cancelLetter drops a queued letter, wiping its secret, with its own audit
// row (member and letter, not the case: the case does not move).
func cancelLetter(tx *store.Tx, op string, l store.Letter, reason string, after fields) error {
	if err := tx.CancelLetter(l.ID, l.Version); err != nil {
		return wrapStore(err, l.RefNo())
	}
	if after == nil {
		after = fields{}
	}
	after["letter_state"], after["reason"] = store.LetterCancelled, reason
	return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.cancel", MemberID: l.MemberID, LetterID: l.ID,
		Before: fields{"letter_state": store.LetterQueued}.json(), After: after.json()})
}

// withdrawForCancellation withdraws the member's open cases other than the
// cancellation itself, each with its withdraw row listing the letters it
// cancelled, and cancels the member's remaining queued letters. A cancelled
// member must get no new password and no card in the post. It returns the
// withdrawn case numbers and whether a queued password notice was dropped.
func (s *Service) withdrawForCancellation(tx *store.Tx, op string, cancel store.Case) ([]string, bool, error) {
	open, err := tx.OpenCasesOfMemberTx(cancel.MemberID)
	if err != nil {
		return nil, false, err
	}
	var withdrawn []string
	pwDropped := false
	reason := "membership cancelled (" + cancel.No() + ")"
	for _, c := range open {
		if c.ID == cancel.ID {
			continue
		}
		st, err := permit(c, ActWithdraw)
		if err != nil {
			return nil, false, err
		}
		ev := &stepEvent{before: fields{}, after: fields{"reason": reason}}
		letters, err := tx.QueuedLettersOfCase(c.ID)
		if err != nil {
			return nil, false, err
		}
		var cancelled []string
		for _, l := range letters {
			if err := tx.CancelLetter(l.ID, l.Version); err != nil {
				return nil, false, wrapStore(err, l.RefNo())
			}
			cancelled = append(cancelled, l.RefNo())
			pwDropped = pwDropped || l.Kind == store.LetterPasswordNotice
		}
		if len(cancelled) > 0 {
			ev.after["letters_cancelled"] = cancelled
		}
		if err := revokeUnshipped(tx, &c, ev); err != nil {
			return nil, false, err
		}
		from := c.State
		c.WithdrawReason = reason
		s.moveTo(tx, &c, st.To)
		if err := tx.UpdateCase(&c); err != nil {
			return nil, false, wrapStore(err, c.No())
		}
		if err := tx.AppendAudit(caseEvent(op, ActWithdraw, c, from, ev.before, ev.after)); err != nil {
			return nil, false, err
		}
		withdrawn = append(withdrawn, c.No())
	}
	// Letters of no open case (a reprint, or the cancellation's own).
	rest, err := tx.QueuedLettersOfMember(cancel.MemberID)
	if err != nil {
		return nil, false, err
	}
	for _, l := range rest {
		if err := cancelLetter(tx, op, l, cancelMemberCancelled, nil); err != nil {
			return nil, false, err
		}
		pwDropped = pwDropped || l.Kind == store.LetterPasswordNotice
	}
	return withdrawn, pwDropped, nil
}

// memberCancelled reports (and remembers in seen) whether a letter's member
// is cancelled: the print run's safety net.
func memberCancelled(tx *store.Tx, seen map[int64]bool, memberID int64) (bool, error) {
	if v, ok := seen[memberID]; ok {
		return v, nil
	}
	m, err := tx.Member(memberID)
	if err != nil {
		return false, wrapStore(err, "member")
	}
	seen[memberID] = m.Status == store.MemberCancelled
	return seen[memberID], nil
}

// openResetNotice finds a queued password notice of an open case of the
// member: a reprint must not supersede it, or the reset would wait for a
// letter that never comes.
func openResetNotice(tx *store.Tx, memberID int64) (store.Case, bool, error) {
	ls, err := tx.QueuedLettersOfMember(memberID)
	if err != nil {
		return store.Case{}, false, err
	}
	for _, l := range ls {
		if l.Kind != store.LetterPasswordNotice || l.CaseID == 0 {
			continue
		}
		c, err := tx.Case(l.CaseID)
		if err != nil {
			return c, false, wrapStore(err, "case")
		}
		if c.Open() {
			return c, true, nil
		}
	}
	return store.Case{}, false, nil
}

func init() {
	Messages.Add(msg.Set{"letters.reprint_reset_queued": {
		"受付 {case} の新しいパスワードの通知が印刷待ちです。この再印刷は不要なので却下してください",
		"case {case} already has a new password's notice queued: this reprint is not needed, reject it"}})
}

// supersedeNotices cancels the member's queued password notices other than
// the one just queued: each carries a password the new one replaced, and
// mailing it would only confuse the member (and put a dead secret in the
// post). One letter.cancel row each, naming the new letter.
func supersedeNotices(tx *store.Tx, op string, fresh store.Letter) error {
	ls, err := tx.QueuedLettersOfMember(fresh.MemberID)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.ID == fresh.ID || l.Kind != store.LetterPasswordNotice {
			continue
		}
		if err := cancelLetter(tx, op, l, cancelSuperseded, fields{"superseded_by": fresh.RefNo()}); err != nil {
			return err
		}
	}
	return nil
}
