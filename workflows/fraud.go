package workflows

import (
	"context"
	"encoding/json"
	"errors"

	"spdesk/internal/msg"
	"spdesk/store"
)

// A card that may be counterfeit (the card test's not_genuine), or a
// genuine card this database does not know (unknown), is not a broken
// card: it is a suspected fraud, and a supervisor decides it (issue 12
// §3.12). The case opens in under_review, in the approval queue, and the
// member's card it names is suspended in the same transaction, so it
// cannot be used while the review lasts. The supervisor either confirms
// it (confirm_fraud: the card is revoked for good and the case closed; the
// member's new card is a card renewal) or calls it a false alarm (the
// withdraw of this case type, a supervisor's too: the card is resumed if
// this case suspended it and no other open case holds it).

// ProcSuspectedFraud opens a suspected-fraud case from a card test. Like
// ProcResumeCard it is offered from CardNextStep (and the member's card
// list), not in Procedures().
const ProcSuspectedFraud = Procedure(store.CaseSuspectedFraud)

func init() {
	Messages.Add(msg.Set{
		"fraud.verdict": {"カードテストの判定「{value}」は不正使用の疑いではありません（偽造の疑い、または登録のないカードが対象です）",
			"card test verdict {value} is not a suspected fraud (only a card that may be counterfeit or one not registered here is)"},
		"remind.fraud_review": {"受付 {case} を監督者の確認待ちにしました。カードは返却せず保管してください。会員には、確認が済むまでカードを使えないことと、結果を連絡することを伝えてください",
			"case {case} now waits for a supervisor's review: keep the card (do not send it back); tell the member the card cannot be used until the review is done and that we will call back"},
		"remind.fraud_confirmed": {"カードを失効させました。会員には新しいカードを再発行する（カード更新の手続き）ことを伝えてください",
			"the card is revoked for good: tell the member a new card will be issued (start a card renewal)"},
		"remind.fraud_cleared": {"誤りと判断しました。カードの停止を解除しました。会員にそのまま使えることを伝えてください",
			"a false alarm: the card is resumed; tell the member they can use it again"},
		"remind.fraud_cleared_kept": {"誤りと判断しました。カードはこの受付で停止したものではないため、受付の前の状態のままです",
			"a false alarm; this case did not suspend the card, so it stays as it was before the case"},
		"remind.fraud_cleared_held": {"誤りと判断しました。カードは受付 {case} でも停止中のため、停止のままです。その受付で続けてください",
			"a false alarm; the card is also held by case {case} and stays suspended: go on in that case"},
	})
}

// FraudReportRequest opens a suspected fraud for a member after a card
// test: CardID names the member's card the test read (0 when the card
// read is not one of the member's: verdict unknown).
type FraudReportRequest struct {
	MemberID    int64
	CardID      int64
	CardVersion int64
	Verdict     string // the card test's: not_genuine or unknown
	Note        string
}

// fraudVerdicts are the card-test verdicts a suspected fraud is opened for.
var fraudVerdicts = map[string]bool{"not_genuine": true, "unknown": true}

// fraudDecision reports whether act on c is a supervisor's decision of a
// suspected fraud: confirming it or calling it a false alarm.
func fraudDecision(c store.Case, act Action) bool {
	return act == ActConfirmFraud || c.Type == store.CaseSuspectedFraud && act == ActWithdraw
}

// MayReportFraud says whether a suspected fraud may be opened now for m
// on card (a zero Card: none of m's cards was read): nil, or the refusal.
func MayReportFraud(m store.Member, card store.Card, cases []store.Case) error {
	if why := fraudRefusal(m, card, cases); why != nil {
		return why
	}
	return nil
}

func fraudRefusal(m store.Member, card store.Card, cases []store.Case) *Error {
	if why := openRefusal(store.CaseSuspectedFraud, m, cases); why != nil {
		return why
	}
	if card.ID != 0 && card.MemberID != m.ID {
		return refuse(ENOTFOUND, "not_found", "what", "card")
	}
	return nil
}

