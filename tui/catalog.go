package tui

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the shell's own texts: header, help overlay, the desk
// keys' refusals, the lock and the audit-seal warning. What pages share is
// in ui.Messages; each page package holds its own.
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
	"toosmall.short":  {"{w}×{h}→80×24", "{w}x{h}→80x24"},
	"toosmall.body":   {"現在 {w}×{h}。80×24 以上に広げてください。", "Now {w}x{h}. Make it at least 80x24."},
	"help.title":      {"キー一覧", "Keys"},
	"help.close":      {"? / esc で閉じる", "? or esc closes"},
	"error.count":     {"会員数を数えられませんでした", "could not count members"},
	"error.watch":     {"他の席の変更を追えません。画面は r で読み直してください", "cannot follow other desks' changes: press r to read a screen again"},
	// while the database does not answer (watch.go)
	"header.reconnecting": {" [再接続中…] ", " [reconnecting…] "},
	"status.reconnecting": {"データベースに再接続しています…　画面と入力中の内容はそのままです。保存は接続が戻ってから行ってください",
		"Reconnecting to the database… what is on screen and typed stays as it is; save once it is back"},

	// keys (help bar)
	"key.quit":               {"終了", "quit"},
	"key.help":               {"キー一覧", "keys"},
	"lock.idle":              {"{idle}操作がなかったためロックしました。{operator} さんのパスワードで解除します", "Locked after {idle} without a key. {operator}'s password unlocks it"},
	"lock.minutes":           {"{n}分間", "{n} minutes"},
	"lock.disabled":          {"{operator} さんのアカウントは無効にされました。監督者に連絡してください", "{operator}'s account has been disabled: ask a supervisor"},
	"error.account":          {"担当者のアカウントを読み込めませんでした", "could not read the operator's account"},
	"header.readonly":        {" [読み取り専用：サインインも記録しません] ", " [read-only: sign-ins not recorded] "},
	"header.role.operator":   {"操作者", "operator"},
	"header.role.supervisor": {"監督者", "supervisor"},
	"key.audit":              {"監査記録", "audit trail"},

	// the audit-seal warning at start
	"auditseal.title":     {"監査記録の警告", "Audit trail warning"},
	"auditseal.status":    {"監査記録の検証に失敗しました", "the audit trail does not verify"},
	"auditseal.lead":      {"監査記録を検証できませんでした", "The audit trail does not verify"},
	"auditseal.todo":      {"この確認では何も変更していません。ほかの変更の前に、データベースのファイルと監査鍵の写しを取り、spdesk audit verify で詳しく確かめてください。", "This check changed nothing. Before anything else is written, keep a copy of the database file and its audit key, and run spdesk audit verify for the full verdict."},
	"auditseal.error":     {"監査記録を検証できません", "cannot check the audit trail"},
	"key.auditseal.close": {"閉じる", "close"},
	"key.letters":         {"郵送物の印刷", "print letters"},
	"key.operator":        {"担当者切替", "switch operator"},
	"desk.here":           {"{page} はこの画面です", "{page} is this page already"},
	"desk.below":          {"{page} はこの下に開いています。esc で戻れます", "{page} is open beneath this page: esc goes back to it"},
	"desk.open":           {"(開いています)", "(open)"},
	"desk.gate":           {"このキーはサインインしてから使えます", "this key works once you have signed in"},

	"key.queues":      {"業務キュー", "queues"},
	"key.newcall":     {"名乗りのない電話", "unidentified caller"},
	"key.reports":     {"通話の集計", "call report"},
	"call.readonly":   {"読み取り専用の画面では通話を記録しません", "a read-only console logs no calls"},
	"error.opencalls": {"記録していない通話を読み込めませんでした", "could not read the calls left open"},
}

func init() { ui.Register(Messages) }
