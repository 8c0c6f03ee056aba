package workflows

import (
	"context"
	"errors"

	"spdesk/internal/msg"
	"spdesk/store"
)

// A reprint is asked for by anyone and made by a second person, a
// supervisor. A password notice is never printed twice: its password was
// wiped when it was printed (the printed one is unknown to us by design),
// so its reprint issues a NEW password, which kills the old one. Reprints
// are queued on the member alone: their case has moved on, and the print
// run must not step it again.

// ReprintRequest asks for a printed or mailed letter to be printed again.
type ReprintRequest struct {
	LetterID int64
	Reason   string // why: returned by the post office, never arrived…
}

// RequestReprint records a reprint request for approval, with its audit row.
func (s *Service) RequestReprint(ctx context.Context, op string, req ReprintRequest) (store.ApprovalRequest, error) {
	var r store.ApprovalRequest
	reason, err := normalizeNote("reason", req.Reason, true)
	if err != nil {
		return r, err
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		l, err := tx.Letter(req.LetterID)
		if err != nil {
			return wrapStore(err, "letter")
		}
		if l.State != store.LetterPrinted && l.State != store.LetterMailed {
			return refuse(ESTATE, "reprint.not_printed", "letter", l.RefNo())
		}
		if p, err := tx.PendingRequestOfLetter(l.ID); err == nil {
			return refuse(ECONFLICT, "reprint.pending", "letter", l.RefNo(), "request", p.No())
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		r = store.ApprovalRequest{Kind: "letter_reprint", MemberID: l.MemberID, LetterID: l.ID,
			Reason: reason, RequestedBy: op}
		if err := tx.InsertApprovalRequest(&r); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.reprint_request", MemberID: l.MemberID, LetterID: l.ID, Note: reason,
			After: fields{"request": r.No(), "kind": l.Kind}.json()})
	})
	return r, err
}

// ApproveReprint makes an approved reprint: a supervisor other than the
// requester approves; a new letter of the same kind is queued (for a
// password notice, with a newly issued password). It returns the decided
// request; NewLetterID is the queued letter.
func (s *Service) ApproveReprint(ctx context.Context, op string, requestID, version int64) (store.ApprovalRequest, error) {
	var r store.ApprovalRequest
	if err := s.supervisorOnly(ctx, op, "letters.reprint_approve", nil); err != nil {
		return r, err
	}
	// A new password is made and hashed outside the transaction (argon2 is
	// slow on purpose); it is used only if the letter is a password notice.
	pw, err := NewPassword(s.rand)
	if err != nil {
		return r, s.wrapStore(err, "password")
	}
	hash, err := HashPassword(pw, s.pwParams, s.rand)
	if err != nil {
		return r, s.wrapStore(err, "password")
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		cur, l, err := s.decidable(tx, op, requestID, version)
		if err != nil {
			return err
		}
		m, err := loadMember(tx, l.MemberID)
		if err != nil {
			return err
		}
		secret, after := "", fields{"request": cur.No(), "kind": l.Kind}
		if l.Kind == store.LetterPasswordNotice {
			if c, queued, err := openResetNotice(tx, m.ID); err != nil {
				return err
			} else if queued {
				return refuse(ECONFLICT, "letters.reprint_reset_queued", "case", c.No())
			}
			if err := tx.SetPasswordHash(m.ID, hash); err != nil {
				return err
			}
			if err := tx.SetPasswordState(m.ID, m.Version, store.PasswordIssued); err != nil {
				return wrapStore(err, m.No)
			}
			secret, after["password_state"] = pw, store.PasswordIssued
		}
		nl, err := queueLetter(tx, op, l.Kind, store.Case{MemberID: m.ID}, secret)
		if err != nil {
			return err
		}
		if nl.Kind == store.LetterPasswordNotice {
			if err := supersedeNotices(tx, op, nl); err != nil {
				return err
			}
		}
		if err := tx.DecideApprovalRequest(cur.ID, cur.Version, "approved", op, nl.ID); err != nil {
			return wrapStore(err, cur.No())
		}
		after["letter"] = nl.RefNo()
		if err := tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.reprint_approve", MemberID: m.ID, LetterID: nl.ID, Before: fields{"letter": l.RefNo()}.json(), After: after.json()}); err != nil {
			return err
		}
		r, err = tx.ApprovalRequest(cur.ID)
		return err
	})
	return r, err
}

// RejectReprint turns a reprint request down, with the reason.
func (s *Service) RejectReprint(ctx context.Context, op string, requestID, version int64, reason string) (store.ApprovalRequest, error) {
	var r store.ApprovalRequest
	if err := s.supervisorOnly(ctx, op, "letters.reprint_reject", nil); err != nil {
		return r, err
	}
	reason, err := normalizeNote("reason", reason, true)
	if err != nil {
		return r, err
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		cur, l, err := s.decidable(tx, op, requestID, version)
		if err != nil {
			return err
		}
		if err := tx.DecideApprovalRequest(cur.ID, cur.Version, "rejected", op, 0); err != nil {
			return wrapStore(err, cur.No())
		}
		if err := tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.reprint_reject", MemberID: l.MemberID, LetterID: l.ID, Note: reason, After: fields{"request": cur.No()}.json()}); err != nil {
			return err
		}
		r, err = tx.ApprovalRequest(cur.ID)
		return err
	})
	return r, err
}

// decidable loads a pending request at the caller's version and its letter,
// refusing the requester as the approver.
func (s *Service) decidable(tx *store.Tx, op string, id, version int64) (store.ApprovalRequest, store.Letter, error) {
	r, err := tx.ApprovalRequest(id)
	if err != nil {
		return r, store.Letter{}, wrapStore(err, "request")
	}
	if r.State != "pending" {
		return r, store.Letter{}, refuse(ESTATE, "approval.decided", "request", r.No(), "by", r.DecidedBy)
	}
	if r.Version != version {
		return r, store.Letter{}, stale(r.No())
	}
	if r.RequestedBy == op {
		return r, store.Letter{}, refuse(EFORBIDDEN, "approval.same_person", "request", r.No(), "operator", op)
	}
	l, err := tx.Letter(r.LetterID)
	return r, l, wrapStore(err, "letter")
}

func init() {
	Messages.Add(msg.Set{
		"reprint.not_printed":  {"郵便物 {letter} はまだ印刷されていません。再印刷ではなく通常の印刷を行ってください", "letter {letter} has not been printed yet: print it with the batch, no reprint needed"},
		"reprint.pending":      {"郵便物 {letter} の再印刷は依頼 {request} で承認待ちです", "a reprint of {letter} is already waiting for approval ({request})"},
		"approval.decided":     {"依頼 {request} は {by} さんが処理済みです", "request {request} was already decided by {by}"},
		"approval.same_person": {"{operator} さんは依頼 {request} の依頼者のため承認できません。別の監督者が承認してください", "{operator} made request {request} and cannot decide it: another supervisor must"},
	})
}
