package tui

import "spdesk/store"

// Texts of the knowledge base screen, the guidance panel and the extra
// reader order.
func init() {
	register(map[string]entry{
		"kb.title":             {"ナレッジベース", "Knowledge base"},
		"kb.prompt":            {"検索: ", "Search: "},
		"kb.placeholder":       {"ことば、または結果コード（例：52）", "words, or a result code (e.g. 52)"},
		"kb.matches":           {"%d/%d件", "%d of %d"},
		"kb.none":              {"該当する記事はありません。別のことばで検索してください", "no article matches: try other words"},
		"kb.nocode":            {"結果コード %d の記事はありません", "no article for result code %d"},
		"kb.rendering":         {"記事を表示しています…", "rendering the article…"},
		"kb.broken":            {"ナレッジベースを読み込めません：%s", "the knowledge base cannot be read: %s"},
		"kb.for":               {"会員 %s", "member %s"},
		"kb.nomember":          {"会員画面の f で開くと、記事から手続きを始められます", "open it with f on a member to start procedures from articles"},
		"kb.noproc":            {"この記事から始める手続きはありません", "this article has no procedure to start"},
		"kb.proc":              {"手続き：%s（s で開始）", "procedure: %s (s starts it)"},
		"kb.proc.nomember":     {"手続き：%s（会員を開いてから）", "procedure: %s (open a member first)"},
		"kb.lang":              {"記事の言語：%s（t で切替）", "article language: %s (t switches)"},
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
		"guide.credit":         {"クレジット機能付きカード（%[1]s）\n再発行・有効期限は %[1]s の扱い\n氏名・住所の変更も\n%[1]s へ連絡するよう案内", "credit-function card (%[1]s): reissue and expiry are %[1]s's; tell the member to report name or address changes to %[1]s too"},
		"guide.case.card":      {"受付 %s：新しいカードは本日手配なら\n→ %s ごろ到着", "case %s: a card ordered today arrives about %s"},
		"guide.case.password":  {"受付 %s：新しいパスワードの郵便\n→ %s ごろ到着（3〜4日）", "case %s: the new password letter arrives about %s (3–4 days)"},
		"guide.norefund.now":   {"解約：年の途中でも年会費は\n返金されないと必ず伝える", "cancellation: say the annual fee is not refunded, even mid-year"},
		"guide.promises":       {"お約束の目安（本日 %s）", "Promises (today %s)"},
		"guide.card":           {"新しいカード：約10営業日\n→ %s ごろ到着", "a new card: about 10 business days, by %s"},
		"guide.password":       {"新しいパスワード（郵送）：3〜4日\n→ %s ごろ到着", "a new password by post: 3–4 days, by %s"},
		"guide.form":           {"郵送した書類のご返送期限\n→ %s", "a mailed form is due back by %s"},
		"guide.norefund":       {"解約しても年会費は返金されない", "a cancellation never refunds the annual fee"},
		"guide.reader":         {"リーダー追加：%s（税別・送料込み）\nちょコム払いのみ（手数料%d%%）\n→ %s までに発送", "extra reader: %s before tax, postage included, ChoCom only (%d%% fee), ships by %s"},
		"guide.credit.general": {"クレジット機能付きカードの再発行・\n変更はカード会社へ案内", "credit-function cards: reissue and changes go to the card company"},

		"proc.reader":           {"カードリーダー追加注文", "Extra card reader"},
		"reader.system":         {"どのパソコン用ですか", "Which computer is it for?"},
		"reader.windows":        {"USBタイプ（Windows版）", "USB, for Windows"},
		"reader.mac":            {"USBタイプ（Macintosh版）", "USB, for Macintosh"},
		"fx.reader_order":       {"カードリーダー %s を1台、有償貸与で注文します", "order one card reader, %s, as a paid loan"},
		"fx.reader_price":       {"価格 %s（税別、税込 %s）、送料込み", "price %s before tax (%s with tax), postage included"},
		"fx.reader_pay":         {"お支払いはちょコムのみ：ちょコム手数料 %d%%（%s）がかかる", "paid by ChoCom only: a %d%% ChoCom fee (%s) is added"},
		"fx.reader_ship":        {"%s までに登録住所（%s）へ発送、送付状を印刷待ちに追加", "ships by %s to the registered address (%s); its slip is queued for printing"},
		"done.reader":           {"注文しました。送付状 %s、発送予定 %s", "ordered: slip %s, ships by %s"},
		"lkind.reader_shipment": {"リーダー送付状", "reader shipment"},
	})
	// The print screen lists reader shipment slips with the other letters
	// (its fifth kind, selected with 5).
	letterKinds = append(letterKinds, store.LetterReaderShipment)
}
