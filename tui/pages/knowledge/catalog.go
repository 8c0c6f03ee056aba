package knowledge

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"kb.title":         {"ナレッジベース", "Knowledge base"},
	"kb.prompt":        {"検索: ", "Search: "},
	"kb.placeholder":   {"ことば、または結果コード（例：52）", "words, or a result code (e.g. 52)"},
	"kb.matches":       {"{n}/{of}件", "{n} of {of}"},
	"kb.none":          {"該当する記事はありません。別のことばで検索してください", "no article matches: try other words"},
	"kb.nocode":        {"結果コード {code} の記事はありません", "no article for result code {code}"},
	"kb.rendering":     {"記事を表示しています…", "rendering the article…"},
	"kb.broken":        {"ナレッジベースを読み込めません：{reason}", "the knowledge base cannot be read: {reason}"},
	"kb.for":           {"会員 {member}", "member {member}"},
	"kb.nomember":      {"会員画面の f で開くと、記事から手続きを始められます", "open it with f on a member to start procedures from articles"},
	"kb.noproc":        {"この記事から始める手続きはありません", "this article has no procedure to start"},
	"kb.proc":          {"手続き：{name}（s で開始）", "procedure: {name} (s starts it)"},
	"kb.proc.typing":   {"手続き：{name}（enter のあと s で開始）", "procedure: {name} (enter, then s starts it)"},
	"kb.lang.typing":   {"記事の言語：{lang}", "article language: {lang}"},
	"kb.proc.nomember": {"手続き：{name}（会員を開いてから）", "procedure: {name} (open a member first)"},
	"kb.lang":          {"記事の言語：{lang}（t で切替）", "article language: {lang} (t switches)"},
	"kb.lang.ja":       {"日本語", "Japanese"},
	"kb.lang.en":       {"英語", "English"},
	"kb.notes":         {"通話・案件メモ({n}件、新しい順)", "Call and case notes ({n}, newest first)"},
	"kb.notes.count":   {"メモ {n}件(記事の下)", "{n} notes below the article"},
	"kb.note.member":   {"会員 {member}", "member {member}"},
	"kb.note.nomember": {"会員不明の通話", "unidentified caller"},
	"kb.note.call":     {"通話 {call}", "call {call}"},
	"kb.note.case":     {"案件 {case}", "case {case}"},
	"key.kbread":       {"記事を読む", "read"},
	"key.kbsearch":     {"検索へ", "search"},
	"key.kbnext":       {"次/前の記事", "next/prev match"},
	"key.kbscroll":     {"スクロール", "scroll"},
	"key.kbstart":      {"手続き開始", "start procedure"},
	"key.kblang":       {"日/英", "ja/en"},
}

func init() { ui.Register(Messages) }
