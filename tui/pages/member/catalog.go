package member

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"error.member": {"会員を読み込めませんでした", "could not load the member"},
	"key.tabs":     {"タブ切替", "switch tab"},
	"key.tabjump":  {"タブ番号", "tab by number"},
	"col.kind":     {"種類", "Kind"},
	"col.issued":   {"発行日", "Issued"},

	// member screen
	"member.title": {"会員", "Member"},
	"tab.profile":  {"基本情報", "Profile"},
	"tab.cards":    {"カード", "Cards"},
	"tab.cases":    {"案件", "Cases"},
	"tab.letters":  {"郵送物", "Letters"},
	"tab.history":  {"履歴", "History"},
	"cards.none":   {"カードはありません。", "No cards."},

	// profile fields
	"f.memberno": {"会員番号", "Member no"},
	"f.name":     {"氏名", "Name"},
	"f.reading":  {"フリガナ", "Reading"},
	"f.birth":    {"生年月日", "Date of birth"},
	"f.postal":   {"郵便番号", "Postal code"},
	"f.address":  {"住所", "Address"},
	"f.phone":    {"電話番号", "Phone"},
	"f.email":    {"メール", "E-mail"},
	"f.joined":   {"入会日", "Joined"},
	"f.fee":      {"年会費の支払い", "Annual fee"},
	"f.password": {"パスワード", "Password"},
	"f.status":   {"会員状態", "Membership"},
	"f.guardian": {"保護者の同意", "Guardian consent"},
	"f.cards":    {"カード", "Cards"},

	"fee.card":   {"{brand} 下4桁 {last4}", "{brand} ending {last4}"},
	"fee.postal": {"郵便振替", "postal transfer"},
	"fee.none":   {"未登録", "not registered"},

	"pw.ok":     {"使用中", "in use"},
	"pw.locked": {"ロック(10回誤入力・結果コード58)。再発行が必要です", "locked (10 wrong entries, result code 58): a new one must be issued"},
	"pw.issued": {"新パスワード発行済み・郵送中", "new password issued, on its way by post"},

	"status.active":    {"有効", "active"},
	"status.pending":   {"解約申請中", "cancellation pending"},
	"status.cancelled": {"解約済", "cancelled"},

	"guardian.yes": {"あり(20歳未満で入会)", "given (joined under 20)"},
	"guardian.no":  {"なし(不要)", "none (not needed)"},

	"cards.summary": {"{total}枚(有効 {active}・停止 {suspended})", "{total} ({active} active, {suspended} suspended)"},
	// keys
	"key.actions":  {"手続き", "procedures"},
	"key.opencase": {"案件を開く", "open case"},

	// member tabs
	"cases.none":       {"この会員の案件はありません。a で手続きを始めます。", "No cases for this member. Press a to start a procedure."},
	"letters.none":     {"この会員宛ての郵送物はありません。", "No letters to this member."},
	"history.none":     {"この会員の操作記録はありません。", "No audit events for this member."},
	"col.type":         {"種類", "Type"},
	"col.letter":       {"郵送物", "Letter"},
	"col.queued":       {"受付", "Queued"},
	"col.printed":      {"印刷", "Printed"},
	"col.mailed":       {"発送", "Mailed"},
	"col.batch":        {"バッチ", "Batch"},
	"lstate.queued":    {"印刷待ち", "queued"},
	"lstate.printed":   {"印刷済", "printed"},
	"lstate.mailed":    {"発送済", "mailed"},
	"lstate.cancelled": {"取消", "cancelled"},
	"key.guide":        {"案内", "guidance"},
}

func init() { ui.Register(Messages) }
