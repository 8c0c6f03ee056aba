package workflows

import (
	"context"

	"spdesk/store"
)

// ChangeContactRequest changes any of postal code, address, phone and
// e-mail; an empty field keeps its current value.
type ChangeContactRequest struct {
	CaseID        int64
	CaseVersion   int64
	MemberVersion int64
	PostalCode    string
	Address       string
	Phone         string
	Email         string
	Note          string
}

// ChangeContact applies a contact change on the call, after a passed
// identity check, and closes the case: it is a one-step procedure. For a
// credit-function card the operator is reminded that the member must tell
// the card company too.
func (s *Service) ChangeContact(ctx context.Context, op string, req ChangeContactRequest) (Result, error) {
	var postal, address, phone, email string
	var err error
	if req.PostalCode != "" {
		if postal, err = NormalizePostalCode(req.PostalCode); err != nil {
			return Result{}, err
		}
	}
	if req.Address != "" {
		if address, err = NormalizeAddress(req.Address); err != nil {
			return Result{}, err
		}
	}
	if req.Phone != "" {
		if phone, err = NormalizePhone(req.Phone); err != nil {
			return Result{}, err
		}
	}
	if req.Email != "" {
		if email, err = NormalizeEmail(req.Email); err != nil {
			return Result{}, err
		}
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActChangeContact, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if m.Version != req.MemberVersion {
				return stale(m.No)
			}
			next := [4]string{m.PostalCode, m.Address, m.Phone, m.Email}
			names := [4]string{"postal_code", "address", "phone", "email"}
			for i, v := range [4]string{postal, address, phone, email} {
				if v != "" && v != next[i] {
					ev.before[names[i]], ev.after[names[i]] = next[i], v
					next[i] = v
				}
			}
			if len(ev.after) == 0 {
				return refuse(EINVALID, "change.nothing", "field", "contact")
			}
			if err := tx.UpdateMemberContact(m.ID, m.Version, next[0], next[1], next[2], next[3]); err != nil {
				return wrapStore(err, m.No)
			}
			if err := tx.ReindexMember(m.ID); err != nil {
				return err
			}
			ev.reminders = creditReminders(tx, m.ID, "remind.contact_issuer")
			_, addr := ev.after["address"]
			_, postal := ev.after["postal_code"]
			if addr || postal {
				// Hold the member's queued password notices now, in the
				// change's own transaction: held at print time instead, a
				// refused print run would roll the hold back.
				ev.then = func(tx *store.Tx) error { return holdMemberNotices(tx, op, m.ID) }
			}
			return nil
		})
}