// ReportSuspectedFraud opens a suspected-fraud case in one transaction:
// the case in under_review (the approval queue), the card suspended when
// it was active (a card suspended already stays so; a revoked one is
// recorded as it is), and the audit row with the verdict. Any operator
// may open it; only a supervisor decides it.
func (s *Service) ReportSuspectedFraud(ctx context.Context, op string, req FraudReportRequest) (Result, error) {
	var res Result
	if !fraudVerdicts[req.Verdict] {
		return res, invalid("verdict", "fraud.verdict", "value", req.Verdict)
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
		var card store.Card
		if req.CardID != 0 {
			if card, err = tx.Card(req.CardID); errors.Is(err, store.ErrNotFound) {
				card = store.Card{ID: req.CardID} // fraudRefusal: not the member's
			} else if err != nil {
				return wrapStore(err, "card")
			}
		}
		var open []store.Case
		if c, err := tx.OpenCaseOfType(m.ID, store.CaseSuspectedFraud); err == nil {
			open = append(open, c)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if why := fraudRefusal(m, card, open); why != nil { // what the console offers
			return why
		}
		if card.ID != 0 && card.Version != req.CardVersion {
			return stale(MaskCardNo(card.No))
		}
		before, after := fields{}, fields{"verdict": req.Verdict}
		if card.ID != 0 {
			before["card_status"], after["card_status"] = card.Status, card.Status
			after["suspended_by_case"] = card.Status == store.CardActive
			if card.Status == store.CardActive {
				if err := tx.SetCardStatus(card.ID, card.Version, store.CardSuspended); err != nil {
					return wrapStore(err, MaskCardNo(card.No))
				}
				after["card_status"] = store.CardSuspended
			}
		}
		c := store.Case{Type: store.CaseSuspectedFraud, MemberID: m.ID, CardID: card.ID,
			Credit: card.Kind == store.CardCredit, Company: card.Company, OpenedBy: op, AssignedTo: op, Note: note}
		s.moveTo(tx, &c, startState[c.Type])
		if err := tx.InsertCase(&c); err != nil {
			return err
		}
		e := caseEvent(op, ActReport, c, "", before, after)
		e.Note = note
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		res.Case, res.Outcome = c, OutcomeDone
		res.Reminders = []Notice{{Key: "remind.fraud_review", Args: map[string]string{"case": c.No()}}}
		return nil
	})
	return res, err
}

// ConfirmFraud is a supervisor's confirmation of a suspected fraud: the
// card is revoked for good and the case closed. The refusal of anyone
// else is on record.
func (s *Service) ConfirmFraud(ctx context.Context, op string, req StepRequest) (Result, error) {
	if err := s.requireSupervisor(ctx, op, FnReviewFraud, &store.AuditEvent{CaseID: req.CaseID}); err != nil {
		return Result{}, err
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActConfirmFraud, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if c.CardID == 0 {
				return nil
			}
			card, err := tx.Card(c.CardID)
			if err != nil {
				return wrapStore(err, "card")
			}
			if card.Status != store.CardRevoked {
				if err := tx.SetCardStatus(card.ID, card.Version, store.CardRevoked); err != nil {
					return wrapStore(err, "card")
				}
			}
			ev.before["card_status"], ev.after["card_status"] = card.Status, store.CardRevoked
			ev.reminders = append(ev.reminders, Notice{Key: "remind.fraud_confirmed"})
			return nil
		})
}

// clearFraud is the false alarm's own work, inside Withdraw: the card is
// resumed when this case's opening suspended it and no other open case
// holds it; otherwise it stays as it is, and the reminder says why.
func clearFraud(tx *store.Tx, c *store.Case, ev *stepEvent) error {
	if c.CardID == 0 {
		return nil
	}
	card, err := tx.Card(c.CardID)
	if err != nil {
		return wrapStore(err, "card")
	}
	opening, err := tx.CaseOpening(c.ID)
	if err != nil {
		return err
	}
	var opened struct {
		SuspendedByCase bool `json:"suspended_by_case"`
	}
	_ = json.Unmarshal([]byte(opening), &opened) // an unreadable row resumes nothing
	// No other case can take the card while this one holds it (reports
	// and resumes are refused), so one that does was there before.
	switch other, err := tx.OpenCaseOfCard(card.ID); {
	case err == nil && other.ID != c.ID:
		ev.reminders = append(ev.reminders, Notice{Key: "remind.fraud_cleared_held",
			Args: map[string]string{"case": other.No()}})
		return nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	if card.Status != store.CardSuspended || !opened.SuspendedByCase {
		ev.reminders = append(ev.reminders, Notice{Key: "remind.fraud_cleared_kept"})
		return nil
	}
	if err := tx.SetCardStatus(card.ID, card.Version, store.CardActive); err != nil {
		return wrapStore(err, "card")
	}
	ev.before["card_status"], ev.after["card_status"] = card.Status, store.CardActive
	ev.reminders = append(ev.reminders, Notice{Key: "remind.fraud_cleared"})
	return nil
}
