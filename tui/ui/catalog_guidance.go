package ui

import (
	"spdesk/internal/msg"
)

// Texts of the guidance panel (guidance.go), and words the member,
// procedures and knowledge base pages share.
func init() {
	Messages.Add(msg.Set{
		"key.kb":               {"ナレッジ", "knowledge base"},
		"guide.now":            {"この会員について", "For this member"},
		"guide.nothing":        {"特に伝えることはありません", "nothing particular to say"},
		"guide.credit":         {"クレジット機能付きカード（{company}）\n再発行・有効期限は {company} の扱い\n氏名・住所の変更も\n{company} へ連絡するよう案内", "credit-function card ({company}): reissue and expiry are {company}'s; tell the member to report name or address changes to {company} too"},
		"guide.case":           {"受付 {case}：{promise}", "case {case}: {promise}"},
		"guide.norefund.now":   {"解約：年の途中でも年会費は\n返金されないと必ず伝える", "cancellation: say the annual fee is not refunded, even mid-year"},
		"guide.promises":       {"お約束の目安（本日 {today}）", "Promises (today {today})"},
		"guide.form":           {"郵送した書類のご返送期限\n→ {date}", "a mailed form is due back by {date}"},
		"guide.norefund":       {"解約しても年会費は返金されない", "a cancellation never refunds the annual fee"},
		"guide.reader":         {"リーダー追加：{price}（税別・送料込み）\nちょコム払いのみ（手数料{percent}%）\n→ {date} までに発送", "extra reader: {price} before tax, postage included, ChoCom only ({percent}% fee), ships by {date}"},
		"guide.credit.general": {"クレジット機能付きカードの再発行・\n変更はカード会社へ案内", "credit-function cards: reissue and changes go to the card company"},

		"proc.reader":           {"カードリーダー追加注文", "Extra card reader"},
		"lkind.reader_shipment": {"リーダー送付状", "reader shipment"},
	})
}
