package ui

import "spdesk/internal/msg"

// Words about cases, letters and jobs that more than one page shows.
func init() {
	Messages.Add(msg.Set{
		"key.confirm":   {"実行", "do it"},
		"key.cancel":    {"やめる", "cancel"},
		"key.close":     {"閉じる", "close"},
		"key.cardtest":  {"カードテスト", "card test"},
		"operator.only": {"切り替えられる担当者は1人だけです", "there is only one operator to act as"},
		"col.case":      {"案件", "Case"},
		"col.state":     {"状態", "State"},
		"col.due":       {"期限", "Due"},
		"col.waiting":   {"待ち", "Waiting"},
		"col.opened":    {"受付日", "Opened"},
		"col.when":      {"日時", "When"},
		"col.who":       {"担当", "Who"},
		"col.action":    {"操作", "Action"},
		"col.move":      {"状態の変化", "From → to"},

		"waiting.us":       {"当センター", "us"},
		"waiting.member":   {"会員", "member"},
		"waiting.mail":     {"郵便", "post"},
		"waiting.approval": {"承認", "approval"},
		"waiting.issuer":   {"カード会社", "issuer"},

		"lkind.password_notice":   {"パスワード通知", "password notice"},
		"lkind.reissue_form":      {"再発行依頼書", "reissue form"},
		"lkind.change_form":       {"変更申請書", "change form"},
		"lkind.cancellation_form": {"解約申込書", "cancellation form"},

		// job
		"job.effects":     {"実行すると次のとおりになります:", "Doing this will:"},
		"job.confirm":     {"Enter / y で実行、Esc でやめる(まだ何も記録していません)", "enter or y does it, esc cancels (nothing is written yet)"},
		"job.running":     {"実行中…", "working…"},
		"job.done":        {"完了しました", "Done"},
		"job.done.case":   {"完了しました — 案件 {case}", "Done — case {case}"},
		"job.close":       {"Enter / Esc で閉じる", "enter or esc closes"},
		"job.readonly":    {"読み取り専用のため変更できません", "read-only console: no changes can be made"},
		"print.busy":      {"印刷中…", "printing…"},
		"job.failed":      {"できませんでした", "Not done"},
		"job.failed.case": {"できませんでした — 案件 {case}", "Not done — case {case}"},
		"job.retry":       {"r でやり直す、Enter / Esc で閉じる", "r tries again, enter or esc closes"},
		"job.discard":     {"入力した内容を捨てますか? y: 捨てる / n・Esc: 入力に戻る", "Drop what you typed? y drops it, n or esc goes back to the form"},
		"key.retry":       {"やり直す", "try again"},
		"key.discard":     {"入力を捨てる", "drop the input"},
		"key.keep":        {"入力に戻る", "back to the form"},

		// huh form keys (ui.formKeys)
		"form.next":         {"次へ", "next"},
		"form.prev":         {"戻る", "back"},
		"form.submit":       {"確定", "submit"},
		"form.complete":     {"補完", "complete"},
		"form.newline":      {"改行", "new line"},
		"form.editor":       {"エディタで開く", "open editor"},
		"form.choose":       {"選ぶ", "select"},
		"form.up":           {"上へ", "up"},
		"form.down":         {"下へ", "down"},
		"form.filter":       {"絞り込み", "filter"},
		"form.filter_set":   {"絞り込みを確定", "set filter"},
		"form.filter_clear": {"絞り込みを解除", "clear filter"},
		"form.halfup":       {"半ページ上", "half page up"},
		"form.halfdown":     {"半ページ下", "half page down"},
		"form.top":          {"先頭へ", "first"},
		"form.bottom":       {"末尾へ", "last"},
		"form.left":         {"左へ", "left"},
		"form.right":        {"右へ", "right"},
		"form.toggle":       {"切り替え", "toggle"},
		"form.yes":          {"はい", "yes"},
		"form.no":           {"いいえ", "no"},
	})
}
