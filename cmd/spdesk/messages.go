package main

import "spdesk/internal/msg"

// messages are the command line's own texts, in the catalog format every
// package uses; refusals come from workflows.Message, card advice from
// cardops.
var messages = msg.Set{
	"queues.col.group":         {"待ち", "waiting on"},
	"queues.col.type":          {"種類", "type"},
	"queues.col.state":         {"状態", "state"},
	"queues.col.open":          {"件数", "open"},
	"queues.col.oldest":        {"最古(営業日)", "oldest (bd)"},
	"queues.col.soon":          {"期限間近", "due soon"},
	"queues.col.overdue":       {"期限超過", "overdue"},
	"queues.col.intake":        {"受付30日", "intake 30d"},
	"calls.bad_member":         {"--member「{member}」は会員番号ではありません。10桁の会員番号を指定してください", "--member {member} is not a member number: give the member's 10 digits"},
	"calls.no_member":          {"会員番号 {member} の会員はいません。番号を確かめてください（spdesk search で探せます）", "there is no member {member}: check the number (spdesk search finds members)"},
	"calls.bad_limit":          {"--limit {limit} は使えません。1 から 10000 までの数を指定してください", "--limit {limit}: give a number from 1 to 10000"},
	"calls.header":             {"会員 {member}（{name}）の通話 {count} 件、新しい順", "member {member} ({name}): {count} calls, newest first"},
	"calls.open":               {"通話中（未記録）", "open (not wrapped up)"},
	"calls.minutes":            {"{n}分", "{n} min"},
	"calls.reasons":            {"理由:", "reasons:"},
	"calls.links":              {"関連:", "touched:"},
	"calls.report.json_csv":    {"--json と --csv は同時に使えません。どちらか一方を指定してください", "--json and --csv cannot be combined: give one of them"},
	"calls.report.empty":       {"{from} から {to} までに記録された通話はありません", "no call was wrapped up from {from} to {to}"},
	"calls.report.header":      {"通話の集計 {from} 〜 {to}：合計 {total} 件", "calls from {from} to {to}: {total} in all"},
	"calls.report.by_reason":   {"理由別（1件の通話が複数の理由に数えられることがあります）", "by reason (a call may count under several reasons)"},
	"calls.report.by_operator": {"担当者別", "by operator"},
	"calls.report.by_day":      {"日別", "by day"},
	"first.title":              {"spdesk：はじめての起動", "spdesk: first start"},
	"first.intro":              {"このデータベースにはまだ担当者アカウントがありません。最初の監督者を作成してください。\nほかの担当者はこの監督者が追加します（spdesk operator add）。", "This database has no operator account yet. Create the first supervisor;\nthey add the other operators (spdesk operator add)."},
	"first.refused":            {"作成できませんでした：{reason}。入力はそのまま残っています。直してもう一度どうぞ。", "not created: {reason}. Everything typed is still here: fix it and try again."},
	"first.login":              {"ログイン名（a-z 0-9 . _ -）", "Login (a-z 0-9 . _ -)"},
	"first.name":               {"表示名", "Display name"},
	"first.password":           {"パスワード（{min}文字以上）", "Password ({min} characters or more)"},
	"first.again":              {"パスワード（確認）", "Password again"},
	"first.bad_login":          {"ログイン名は半角英小文字・数字・. _ - の32文字以内です", "a login is up to 32 of a-z, 0-9, . _ -"},
	"first.no_name":            {"表示名を入力してください", "type a display name"},
	"first.short":              {"パスワードは{min}文字以上にしてください（いま{n}文字）", "the password needs {min} characters or more (now {n})"},
	"first.long":               {"パスワードは128文字以内にしてください", "the password is at most 128 characters"},
	"first.same_as_login":      {"ログイン名と同じパスワードは使えません", "the password cannot be the login"},
	"first.differ":             {"2つのパスワードが一致しません", "the two passwords differ"},
	"first.key.next":           {"次へ", "next"},
	"first.key.back":           {"戻る", "back"},
	"first.key.submit":         {"作成", "create"},
	"first.key.quit":           {"やめる", "quit"},
	"first.created":            {"監督者 {login} を作成しました。このアカウントでサインインしてください", "supervisor {login} created: sign in with it"},
	"queues.totals":            {"{asof} 時点  未完了 {open} 件、うち期限超過 {overdue} 件", "as of {asof}: {open} open, {overdue} overdue"},
	"letters.pdf":              {"PDF: {file}（{pages} ページ）", "PDF: {file} ({pages} pages)"},
	"letters.job":              {"ジョブ {job}（プリンタ {printer}、{pages} ページ）: {state}、印刷済み {printed} ページ", "job {job} on {printer} ({pages} pages): {state}, {printed} pages printed"},
	"letters.no_jobs":          {"バッチ {batch} はまだプリンタに送っていません", "batch {batch} has not been sent to a printer"},
}

// cliText is key's text in lang with its {name} placeholders filled from
// name, value pairs.
func cliText(lang, key string, args ...string) string {
	t, ok := messages.Text(key, lang)
	if !ok {
		return "[" + key + "]"
	}
	return msg.Fill(t, args...)
}
