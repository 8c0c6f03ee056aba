package workflows

import (
	"context"
	"errors"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Every state a card test can report has a next step (issue 12 §3.12):
// CardNextStep maps the card test's verdict, with the member's cards and
// cases, to the procedure to start, the open case to continue, or the
// words to say, so no card is a dead end. A card suspended with no case
// holding it is resumed by ResumeSuspendedCard (ProcResumeCard).

// ProcResumeCard lifts the suspension of a card no open case holds: its
// case was withdrawn, or it was suspended before the desk kept cases. It
// opens a lost-card case (whose machine allows the resume) and is not in
// Procedures() until the console has its form: the console offers it from
// CardNextStep and the member's card list.
const ProcResumeCard Procedure = "resume_card"

func init() {
	Messages.Add(msg.Set{
		"resume.none": {"会員 {member} には停止を解除できるカードがありません（停止中で、進行中の受付がないカードが対象です）",
			"member {member} has no card to resume (only a suspended card that no open case holds can be)"},
		"resume.not_suspended": {"カード {card} は停止中ではないため、停止の解除はできません",
			"card {card} is not suspended: there is nothing to resume"},

		"card.next.ok":             {"カードは正常です。手続きは不要です", "the card is fine: nothing to do"},
		"card.next.open_case":      {"カードは受付 {case} で停止中です。その受付を開いて続けてください（カードが見つかったなら停止解除）", "the card is suspended by case {case}: open that case and go on there (resume it if the card was found)"},
		"card.next.resume":         {"カードは停止中で、進行中の受付はありません。会員がカードを見つけたなら、本人確認のうえ停止を解除できます。なくしたままなら紛失届で再発行してください", "the card is suspended and no case holds it: if the member found it, resume it after an identity check; if it is still lost, report it lost for a reissue"},
		"card.next.revoked":        {"カードは失効しています。会員の新しいカードと解約の状況を確かめてください", "the card is revoked for good: check the member's newer card and whether the membership ended"},
		"card.next.replaced":       {"カードは失効しており、新しいカード {card} が発行されています。新しいカードを使うよう案内してください", "the card is revoked and replaced by card {card}: tell the member to use the new one"},
		"card.next.expired":        {"カードの有効期限（5年）が切れています。カード更新の手続きで、本人確認のうえ新しいカードを再発行してください（約10日で届きます）", "the card's five years have run out: start a card renewal, which reissues it after an identity check (the new card arrives in about 10 days)"},
		"card.next.fraud_revoked":  {"カードは不正使用の確定で失効しています。カード更新の手続きで新しいカードを再発行してください", "the card was revoked after a confirmed fraud: start a card renewal to issue a new one"},
		"card.next.fraud_open":     {"このカードは不正使用の疑いとして受付 {case} で監督者の確認待ちです。カードは保管し、その受付を開いてください", "a suspected fraud on this member already waits for a supervisor in case {case}: keep the card and open that case"},
		"card.next.expired_credit": {"クレジット機能付きカードの有効期限が切れています。有効期限と再発行は {company} が扱います。{company} へ連絡するよう案内してください", "the credit-function card has expired; its expiry and reissue are {company}'s: tell the member to contact {company}"},
		"card.next.blocked":        {"パスワードがロックされています（結果コード58）。パスワード再発行の手続きを始めてください", "the password is locked (result code 58): start a password reset"},
		"card.next.fraud":          {"偽造の疑いがあります。カードは返却せず保管し、不正使用の疑いとして受け付けてください（カードを停止し、監督者が確認します）。破損届は使いません", "the card may be counterfeit: keep it (do not send it back) and open a suspected fraud (the card is suspended and a supervisor reviews it); this is not a broken card"},
		"card.next.unknown":        {"このカードはこの会員のものとして登録されていません。カード番号と会員を確かめ、合わなければ不正使用の疑いとして受け付けてください（監督者が確認します）", "this card is not registered to this member: check the card number and the member, and if they do not match, open a suspected fraud for a supervisor to review"},
		"card.next.unreadable":     {"カードが読み取れません。もう一度試して同じなら、破損届の手続きを始めてください", "the card cannot be read: try once more, and if it fails again, start a broken-card report"},
		"card.next.foreign":        {"Safety Pass のカードではありません。会員に確かめ、違うカードなら返却してください", "this is not a Safety Pass card: check with the member and send it back if it was sent by mistake"},
		"card.next.retest":         {"テストが終わっていません。カードとリーダーを確かめて、もう一度テストしてください", "the test did not finish: check the card and the reader and test again"},
	})
}

// CardProcedures are the procedures started on one card, offered from a
// card test's next step (CardNextStep) and the member's card list rather
// than the procedure list: resume a suspended card, renew an expired (or
// fraud-revoked) one, open a suspected fraud. MayStart says whether some
// card allows each; MayResume, MayRenew and MayReportFraud say it of one.
func CardProcedures() []Procedure {
	return []Procedure{ProcResumeCard, ProcCardRenewal, ProcSuspectedFraud}
}

// CardStep is the next step for a tested card.
type CardStep struct {
	Verdict string
	// Procedure to start for the member ("" when none); Reason is
	// MayStart's refusal of it now (nil: it may start).
	Procedure Procedure
	Reason    error
	// Case is an open case to continue instead (its ID; 0 when none).
	Case int64
	// Supervisor: the decision is a supervisor's (a suspected fraud: the
	// operator opens the case, ProcSuspectedFraud, and a supervisor decides).
	Supervisor bool
	Advice     Notice // what to do, in words
}

// Text is the advice in lang.
func (s CardStep) Text(lang string) string { return NoticeText(s.Advice, lang) }

// CardNextStep is the next step after a card test of card (a card of m,
// or a zero Card when the database does not know the card read) gave
// verdict, cardops' stable code: ok, suspended, revoked, expired, blocked,
// not_genuine, unknown, unreadable, foreign, no_card, no_reader.
func CardNextStep(verdict string, m store.Member, card store.Card, cards []store.Card, cases []store.Case) CardStep {
	st := CardStep{Verdict: verdict}
	advise := func(key string, args ...string) {
		st.Advice = Notice{Key: key, Args: map[string]string{}}
		for i := 0; i+1 < len(args); i += 2 {
			st.Advice.Args[args[i]] = args[i+1]
		}
	}
	start := func(p Procedure) {
		st.Procedure = p
		st.Reason = MayStart(p, m, cards, cases)
	}
	// renew offers the renewal of this very card (MayRenew), or of some
	// card of m when the database does not know the card read.
	renew := func() {
		start(ProcCardRenewal)
		if card.ID != 0 {
			st.Reason = MayRenew(m, card, cards, cases)
		}
	}
	switch verdict {
	case "ok":
		advise("card.next.ok")
	case "suspended":
		if open, ok := newestOpen(cases, func(c store.Case) bool { return c.CardID == card.ID }); ok && card.ID != 0 {
			st.Case = open.ID
			advise("card.next.open_case", "case", open.No())
			break
		}
		advise("card.next.resume")
		start(ProcResumeCard)
	case "revoked":
		for _, cd := range cards {
			if cd.ReplacesCard == card.ID && card.ID != 0 && cd.Status != store.CardRevoked {
				advise("card.next.replaced", "card", MaskCardNo(cd.No))
				return st
			}
		}
		if card.ID != 0 && fraudRevoked(card, cases) {
			advise("card.next.fraud_revoked")
			renew()
			break
		}
		advise("card.next.revoked")
	case "expired":
		if card.Kind == store.CardCredit {
			advise("card.next.expired_credit", "company", card.Company)
			break
		}
		advise("card.next.expired")
		renew()
	case "blocked":
		advise("card.next.blocked")
		start(ProcPasswordReset)
	case "not_genuine", "unknown":
		st.Supervisor = true
		if open, ok := newestOpen(cases, func(c store.Case) bool {
			return c.MemberID == m.ID && c.Type == store.CaseSuspectedFraud
		}); ok {
			st.Case = open.ID
			advise("card.next.fraud_open", "case", open.No())
			break
		}
		if verdict == "unknown" {
			advise("card.next.unknown")
		} else {
			advise("card.next.fraud")
		}
		st.Procedure = ProcSuspectedFraud
		st.Reason = MayReportFraud(m, card, cases)
	case "unreadable":
		advise("card.next.unreadable")
		start(ProcBrokenCard)
	case "foreign":
		advise("card.next.foreign")
	default: // no_card, no_reader: the test itself did not finish
		advise("card.next.retest")
	}
	return st
}

// MayResume says whether card of m may be resumed now by
// ResumeSuspendedCard: nil, or the refusal it gives.
func MayResume(m store.Member, card store.Card, cases []store.Case) error {
	if why := resumeRefusal(m, card, cases); why != nil {
		return why
	}
	return nil
}

func resumeRefusal(m store.Member, card store.Card, cases []store.Case) *Error {
	switch {
	case m.Status == store.MemberCancelled:
		return cancelledRefusal(m)
	case card.MemberID != m.ID:
		return refuse(ENOTFOUND, "not_found", "what", "card")
	case card.Status != store.CardSuspended:
		return refuse(ESTATE, "resume.not_suspended", "card", MaskCardNo(card.No))
	}
	if open, ok := newestOpen(cases, func(c store.Case) bool { return c.CardID == card.ID }); ok {
		return refuse(ECONFLICT, "card.already_suspended_case", "card", MaskCardNo(card.No),
			"case", open.No(), "state", string(open.State))
	}
	return nil
}

// resumeStartRefusal is MayStart's check of ProcResumeCard: some card of m
// may be resumed.
func resumeStartRefusal(m store.Member, cards []store.Card, cases []store.Case) *Error {
	if m.Status == store.MemberCancelled {
		return cancelledRefusal(m)
	}
	for _, cd := range cards {
		if resumeRefusal(m, cd, cases) == nil {
			return nil
		}
	}
	return refuse(ESTATE, "resume.none", "member", m.No)
}

// CardRequest is a step on one card of the member the screen shows, with
// the caller's identity answers: resuming a suspended card no open case
// holds (ResumeSuspendedCard) or renewing an expired one
// (StartCardRenewal).
type CardRequest struct {
	CardID      int64
	CardVersion int64
	Seen        store.Member // the member as the screen read it; its ID names the member
	Answers     IdentityAnswers
	Note        string
}

// ResumeSuspendedCard lifts the suspension of a card that no open case
// holds, in one transaction: it opens a lost-card case on the card (the
// lost-card machine allows a resume), checks the caller's identity and,
// when it passes, resumes the card and closes the case. A check that does
// not pass is recorded, ends that case (identity_failed, Result.Failed)
// and leaves the card suspended; a member changed since Seen (ECHANGED),
// malformed answers or a card that may not be resumed (MayResume) leave
// nothing behind.
func (s *Service) ResumeSuspendedCard(ctx context.Context, op string, req CardRequest) (Result, IdentityResult, error) {
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
		var open []store.Case
		if c, err := tx.OpenCaseOfCard(card.ID); err == nil {
			open = append(open, c)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if why := resumeRefusal(m, card, open); why != nil { // what MayStart offers
			return why
		}
		if card.Version != req.CardVersion {
			return stale(MaskCardNo(card.No))
		}
		c := store.Case{Type: store.CaseLostCard, MemberID: m.ID, CardID: card.ID, Credit: card.Kind == store.CardCredit,
			Company: card.Company, OpenedBy: op, AssignedTo: op, Note: note}
		s.moveTo(tx, &c, store.StateCardSuspended)
		if err := tx.InsertCase(&c); err != nil {
			return err
		}
		e := caseEvent(op, ActReport, c, "", fields{"card_status": card.Status},
			fields{"card_status": card.Status, "already_suspended": true, "to_resume": true})
		e.Note = note
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		if res, err = s.stepIn(tx, op, c, ActCheckIdentity, "", identityStep(op, req.Answers, store.Member{}, &ir, true)); err != nil {
			return err
		}
		if res.Failed() {
			return nil // the failed check is on record; the card stays suspended
		}
		res, err = s.stepIn(tx, op, res.Case, ActResume, "", resumeStep)
		return err
	})
	if err != nil {
		res, ir = Result{}, IdentityResult{}
	}
	return res, ir, s.whoChanged(ctx, err)
}

