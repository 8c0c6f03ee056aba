package workflows

import (
	"context"
	"regexp"
	"strconv"
	"unicode/utf8"

	"spdesk/internal/msg"
	"spdesk/store"
)

// ActionCardTest is the audit action of a filed card test. It is not a
// case step: a test changes nothing, but what a card showed on the desk is
// part of the member's history (the broken-card case that may follow
// points back to it).
const ActionCardTest = "card_test"

// RecordCardTestRequest is one card test's outcome, as the console saw it.
// Verdict and Finding are cardops' stable codes (workflows does not import
// cardops: it only files what it is told).
type RecordCardTestRequest struct {
	MemberID  int64
	CardID    int64  // the card's row when the database knows it, else 0
	CardNo    string // as read from the card, "" if unread; filed masked
	Reader    string
	Verdict   string // e.g. "ok", "unreadable", "blocked"
	Finding   string // the card test's error kind, e.g. "mute"; "" if none
	TriesLeft int    // -1 when unknown
	Genuine   bool
}

// codeRE is the shape of cardops' verdict and error-kind codes.
var codeRE = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

func init() {
	Messages.Add(msg.Set{"card_test.code": {"カードテストの{field}「{value}」は正しくありません", "card test {field} {value} is not a valid code"}})
	Messages.Add(msg.Set{"card_test.tries": {"パスワード残り回数 {value} は範囲外です", "tries left {value} is out of range"}})
	fieldNames["verdict"] = msg.M{"判定", "verdict"}
	fieldNames["finding"] = msg.M{"所見", "finding"}
	fieldNames["reader"] = msg.M{"リーダー名", "reader name"}
}

// RecordCardTest files a card test to the member's history: one audit row,
// action card_test, with the verdict, the card number masked to its last
// four digits, tries left and genuineness. Nothing else is written and no
// secret (challenge, MAC, key) is ever passed in. A cancelled member's
// card can still be tested and filed: that is an observation, not a change.
func (s *Service) RecordCardTest(ctx context.Context, op string, req RecordCardTestRequest) (Result, error) {
	var res Result
	if err := checkCardTest(req); err != nil {
		return res, err
	}
	err := s.write(ctx, op, func(tx *store.Tx) error {
		m, err := tx.Member(req.MemberID)
		if err != nil {
			return wrapStore(err, "member")
		}
		if req.CardID != 0 {
			card, err := tx.Card(req.CardID)
			if err != nil || card.MemberID != m.ID {
				return refuse(ENOTFOUND, "not_found", "what", "card")
			}
			res.Card = card
		}
		after := fields{"verdict": req.Verdict, "tries_left": req.TriesLeft, "genuine": req.Genuine}
		if req.CardNo != "" {
			after["card_no"] = MaskCardNo(req.CardNo)
		}
		if req.Finding != "" {
			after["finding"] = req.Finding
		}
		if req.Reader != "" {
			after["reader"] = req.Reader
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: ActionCardTest, MemberID: m.ID,
			CardID: req.CardID, Before: "{}", After: after.json()})
	})
	return res, err
}

func checkCardTest(req RecordCardTestRequest) error {
	if !codeRE.MatchString(req.Verdict) {
		return invalid("verdict", "card_test.code", "value", req.Verdict)
	}
	if req.Finding != "" && !codeRE.MatchString(req.Finding) {
		return invalid("finding", "card_test.code", "value", req.Finding)
	}
	if req.TriesLeft < -1 || req.TriesLeft > 15 {
		return refuse(EINVALID, "card_test.tries", "value", strconv.Itoa(req.TriesLeft))
	}
	if err := checkText("reader", req.Reader, false); err != nil {
		return err
	}
	if utf8.RuneCountInString(req.Reader) > 128 {
		return invalid("reader", "invalid.too_long", "max", "128")
	}
	return nil
}
