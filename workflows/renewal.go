package workflows

import (
	"context"
	"errors"

	"spdesk/internal/msg"
	"spdesk/store"
)

// A standard card is valid five years (FAQ); an expired one is reissued by
// a card renewal (issue 12 §3.12): opened → identity_verified (the caller's
// identity, in the same transaction as the opening) → reissue_ordered (a
// new card, suspended until it ships; the member is told "about 10 days",
// PromisesAt) → card_shipped (the new card active, the old one revoked) →
// closed. Due dates count business days (Settings.CardDeliveryDays). A
// credit-function card's expiry is its company's. The same procedure gives
// a new card after a supervisor confirmed a suspected fraud (the card it
// revoked is renewed).
//
// The rule reads no date: the card test that said "expired" read the
// card's own date as well as the database's (the earlier counts), so it is
// the evidence; the expiry date goes into the audit row of the opening.

// ProcCardRenewal opens a card renewal. Like ProcResumeCard it is offered
// from CardNextStep (verdict expired) and the member's card list, not in
// Procedures().
const ProcCardRenewal = Procedure(store.CaseCardRenewal)

func init() {
	Messages.Add(msg.Set{
		"renewal.none": {"会員 {member} には更新できるカードがありません（期限切れの通常カード、または不正使用の確定で失効したカードが対象です）",
			"member {member} has no card to renew (a standard card that has expired, or one revoked after a confirmed fraud, can be)"},
		"renewal.credit": {"クレジット機能付きカードの有効期限と再発行は {company} が扱います。{company} へ連絡するよう案内してください",
			"a credit-function card's expiry and reissue are {company}'s: tell the member to contact {company}"},
		"renewal.revoked": {"カード {card} は失効しています。新しいカードがあるか、解約の状況を確かめてください",
			"card {card} is revoked: check for a newer card and whether the membership ended"},
		"renewal.replaced": {"カード {card} にはすでに新しいカード {new} があります", "card {card} is already replaced by card {new}"},
		"renewal.open_case": {"カード {card} は受付 {case}（状態「{state}」）で手続き中です。その受付を開いてください",
			"card {card} is in case {case} ({state}): open that case"},
		"renewal.cancelling": {"会員 {member} は解約の手続き中です。カードの更新はできません",
			"member {member} is cancelling the membership: no card renewal"},
	})
}

// MayRenew says whether card of m (who holds cards and has cases) may be
// renewed now by StartCardRenewal: nil, or the refusal it gives.
func MayRenew(m store.Member, card store.Card, cards []store.Card, cases []store.Case) error {
	if why := renewRefusal(m, card, cards, cases); why != nil {
		return why
	}
	return nil
}

func renewMemberRefusal(m store.Member) *Error {
	switch m.Status {
	case store.MemberCancelled:
		return cancelledRefusal(m)
	case store.MemberCancellationPending:
		return refuse(ESTATE, "renewal.cancelling", "member", m.No)
	}
	return nil
}

func renewRefusal(m store.Member, card store.Card, cards []store.Card, cases []store.Case) *Error {
	if why := renewMemberRefusal(m); why != nil {
		return why
	}
	switch {
	case card.ID == 0 || card.MemberID != m.ID:
		return refuse(ENOTFOUND, "not_found", "what", "card")
	case card.Kind == store.CardCredit:
		return refuse(ESTATE, "renewal.credit", "company", card.Company)
	case card.Status == store.CardRevoked && !fraudRevoked(card, cases):
		return refuse(ESTATE, "renewal.revoked", "card", MaskCardNo(card.No))
	}
	for _, cd := range cards {
		if cd.ReplacesCard == card.ID && cd.Status != store.CardRevoked {
			return refuse(ESTATE, "renewal.replaced", "card", MaskCardNo(card.No), "new", MaskCardNo(cd.No))
		}
	}
	if open, ok := newestOpen(cases, func(c store.Case) bool { return c.CardID == card.ID }); ok {
		return refuse(ECONFLICT, "renewal.open_case", "card", MaskCardNo(card.No), "case", open.No(),
			"state", string(open.State))
	}
	return nil
}

// fraudRevoked: card was revoked by a confirmed suspected fraud.
func fraudRevoked(card store.Card, cases []store.Case) bool {
	for _, c := range cases {
		if c.Type == store.CaseSuspectedFraud && c.CardID == card.ID && c.State == store.StateClosed {
			return true
		}
	}
	return false
}

// renewStartRefusal is MayStart's check of ProcCardRenewal: some card of m
// may be renewed. When none may, a card in an open case names that case.
func renewStartRefusal(m store.Member, cards []store.Card, cases []store.Case) *Error {
	if why := renewMemberRefusal(m); why != nil {
		return why
	}
	var why *Error
	for _, cd := range cards {
		r := renewRefusal(m, cd, cards, cases)
		if r == nil {
			return nil
		}
		if r.Key == "renewal.open_case" && why == nil {
			why = r
		}
	}
	if why == nil {
		why = refuse(ESTATE, "renewal.none", "member", m.No)
	}
	return why
}

// StartCardRenewal opens a card renewal on the card and checks the
// caller's identity, in one transaction: a passed check leaves the case in
// identity_verified, ready for OrderReissue; one that does not pass is
// recorded and ends the case (identity_failed, Result.Failed). A member
// changed since Seen (ECHANGED), malformed answers or a card that may not
// be renewed (MayRenew) leave nothing behind.
func (s *Service) StartCardRenewal(ctx context.Context, op string, req CardRequest) (Result, IdentityResult, error) {
	var res Result
	var ir IdentityResult
	note, err := normalizeNote("note", req.Note, false)
	if err != nil {
		return res, ir, err
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		m, card, err := seenMemberAndCard(tx, req.Seen, req.CardID)
		if err != nil {
			return err
		}
		cards, err := tx.CardsOfMember(m.ID)
		if err != nil {
			return err
		}
		var cases []store.Case
		if c, err := tx.OpenCaseOfCard(card.ID); err == nil {
			cases = append(cases, c)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if card.Status == store.CardRevoked {
			confirmed, err := tx.ConfirmedFraudOfCard(card.ID)
			if err != nil {
				return err
			}
			cases = append(cases, confirmed...)
		}
		if why := renewRefusal(m, card, cards, cases); why != nil { // what the console offers
			return why
		}
		if card.Version != req.CardVersion {
			return stale(MaskCardNo(card.No))
		}
		c := store.Case{Type: store.CaseCardRenewal, MemberID: m.ID, CardID: card.ID, OpenedBy: op, AssignedTo: op,
			Note: note}
		s.moveTo(tx, &c, startState[c.Type])
		if err := tx.InsertCase(&c); err != nil {
			return err
		}
		e := caseEvent(op, ActOpen, c, "", fields{"card_status": card.Status},
			fields{"card_status": card.Status, "card_expires": card.ExpiresOn.String()})
		e.Note = note
		if err := tx.AppendAudit(e); err != nil {
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
