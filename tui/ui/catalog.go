package ui

import (
	"fmt"
	"strings"

	"spdesk/internal/msg"
)

// Languages the catalog speaks. The operators are Japanese, but a console
// started from a C or unset locale may not even have CJK fonts, so Japanese
// is chosen only when asked for (--lang ja) or when the locale says ja.
const (
	LangJA = "ja"
	LangEN = "en"
)

// DetectLang picks the console language from the locale, POSIX order:
// the first of LC_ALL, LC_MESSAGES and LANG that is set decides. A value
// starting with "ja" (ja_JP.UTF-8, ja) gives Japanese; anything else,
// including C, POSIX and unset, gives English.
func DetectLang(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ja") {
				return LangJA
			}
			return LangEN
		}
	}
	return LangEN
}

// ValidLang tells whether --lang names a language the catalog speaks.
func ValidLang(s string) bool { return s == LangJA || s == LangEN }

// Catalog looks operator-facing text up in one language. Every string the
// console shows goes through it, so a screen never hard-codes words.
type Catalog struct{ lang string }

// NewCatalog returns the catalog for lang; unknown languages get English.
func NewCatalog(lang string) Catalog {
	if !ValidLang(lang) {
		lang = LangEN
	}
	return Catalog{lang: lang}
}

// Lang is the catalog's language code.
func (c Catalog) Lang() string { return c.lang }

// T returns the text for key. A missing key shows itself in brackets, so a
// typo is visible on screen rather than silently blank (and the catalog
// test fails first).
func (c Catalog) T(key string) string {
	t, ok := Messages.Text(key, c.lang)
	if !ok {
		return "[" + key + "]"
	}
	return t
}

// F fills the {name} placeholders of key's text; args come in name, value
// pairs: c.F("search.none", "query", q). A value is shown as fmt.Sprint
// shows it. Values are often data (a name, a card company, an error
// quoting a value): text and errors go in through safeLines, so no
// control character rides along. The catalog test checks every call's
// names against its text in both languages.
func (c Catalog) F(key string, args ...any) string {
	pairs := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			if i%2 == 1 {
				v = SafeLines(v)
			}
			pairs[i] = v
		case error:
			pairs[i] = SafeLines(v.Error())
		default:
			pairs[i] = fmt.Sprint(v)
		}
	}
	return msg.Fill(c.T(key), pairs...)
}

// Messages is the console's catalog. Keys are grouped by screen; screens
// keep their texts in their own file (catalog_<screen>.go) and add them
// from init (a key defined twice panics at start).
var Messages = msg.Set{
	// shell
	"app.name":        {"spdesk", "spdesk"},
	"app.title":       {"spdesk セーフティパス サポートセンター", "spdesk Safety Pass support center"},
	"header.demo":     {" [デモ DEMO] ", " [DEMO] "},
	"header.db":       {"DB", "DB"},
	"header.operator": {"担当", "operator"},
	"header.nodb":     {"(データベースなし)", "(no database)"},
	"operator.none":   {"(未設定)", "(not set)"},
	"toosmall.title":  {"ウィンドウが小さすぎます", "Window too small"},
	"toosmall.body":   {"現在 {w}×{h}。80×24 以上に広げてください。", "Now {w}x{h}. Make it at least 80x24."},
	"help.title":      {"キー一覧", "Keys"},
	"help.close":      {"? / esc で閉じる", "? or esc closes"},
	"error.prefix":    {"エラー", "Error"},
	"error.nostore":   {"データベースが開かれていません", "no database is open"},
	"error.search":    {"検索できませんでした", "search failed"},
	"error.member":    {"会員を読み込めませんでした", "could not load the member"},
	"error.count":     {"会員数を数えられませんでした", "could not count members"},

	// keys (help bar)
	"key.quit":    {"終了", "quit"},
	"key.help":    {"キー一覧", "keys"},
	"key.back":    {"戻る", "back"},
	"key.clear":   {"消去", "clear"},
	"key.open":    {"会員を開く", "open member"},
	"key.move":    {"選択", "select"},
	"key.page":    {"ページ", "page"},
	"key.totable": {"一覧へ", "to list"},
	"key.toinput": {"検索欄へ", "to search"},
	"key.topbot":  {"先頭/末尾", "top/bottom"},
	"key.tabs":    {"タブ切替", "switch tab"},
	"key.tabjump": {"タブ番号", "tab by number"},

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

	// columns
	"col.memberno": {"会員番号", "Member no"},
	"col.name":     {"氏名", "Name"},
	"col.reading":  {"フリガナ", "Reading"},
	"col.birth":    {"生年月日", "Born"},
	"col.phone":    {"電話", "Phone"},
	"col.status":   {"状態", "Status"},
	"col.cardno":   {"カード番号", "Card no"},
	"col.kind":     {"種類", "Kind"},
	"col.issued":   {"発行日", "Issued"},
	"col.expires":  {"有効期限", "Expires"},

	// badges (kept short: they share one column)
	"badge.suspended": {"停止", "suspended"},
	"badge.locked":    {"ロック", "locked"},
	"badge.pwissued":  {"PW郵送中", "PW mailed"},
	"badge.pending":   {"解約申請中", "cancelling"},
	"badge.cancelled": {"解約済", "cancelled"},
	"badge.credit":    {"クレジット", "credit"},
	"badge.expired":   {"期限切れ", "expired"},
	"badge.revoked":   {"失効", "revoked"},
	"badge.active":    {"有効", "active"},

	// member screen
	"member.title":   {"会員", "Member"},
	"member.loading": {"読み込み中…", "loading…"},
	"tab.profile":    {"基本情報", "Profile"},
	"tab.cards":      {"カード", "Cards"},
	"tab.cases":      {"案件", "Cases"},
	"tab.letters":    {"郵送物", "Letters"},
	"tab.history":    {"履歴", "History"},
	"cards.none":     {"カードはありません。", "No cards."},

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

	"cards.summary":  {"{total}枚(有効 {active}・停止 {suspended})", "{total} ({active} active, {suspended} suspended)"},
	"kind.standard":  {"標準", "standard"},
	"kind.credit":    {"クレジット", "credit"},
	"card.active":    {"有効", "active"},
	"card.suspended": {"使用停止", "suspended"},
	"card.revoked":   {"失効", "revoked"},
	"card.expired":   {"期限切れ", "expired"},
	"date.none":      {"—", "—"},
}
