package workflows

import (
	"context"
	"fmt"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/jpform"
)

// The FAQ's terms for an extra card reader (the 2nd and later; the first
// comes free in the starter kit): a paid loan, USB for Windows or
// Macintosh, ¥2,500 each before tax with postage included, paid by ChoCom
// only, which adds its 1% fee.
const (
	ReaderPriceYen   = 2500
	ReaderFeePercent = 1
	ReaderTaxPercent = 10 // consumption tax, for the tax-included figure an operator may be asked for
)

// ReaderFeeYen is the ChoCom fee on a price, rounded up to the yen.
func ReaderFeeYen(price int) int { return (price*ReaderFeePercent + 99) / 100 }

// ReaderTaxIncludedYen is a price with consumption tax, rounded down (the
// usual retail rounding).
func ReaderTaxIncludedYen(price int) int { return price * (100 + ReaderTaxPercent) / 100 }

// ActionReaderOrder is the audit action of an extra reader order (the call
// log's wrap-up suggests its reason from it).
const ActionReaderOrder = "reader.order"

// ReaderOrderRequest orders one extra reader for a member.
type ReaderOrderRequest struct {
	MemberID int64
	System   store.ReaderSystem
	Answers  IdentityAnswers // the caller's, checked like a case's
}

// ReaderOrderResult is the order as recorded and its queued shipment slip.
type ReaderOrderResult struct {
	Order     store.ReaderOrder
	Letter    store.Letter
	Identity  IdentityResult // when it did not pass, nothing was ordered
	Reminders []Notice
}

// ReaderShipBy is the day an order taken now ships by: it is the support
// center's own step, so DeskStepDays business days.
func (s *Service) ReaderShipBy() store.Date {
	return s.dueAfter(s.clock.Now(), s.settings.DeskStepDays)
}

// OrderReader checks the caller's identity, then records an extra card
// reader order and queues its shipment slip to the registered address,
// one transaction with its audit row. An order opens no case, so the
// check is recorded on the audit row; a check that does not pass is
// recorded too, orders nothing and is not an error (Identity says so), as
// with a case. A cancelled member, or one whose cancellation is under
// way, cannot order.
func (s *Service) OrderReader(ctx context.Context, op string, req ReaderOrderRequest) (ReaderOrderResult, error) {
	var res ReaderOrderResult
	if req.System != store.ReaderWindows && req.System != store.ReaderMac {
		return res, refuse(EINVALID, "reader.system", "system", string(req.System))
	}
	err := s.write(ctx, op, func(tx *store.Tx) error {
		m, err := tx.Member(req.MemberID)
		if err != nil {
			return wrapStore(err, "member")
		}
		if why := readerRefusal(m); why != nil { // maydo.go: what the console offers
			return why
		}
		if res.Identity, err = matchIdentity(m, req.Answers, tx); err != nil {
			return err
		}
		if !res.Identity.Passed {
			return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "reader.identity_failed", MemberID: m.ID,
				After: fields{"identity": res.Identity}.json()})
		}
		l, err := queueLetter(tx, op, store.LetterReaderShipment, store.Case{MemberID: m.ID}, "")
		if err != nil {
			return err
		}
		o := store.ReaderOrder{MemberID: m.ID, LetterID: l.ID, System: req.System, PriceYen: ReaderPriceYen,
			FeeYen: ReaderFeeYen(ReaderPriceYen), ShipBy: s.dueAfter(tx.Now, s.settings.DeskStepDays), OrderedBy: op}
		if err := tx.InsertReaderOrder(&o); err != nil {
			return err
		}
		e := &store.AuditEvent{Operator: op, Action: ActionReaderOrder, MemberID: m.ID, LetterID: l.ID,
			After: fields{"identity": res.Identity, "order": o.ID, "system": o.System, "price_yen": o.PriceYen, "fee_yen": o.FeeYen,
				"ship_by": o.ShipBy.String(), "letter": l.RefNo()}.json()}
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		res.Order, res.Letter = o, l
		return nil
	})
	if err != nil {
		return ReaderOrderResult{}, err
	}
	if !res.Identity.Passed {
		return res, nil
	}
	res.Reminders = []Notice{{Key: "remind.reader_pay", Args: map[string]string{
		"price": jpform.Yen(res.Order.PriceYen), "fee": jpform.Yen(res.Order.FeeYen)}}}
	return res, nil
}

// letterDetail is what a letter lists beyond its kind's fixed text: for a
// reader shipment slip, the order it goes with.
func letterDetail(tx *store.Tx, l store.Letter) ([]string, error) {
	if l.Kind != store.LetterReaderShipment {
		return nil, nil
	}
	o, err := tx.ReaderOrderOfLetter(l.ID)
	if err != nil {
		return nil, wrapStore(err, l.RefNo())
	}
	system := "USBタイプ（Windows版）"
	if o.System == store.ReaderMac {
		system = "USBタイプ（Macintosh版）"
	}
	return []string{
		"―― ご注文内容 ――",
		"品名：　ICカードリーダー " + system + " 1台（有償貸与）",
		"価格：　" + jpform.Yen(o.PriceYen) + "（税別、送料込み）",
		"お支払い：　ちょコム払い（ちょコム手数料 1%　" + jpform.Yen(o.FeeYen) + "）",
		"発送予定日：　" + jaDate(o.ShipBy.Time) + "まで",
		"",
		"同封物：ICカードリーダー 1台、本書 1枚",
	}, nil
}

func init() {
	letterTitle[store.LetterReaderShipment] = "ICカードリーダー（追加）の送付について"
	Messages.Add(msg.Set{
		"reader.system": {"リーダーの種類「{system}」は選べません。Windows版かMacintosh版を選んでください",
			"reader type {system} is not offered: choose Windows or Macintosh"},
		"reader.cancelling": {"会員 {member} は解約手続き中のため、リーダーの追加注文はできません",
			"member {member} is cancelling: no extra reader can be ordered"},
		"remind.reader_pay": {fmt.Sprintf("お支払いはちょコムのみです（{price} 税別・送料込み、ちょコム手数料 %d%% {fee}）。クレジットカードや銀行振込は使えません", ReaderFeePercent),
			fmt.Sprintf("payment is by ChoCom only ({price} before tax, postage included, plus the %d%% ChoCom fee {fee}); no credit card or bank transfer", ReaderFeePercent)},
	})
}
