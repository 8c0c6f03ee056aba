package workflows

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"spdesk/store"
	"spdesk/store/luhn"
)

// ReportCardRequest reports a lost or broken card, at the card version the
// operator saw.
type ReportCardRequest struct {
	MemberID    int64
	CardID      int64
	CardVersion int64
	Note        string
}

// ReportLostCard opens a lost_card case and suspends the card at once, in
// one transaction: stopping misuse comes before anything else on the call,
// so it does not wait for the identity check. A card already suspended by
// an open case is refused, pointing to that case; one suspended with no
// open case (its case was withdrawn) gets a new case and stays suspended,
// so it is never stranded without a way back.
func (s *Service) ReportLostCard(ctx context.Context, op string, req ReportCardRequest) (Result, error) {
	return s.reportCard(ctx, op, store.CaseLostCard, req)
}

// ReportBrokenCard opens a broken_card case and suspends the card at once.
func (s *Service) ReportBrokenCard(ctx context.Context, op string, req ReportCardRequest) (Result, error) {
	return s.reportCard(ctx, op, store.CaseBrokenCard, req)
}

func (s *Service) reportCard(ctx context.Context, op string, t store.CaseType, req ReportCardRequest) (Result, error) {
	var res Result
	note, err := normalizeNote("note", req.Note, false)
	if err != nil {
		return res, err
	}
	err = s.writeMember(ctx, op, req.MemberID, func(tx *store.Tx) error {
		m, err := tx.Member(req.MemberID)
		if err != nil {
			return wrapStore(err, "member")
		}
		card, err := tx.Card(req.CardID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return wrapStore(err, "card")
		}
		if err != nil {
			card = store.Card{} // no card: reportRefusal says not found
		}
		var open []store.Case
		if card.Status == store.CardSuspended {
			if c, err := tx.OpenCaseOfCard(card.ID); err == nil {
				open = append(open, c)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if why := reportRefusal(m, card, open); why != nil { // maydo.go: what the console offers
			return why
		}
		if card.Version != req.CardVersion {
			return stale(MaskCardNo(card.No))
		}
		after := fields{"card_status": store.CardSuspended}
		if card.Status == store.CardSuspended {
			after["already_suspended"] = true
		} else if err := tx.SetCardStatus(card.ID, card.Version, store.CardSuspended); err != nil {
			return wrapStore(err, MaskCardNo(card.No))
		}
		c := store.Case{Type: t, MemberID: m.ID, CardID: card.ID, Credit: card.Kind == store.CardCredit,
			Company: card.Company, OpenedBy: op, AssignedTo: op, Note: note}
		s.moveTo(tx, &c, startState[t])
		if err := tx.InsertCase(&c); err != nil {
			return err
		}
		e := caseEvent(op, ActReport, c, "", fields{"card_status": card.Status}, after)
		e.Note = note
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		res.Case = c
		if c.Credit {
			res.Reminders = append(res.Reminders, Notice{Key: "remind.refer_issuer", Args: map[string]string{"company": c.Company}})
		}
		return nil
	})
	return res, err
}

// ResumeCard lifts the suspension of a lost card the member found again,
// before any reissue is ordered, and closes the case. It needs a passed
// identity check: a finder must not be able to revive a card by phone.
func (s *Service) ResumeCard(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActResume, req.Note, resumeStep) // card_next.go
}

// ReferToIssuer records that the member was told to contact the company of
// their credit-function card, which reissues it; we do not.
func (s *Service) ReferToIssuer(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActReferToIssuer, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			ev.after["referred_to"] = c.Company
			ev.reminders = append(ev.reminders, Notice{Key: "remind.refer_issuer",
				Args: map[string]string{"company": c.Company}})
			return nil
		})
}

// OrderReissue creates the replacement card: a new unique number, issued
// today, valid CardValidYears, linked to the old card. It is not usable
// (suspended) until it ships; the old card is revoked then.
func (s *Service) OrderReissue(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActOrderReissue, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			old, err := tx.Card(c.CardID)
			if err != nil {
				return wrapStore(err, "card")
			}
			no, err := s.newCardNo(tx)
			if err != nil {
				return err
			}
			issued := store.DateOf(day(tx.Now))
			card := store.Card{MemberID: m.ID, No: no, Kind: store.CardStandard, Status: store.CardSuspended,
				IssuedOn: issued, ExpiresOn: store.DateOf(issued.AddDate(s.settings.CardValidYears, 0, -1)),
				ReplacesCard: old.ID}
			if err := tx.InsertCard(&card); err != nil {
				return err
			}
			c.NewCardID = card.ID
			ev.after["new_card"] = MaskCardNo(card.No)
			ev.after["new_card_expires"] = card.ExpiresOn.String()
			ev.card = card
			if c.Type == store.CaseCardRenewal {
				// What the member is told: calendar days (promises.go).
				ev.reminders = append(ev.reminders, Notice{Key: "promise.card",
					Args: map[string]string{"date": PromisesAt(tx.Now).Card.String()}})
			}
			return nil
		})
}

// ShipCard records that the new card left for the member: it becomes
// usable and the card it replaces is revoked for good.
func (s *Service) ShipCard(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActShipCard, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			old, err := tx.Card(c.CardID)
			if err != nil {
				return wrapStore(err, "card")
			}
			card, err := tx.Card(c.NewCardID)
			if err != nil {
				return wrapStore(err, "new card")
			}
			if err := tx.SetCardStatus(card.ID, card.Version, store.CardActive); err != nil {
				return wrapStore(err, "new card")
			}
			if old.Status != store.CardRevoked {
				if err := tx.SetCardStatus(old.ID, old.Version, store.CardRevoked); err != nil {
					return wrapStore(err, "card")
				}
			}
			ev.before["card_status"], ev.after["card_status"] = old.Status, store.CardRevoked
			ev.before["new_card_status"], ev.after["new_card_status"] = card.Status, store.CardActive
			card.Status = store.CardActive
			card.Version++
			ev.card = card
			return nil
		})
}

// cardPrefix starts every card number spdesk issues.
const cardPrefix = "4980"

// newCardNo draws a 16-digit card number ending in its Luhn digit that no
// card has yet.
func (s *Service) newCardNo(tx *store.Tx) (string, error) {
	for range 100 {
		n, err := rand.Int(s.rand, big.NewInt(1e11))
		if err != nil {
			return "", err
		}
		body := fmt.Sprintf("%s%011d", cardPrefix, n.Int64())
		no := body + string(luhn.Digit(body))
		taken, err := tx.CardNoTaken(no)
		if err != nil {
			return "", err
		}
		if !taken {
			return no, nil
		}
	}
	return "", &Error{Code: EINTERNAL, Key: "internal", Err: errors.New("no free card number in 100 draws")}
}

// MaskCardNo shows only the first and last four digits:
// 4980-xxxx-xxxx-5678. Card numbers appear masked everywhere but on the
// card screen.
func MaskCardNo(no string) string {
	if len(no) != 16 {
		return "xxxx-xxxx-xxxx-xxxx"
	}
	return no[:4] + "-xxxx-xxxx-" + no[12:]
}
