package ui

import "spdesk/internal/msg"

// Names of the fields an audit row says changed (StateMove), for the
// timelines and histories: the workflows' own field names are codes.
func init() {
	Messages.Add(msg.Set{
		"hf.sep":               {"、", ", "},
		"hf.address":           {"住所", "address"},
		"hf.approved_by":       {"承認者", "approver"},
		"hf.card_no":           {"カード番号", "card number"},
		"hf.card_status":       {"カードの状態", "card status"},
		"hf.cards_revoked":     {"失効したカード", "cards revoked"},
		"hf.cases_withdrawn":   {"取り下げた案件", "cases withdrawn"},
		"hf.family_kana":       {"姓(フリガナ)", "family name reading"},
		"hf.family_name":       {"姓", "family name"},
		"hf.finding":           {"判定", "finding"},
		"hf.given_kana":        {"名(フリガナ)", "given name reading"},
		"hf.given_name":        {"名", "given name"},
		"hf.identity":          {"本人確認", "identity check"},
		"hf.identity_passed":   {"本人確認の結果", "identity result"},
		"hf.letter":            {"郵送物", "letter"},
		"hf.letters_cancelled": {"取り消した郵送物", "letters cancelled"},
		"hf.member_status":     {"会員の状態", "membership status"},
		"hf.new_card":          {"新しいカード", "new card"},
		"hf.new_card_expires":  {"新しいカードの有効期限", "new card expiry"},
		"hf.new_card_status":   {"新しいカードの状態", "new card status"},
		"hf.no_refund_notice":  {"返金なしの説明", "no-refund notice"},
		"hf.password_state":    {"パスワードの状態", "password state"},
		"hf.phone":             {"電話番号", "phone"},
		"hf.email":             {"メールアドレス", "e-mail"},
		"hf.postal_code":       {"郵便番号", "postal code"},
		"hf.reason":            {"理由", "reason"},
		"hf.referred_to":       {"案内先", "referred to"},
		"hf.requested_by":      {"依頼者", "requester"},
		"hf.verdict":           {"判定", "verdict"},
		"hf.state":             {"状態", "state"},
		// the call log's rows (workflows/calls.go)
		"hf.call":     {"通話", "call"},
		"hf.minutes":  {"通話時間(分)", "minutes"},
		"hf.outcome":  {"結果", "outcome"},
		"hf.reasons":  {"理由", "reasons"},
		"hf.cases":    {"案件", "cases"},
		"hf.articles": {"参照した記事", "articles"},
	})
}
