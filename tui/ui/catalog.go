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
	if t, ok := Messages.Text(key, c.lang); ok {
		return t
	}
	for _, s := range pageSets {
		if t, ok := s.Text(key, c.lang); ok {
			return t
		}
	}
	return "[" + key + "]"
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

// pageSets are the page packages' own catalogs (Register).
var pageSets []msg.Set

// Register adds a page package's own texts to the console's catalog; a
// page calls it from init. A key another catalog has already is a
// programming error, caught at start rather than one text silently
// hiding the other.
func Register(s msg.Set) {
	for k := range s {
		if _, dup := Messages[k]; dup {
			panic("ui: key defined twice: " + k)
		}
		for _, o := range pageSets {
			if _, dup := o[k]; dup {
				panic("ui: key defined twice: " + k)
			}
		}
	}
	pageSets = append(pageSets, s)
}

// Messages are the texts more than one page shows, or the shell's own
// (header, help, errors, the desk keys); grouped by subject, each group in
// its file (catalog_<subject>.go), added from init (a key defined twice
// panics at start). A text only one page shows is in that page package's
// own Messages, which it registers (Register).
var Messages = msg.Set{
	"error.prefix":  {"エラー", "Error"},
	"error.nostore": {"データベースが開かれていません", "no database is open"},
	"key.back":      {"戻る", "back"},
	"key.clear":     {"消去", "clear"},
	"key.move":      {"選択", "select"},
	"key.page":      {"ページ", "page"},
	"key.topbot":    {"先頭/末尾", "top/bottom"},
	"col.name":      {"氏名", "Name"},
	"col.status":    {"状態", "Status"},
	"col.cardno":    {"カード番号", "Card no"},
	"col.expires":   {"有効期限", "Expires"},

	// badges (kept short: they share one column)
	"badge.suspended": {"停止", "suspended"},
	"badge.locked":    {"ロック", "locked"},
	"badge.pwissued":  {"PW郵送中", "PW mailed"},
	"badge.pending":   {"解約申請中", "cancelling"},
	"badge.cancelled": {"解約済", "cancelled"},
	"badge.credit":    {"クレジット", "credit"},
	"member.loading":  {"読み込み中…", "loading…"},
	"kind.standard":   {"標準", "standard"},
	"kind.credit":     {"クレジット", "credit"},
	"card.active":     {"有効", "active"},
	"card.revoked":    {"失効", "revoked"},
	"card.expired":    {"期限切れ", "expired"},
	"date.none":       {"—", "—"},
}
