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
		"job.effects":   {"実行すると次のとおりになります:", "Doing this will:"},
		"job.confirm":   {"Enter / y で実行、Esc でやめる(まだ何も記録していません)", "enter or y does it, esc cancels (nothing is written yet)"},
		"job.running":   {"実行中…", "working…"},
		"job.done":      {"完了しました", "Done"},
		"job.done.case": {"完了しました — 案件 {case}", "Done — case {case}"},
		"job.close":     {"Enter / Esc で閉じる", "enter or esc closes"},
		"job.readonly":  {"読み取り専用のため変更できません", "read-only console: no changes can be made"},
		"print.busy":    {"印刷中…", "printing…"},
	})
}
