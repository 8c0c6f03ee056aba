package search

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"error.search": {"検索できませんでした", "search failed"},
	"key.open":     {"会員を開く", "open member"},
	"key.totable":  {"一覧へ", "to list"},
	"key.toinput":  {"検索欄へ", "to search"},

	// search screen
	"search.title":       {"会員検索", "Member search"},
	"search.prompt":      {"検索 ", "Search "},
	"search.placeholder": {"会員番号・カード番号・電話(下4桁)・メール・氏名・よみ", "member no, card no, phone (last 4), e-mail, name, reading"},
	"search.hint":        {"入力すると検索します。↑↓で選択、Enter で会員を開きます。", "Type to search. Up/down select, enter opens the member."},
	"search.blank":       {"検索語を入力してください(空白だけでは検索しません)。", "Type something to search for (spaces alone search nothing)."},
	"search.searching":   {"検索中…", "searching…"},
	"search.none":        {"「{query}」に一致する会員はいません。", "No member matches “{query}”."},
	"search.total":       {"{n}件", "{n} members"},
	"search.shown":       {"(上位{n}件を表示)", "(top {n} shown)"},
	"search.empty.title": {"データベースに会員がいません", "The database holds no members"},
	"search.empty.body":  {"デモデータを入れるには:", "To load demo data:"},
	"search.empty.scale": {"件数を指定した試験データなら:", "Or scale test data:"},
	"search.empty.demo":  {"またはデモを起動:  spdesk demo", "Or start the demo:  spdesk demo"},

	"search.matched": {"一致: ", "Matched: "},
	"search.also":    {"ほかに: ", "also: "},
	"search.sep":     {"、", ", "},

	"match.member_no":   {"会員番号", "member number"},
	"match.card_no":     {"カード番号", "card number"},
	"match.phone":       {"電話番号", "phone"},
	"match.email":       {"メール", "e-mail"},
	"match.name":        {"氏名", "name"},
	"match.name_part":   {"氏名の一部", "part of the name"},
	"match.reading":     {"フリガナ", "reading"},
	"match.address":     {"住所", "address"},
	"match.former_name": {"旧姓", "former name"},
	"match.birth_date":  {"生年月日", "birth date"},
	"match.postal_code": {"郵便番号", "postal code"},

	// columns
	"col.memberno": {"会員番号", "Member no"},
	"col.reading":  {"フリガナ", "Reading"},
	"col.birth":    {"生年月日", "Born"},
	"col.phone":    {"電話", "Phone"},

	"search.deskhint":  {"ctrl+l 印刷 ・ ctrl+o 担当切替 ・ ctrl+t カードテスト ・ ctrl+g 業務キュー", "ctrl+l letters · ctrl+o operator · ctrl+t card test · ctrl+g queues"},
	"search.deskhint2": {"ctrl+r 監査証跡 ・ ctrl+x ナレッジベース ・ ? すべてのキー", "ctrl+r audit trail · ctrl+x knowledge base · ? every key"},
}

func init() { ui.Register(Messages) }
