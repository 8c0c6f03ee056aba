package workflows

import (
	"context"

	"spdesk/store"
)

// formOf is the form each case type mails.
var formOf = map[store.CaseType]store.LetterKind{
	store.CaseBrokenCard:   store.LetterReissueForm,
	store.CaseNameChange:   store.LetterChangeForm,
	store.CaseCancellation: store.LetterCancellationForm,
}

// MailFormRequest mails a case's form. NoRefundNoticeGiven is the
// operator's confirmation, required for a cancellation, that they told the
// member the annual fee is not refunded for a mid-year cancellation.
type MailFormRequest struct {
	CaseID              int64
	CaseVersion         int64
	NoRefundNoticeGiven bool
	Note                string
}

// MailForm queues the case's form to the registered address (reissue
// request form with a return envelope, change request form, or
// cancellation form) and expects it back within FormReturnDays. For a
// cancellation the membership becomes cancellation_pending.
func (s *Service) MailForm(ctx context.Context, op string, req MailFormRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActMailForm, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if c.Type == store.CaseCancellation {
				if !req.NoRefundNoticeGiven {
					return refuse(EINVALID, "cancel.no_refund_notice")
				}
				c.NoRefundNotice = true
				ev.after["no_refund_notice"] = true
				if err := tx.SetMemberStatus(m.ID, m.Version, store.MemberCancellationPending); err != nil {
					return wrapStore(err, m.No)
				}
				ev.before["member_status"], ev.after["member_status"] = m.Status, store.MemberCancellationPending
			}
			l, err := queueLetter(tx, op, formOf[c.Type], *c, "")
			if err != nil {
				return err
			}
			ev.letterID, ev.letter = l.ID, l
			ev.after["letter"] = l.RefNo()
			return nil
		})
}

// ReceiveForm records that the member's filled-in form came back. For a
// cancellation the operator recording it becomes the requester, who may
// not approve it.
func (s *Service) ReceiveForm(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActReceiveForm, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if c.Type == store.CaseCancellation {
				c.RequestedBy = op
				ev.after["requested_by"] = op
			}
			return nil
		})
}