// resumeStep is the resume step's own work: the card active again.
func resumeStep(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
	card, err := tx.Card(c.CardID)
	if err != nil {
		return wrapStore(err, "card")
	}
	if card.Status != store.CardSuspended {
		return refuse(ESTATE, "card.not_suspended", "card", MaskCardNo(card.No))
	}
	ev.before["card_status"], ev.after["card_status"] = card.Status, store.CardActive
	return wrapStore(tx.SetCardStatus(card.ID, card.Version, store.CardActive), "card")
}

// seenMemberAndCard reads, inside tx, the member the screen showed
// (ECHANGED when it changed since) and the card named by id (a zero Card
// when there is none: the May rule answers for it in words).
func seenMemberAndCard(tx *store.Tx, seen store.Member, cardID int64) (store.Member, store.Card, error) {
	m, err := tx.Member(seen.ID)
	if err != nil {
		return m, store.Card{}, wrapStore(err, "member")
	}
	if why := checkSeen(seen, m); why != nil {
		return m, store.Card{}, why
	}
	card, err := tx.Card(cardID)
	if errors.Is(err, store.ErrNotFound) {
		return m, store.Card{}, nil
	} else if err != nil {
		return m, store.Card{}, wrapStore(err, "card")
	}
	return m, card, nil
}
