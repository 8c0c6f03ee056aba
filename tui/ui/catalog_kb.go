package ui

import (
	"spdesk/internal/msg"
)

// Texts of the knowledge base screen, the guidance panel and the extra
// reader order.
func init() {
	Messages.Add(msg.Set{
		"kb.title":             {"ナレッジベース", "Knowledge base"},
		"kb.prompt":            {"検索: ", "Search: "},
		"kb.placeholder":       {"ことば、または結果コード（例：52）", "words, or a result code (e.g. 52)"},
		"kb.matches":           {"{n}/{of}件", "{n} of {of}"},
		"kb.none":              {"該当する記事はありません。別のことばで検索してください", "no article matches: try other words"},
		"kb.nocode":            {"結果コード {code} の記事はありません", "no article for result code {code}"},
		"kb.rendering":         {"記事を表示しています…", "rendering the article…"},
		"kb.broken":            {"ナレッジベースを読み込めません：{reason}", "the knowledge base cannot be read: {reason}"},
		"kb.for":               {"会員 {member}", "member {member}"},
		"kb.nomember":          {"会員画面の f で開くと、記事から手続きを始められます", "open it with f on a member to start procedures from articles"},
		"kb.noproc":            {"この記事から始める手続きはありません", "this article has no procedure to start"},
		"kb.proc":              {"手続き：{name}（s で開始）", "procedure: {name} (s starts it)"},
		"kb.proc.nomember":     {"手続き：{name}（会員を開いてから）", "procedure: {name} (open a member first)"},
		"kb.lang":              {"記事の言語：{lang}（t で切替）", "article language: {lang} (t switches)"},
		"kb.lang.ja":           {"日本語", "Japanese"},
		"kb.lang.en":           {"英語", "English"},
		"key.kb":               {"ナレッジ", "knowledge base"},
		"key.kbread":           {"記事を読む", "read"},
		"key.kbsearch":         {"検索へ", "search"},
		"key.kbnext":           {"次/前の記事", "next/prev match"},
		"key.kbscroll":         {"スクロール", "scroll"},
		"key.kbstart":          {"手続き開始", "start procedure"},
		"key.kblang":           {"日/英", "ja/en"},
		"key.guide":            {"案内", "guidance"},
		"guide.now":            {"この会員について", "For this member"},
		"guide.nothing":        {"特に伝えることはありません", "nothing particular to say"},
		"guide.credit":         {"クレジット機能付きカード（{company}）\n再発行・有効期限は {company} の扱い\n氏名・住所の変更も\n{company} へ連絡するよう案内", "credit-function card ({company}): reissue and expiry are {company}'s; tell the member to report name or address changes to {company} too"},
		"guide.case.card":      {"受付 {case}：新しいカードは本日手配なら\n→ {date} ごろ到着", "case {case}: a card ordered today arrives about {date}"},
		"guide.case.password":  {"受付 {case}：新しいパスワードの郵便\n→ {date} ごろ到着（3〜4日）", "case {case}: the new password letter arrives about {date} (3–4 days)"},
		"guide.norefund.now":   {"解約：年の途中でも年会費は\n返金されないと必ず伝える", "cancellation: say the annual fee is not refunded, even mid-year"},
		"guide.promises":       {"お約束の目安（本日 {today}）", "Promises (today {today})"},
		"guide.card":           {"新しいカード：約10営業日\n→ {date} ごろ到着", "a new card: about 10 business days, by {date}"},
		"guide.password":       {"新しいパスワード（郵送）：3〜4日\n→ {date} ごろ到着", "a new password by post: 3–4 days, by {date}"},
		"guide.form":           {"郵送した書類のご返送期限\n→ {date}", "a mailed form is due back by {date}"},
		"guide.norefund":       {"解約しても年会費は返金されない", "a cancellation never refunds the annual fee"},
		"guide.reader":         {"リーダー追加：{price}（税別・送料込み）\nちょコム払いのみ（手数料{percent}%）\n→ {date} までに発送", "extra reader: {price} before tax, postage included, ChoCom only ({percent}% fee), ships by {date}"},
		"guide.credit.general": {"クレジット機能付きカードの再発行・\n変更はカード会社へ案内", "credit-function cards: reissue and changes go to the card company"},

		"proc.reader":           {"カードリーダー追加注文", "Extra card reader"},
		"reader.system":         {"どのパソコン用ですか", "Which computer is it for?"},
		"reader.windows":        {"USBタイプ（Windows版）", "USB, for Windows"},
		"reader.mac":            {"USBタイプ（Macintosh版）", "USB, for Macintosh"},
		"fx.reader_order":       {"カードリーダー {name} を1台、有償貸与で注文します", "order one card reader, {name}, as a paid loan"},
		"fx.reader_price":       {"価格 {price}（税別、税込 {taxed}）、送料込み", "price {price} before tax ({taxed} with tax), postage included"},
		"fx.reader_pay":         {"お支払いはちょコムのみ：ちょコム手数料 {percent}%（{fee}）がかかる", "paid by ChoCom only: a {percent}% ChoCom fee ({fee}) is added"},
		"fx.reader_ship":        {"{date} までに登録住所（{postal}）へ発送、送付状を印刷待ちに追加", "ships by {date} to the registered address ({postal}); its slip is queued for printing"},
		"done.reader":           {"注文しました。送付状 {slip}、発送予定 {date}", "ordered: slip {slip}, ships by {date}"},
		"lkind.reader_shipment": {"リーダー送付状", "reader shipment"},
	})
}
