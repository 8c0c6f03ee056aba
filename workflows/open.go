package workflows

import (
	"context"
	"errors"

	"spdesk/store"
)

// OpenCaseRequest opens a case for a member. Lost and broken cards have
// their own report functions, which also suspend the card.
type OpenCaseRequest struct {
	MemberID int64
	Type     store.CaseType
	Note     string
	// Seen is the member as the operator's screen read it (zero: not
	// checked). When the member has changed since, the case is not opened
	// and the refusal (ECHANGED) says what changed.
	Seen store.Member
}

// OpenCase opens a password_reset, name_change, contact_change or
// cancellation case in state opened. A member has at most one open case of
// each of these types: a second is refused, pointing to the first.
func (s *Service) OpenCase(ctx context.Context, op string, req OpenCaseRequest) (Result, error) {
	var res Result
	switch req.Type {
	case store.CasePasswordReset, store.CaseNameChange, store.CaseContactChange, store.CaseCancellation:
	case store.CaseLostCard, store.CaseBrokenCard:
		return res, refuse(EINVALID, "case.use_report", "type", string(req.Type))
	default:
		return res, refuse(EINVALID, "case.unknown_type", "type", string(req.Type))
	}
	note, err := normalizeNote("note", req.Note, false)
	if err != nil {
		return res, err
	}
	err = s.writeMember(ctx, op, req.MemberID, func(tx *store.Tx) error {
		m, err := tx.Member(req.MemberID)
		if err != nil {
			return wrapStore(err, "member")
		}
		res.Case, err = s.openIn(tx, op, m, req.Seen, req.Type, note)
		return err
	})
	if err == nil {
		res.Outcome = OutcomeDone
	}
	return res, s.whoChanged(ctx, err)
}

// openIn opens a case of typ for m inside tx, after the checks OpenCase
// makes: m is still what the operator saw, and no case of typ is open.
func (s *Service) openIn(tx *store.Tx, op string, m, seen store.Member, typ store.CaseType, note string) (store.Case, error) {
	if why := checkSeen(seen, m); why != nil {
		return store.Case{}, why
	}
	var open []store.Case
	if c, err := tx.OpenCaseOfType(m.ID, typ); err == nil {
		open = append(open, c)
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Case{}, err
	}
	if why := openRefusal(typ, m, open); why != nil { // maydo.go: what the console offers
		return store.Case{}, why
	}
	c := store.Case{Type: typ, MemberID: m.ID, OpenedBy: op, AssignedTo: op, Note: note}
	s.moveTo(tx, &c, startState[typ])
	if err := tx.InsertCase(&c); err != nil {
		return c, err
	}
	e := caseEvent(op, ActOpen, c, "", nil, nil)
	e.Note = note
	return c, tx.AppendAudit(e)
}

// WithdrawRequest withdraws an open case; the reason is required.
type WithdrawRequest struct {
	CaseID      int64
	CaseVersion int64
	Reason      string
}

// Withdraw ends an open case without finishing it. Its queued letters are
// cancelled (a queued password is wiped, and the member's password stays
// locked: nobody knows the one that was issued). A cancellation withdrawn
// after its form was mailed puts the membership back to active. A card
// suspended by the case stays suspended: lifting it is a resume, which
// needs the identity check, on a new report of the card. A replacement
// ordered but not shipped is revoked: nobody will ship it. The withdraw
// of a suspected fraud is a supervisor's false alarm (fraud.go): the card
// this case suspended is resumed.
func (s *Service) Withdraw(ctx context.Context, op string, req WithdrawRequest) (Result, error) {
	reason, err := normalizeNote("reason", req.Reason, true)
	if err != nil {
		return Result{}, err
	}
	if c, err := s.st.CaseByID(ctx, req.CaseID); err == nil && fraudDecision(c, ActWithdraw) {
		// The refusal is on record; stepRefusal checks the role again inside.
		if err := s.requireSupervisor(ctx, op, FnReviewFraud, &store.AuditEvent{CaseID: c.ID}); err != nil {
			return Result{}, err
		}
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActWithdraw, "",
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			c.WithdrawReason = reason
			ev.after["reason"] = reason
			letters, err := tx.QueuedLettersOfCase(c.ID)
			if err != nil {
				return err
			}
			var cancelled []string
			for _, l := range letters {
				if err := tx.CancelLetter(l.ID, l.Version); err != nil {
					return wrapStore(err, l.RefNo())
				}
				cancelled = append(cancelled, l.RefNo())
				if l.Kind == store.LetterPasswordNotice && m.PasswordState == store.PasswordIssued {
					if err := tx.SetPasswordState(m.ID, m.Version, store.PasswordLocked); err != nil {
						return wrapStore(err, m.No)
					}
					m.Version++
					ev.before["password_state"], ev.after["password_state"] = m.PasswordState, store.PasswordLocked
				}
			}
			if len(cancelled) > 0 {
				ev.after["letters_cancelled"] = cancelled
			}
			if err := revokeUnshipped(tx, c, ev); err != nil {
				return err
			}
			if c.Type == store.CaseSuspectedFraud {
				if err := clearFraud(tx, c, ev); err != nil {
					return err
				}
			}
			if c.Type == store.CaseCancellation && m.Status == store.MemberCancellationPending {
				if err := tx.SetMemberStatus(m.ID, m.Version, store.MemberActive); err != nil {
					return wrapStore(err, m.No)
				}
				ev.before["member_status"], ev.after["member_status"] = m.Status, store.MemberActive
			}
			return nil
		})
}

// revokeUnshipped revokes the replacement card a withdrawn case ordered but
// never shipped (it is still suspended), so no orphan card stays behind.
func revokeUnshipped(tx *store.Tx, c *store.Case, ev *stepEvent) error {
	if c.NewCardID == 0 {
		return nil
	}
	card, err := tx.Card(c.NewCardID)
	if err != nil {
		return wrapStore(err, "new card")
	}
	if card.Status != store.CardSuspended {
		return nil
	}
	if err := tx.SetCardStatus(card.ID, card.Version, store.CardRevoked); err != nil {
		return wrapStore(err, "new card")
	}
	ev.before["new_card_status"], ev.after["new_card_status"] = card.Status, store.CardRevoked
	return nil
}
