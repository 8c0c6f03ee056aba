package workflows

import (
	"context"
	"errors"

	"spdesk/store"
)

// Approve approves a cancellation whose form came back. The approver must
// be a second person: neither the operator who opened the case nor the one
// who recorded the returned form (stepRefusal checks both).
func (s *Service) Approve(ctx context.Context, op string, req StepRequest) (Result, error) {
	// The refusal names who may approve instead, so it reads the case
	// (outside the write: a refused approval writes only its denial).
	c, err := s.st.CaseByID(ctx, req.CaseID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Result{}, s.wrapStore(err, "case")
	}
	if err := s.requireRole(ctx, op, FnApproveCancel, &store.AuditEvent{CaseID: req.CaseID},
		func(a Actor) *Error { return approveRefusal(a, c) }); err != nil {
		return Result{}, err
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActApprove, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			c.ApprovedBy = op
			ev.after["approved_by"] = op
			return nil
		})
}

// CancelMembership ends an approved cancellation: the membership is
// cancelled and every card revoked; the member's other open cases are
// withdrawn and their queued letters cancelled, so no new password or card
// goes out to a former member. The annual fee is not refunded (the
// operator said so when the form was mailed).
func (s *Service) CancelMembership(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActCancelMembership, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			withdrawn, pwDropped, err := s.withdrawForCancellation(tx, op, *c)
			if err != nil {
				return err
			}
			if len(withdrawn) > 0 {
				ev.after["cases_withdrawn"] = withdrawn
			}
			if pwDropped && m.PasswordState == store.PasswordIssued {
				// Nobody knows the password that was issued: as a withdraw does.
				if err := tx.SetPasswordState(m.ID, m.Version, store.PasswordLocked); err != nil {
					return wrapStore(err, m.No)
				}
				m.Version++
				ev.before["password_state"], ev.after["password_state"] = m.PasswordState, store.PasswordLocked
			}
			cards, err := tx.CardsOfMember(m.ID)
			if err != nil {
				return err
			}
			var revoked []string
			for _, card := range cards {
				if card.Status == store.CardRevoked {
					continue
				}
				if err := tx.SetCardStatus(card.ID, card.Version, store.CardRevoked); err != nil {
					return wrapStore(err, "card")
				}
				revoked = append(revoked, MaskCardNo(card.No))
			}
			if err := tx.SetMemberStatus(m.ID, m.Version, store.MemberCancelled); err != nil {
				return wrapStore(err, m.No)
			}
			ev.before["member_status"], ev.after["member_status"] = m.Status, store.MemberCancelled
			ev.after["cards_revoked"] = revoked
			return nil
		})
}
