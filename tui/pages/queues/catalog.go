package queues

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"key.open_q":    {"開く", "open"},
	"key.approvals": {"承認待ち", "approvals"},
	"key.refresh":   {"更新", "refresh"},
	"key.sort":      {"並び替え(期限/経過)", "sort (due/age)"},
	"key.reverse":   {"逆順", "reverse"},
	"key.filter":    {"絞り込み", "filter"},
	"key.reassign":  {"担当変更", "reassign"},
	"key.open_case": {"案件を開く", "open case"},
	"key.approve":   {"承認", "approve"},
	"key.overdue":   {"期限超過(全キュー)", "overdue, all queues"},

	"queues.title":    {"業務キュー", "Work queues"},
	"queues.empty":    {"未完了の案件はありません。", "No open cases."},
	"queues.totals":   {"未完了 {open}件・期限超過 {overdue}件・期限間近 {soon}件", "{open} open, {overdue} overdue, {soon} due soon"},
	"queues.asof":     {"{date} 時点・日数は営業日(土日祝・年末年始を除く)", "as of {date}; days are business days (no weekends, holidays, year-end closure)"},
	"queues.opened30": {"受付(直近30日) {spark} 計{n}", "opened, 30 days {spark} {n}"},
	"queues.closed30": {"完了(直近30日) {spark} 計{n}", "closed, 30 days {spark} {n}"},
	"error.queues":    {"業務キューを読み込めませんでした", "could not load the queues"},

	"colq.group":   {"待ち", "Waiting on"},
	"colq.type":    {"種類", "Type"},
	"colq.state":   {"状態", "State"},
	"colq.count":   {"件数", "Open"},
	"colq.oldest":  {"最古", "Oldest"},
	"colq.soon":    {"間近", "Soon"},
	"colq.overdue": {"超過", "Overdue"},
	"colq.intake":  {"受付30日", "Intake 30d"},
	"colq.member":  {"会員", "Member"},
	"colq.assign":  {"担当", "Assigned"},
	"colq.age":     {"経過", "Age"},
	"colq.duein":   {"残り", "Due in"},
	"days":         {"{n}日", "{n}d"},

	"qc.title":      {"{type} {state}", "{type}: {state}"},
	"qc.overdue":    {"期限超過の案件(全キュー)", "Overdue cases, all queues"},
	"colq.queue":    {"キュー", "Queue"},
	"qc.page":       {"{from}–{to}件目(全{total}件)", "{from}–{to} of {total}"},
	"qc.none":       {"この条件の案件はありません。", "No case matches."},
	"qc.sort.due":   {"期限順", "by due date"},
	"qc.sort.age":   {"受付の古い順", "oldest first"},
	"qc.desc":       {"(逆順)", "(reversed)"},
	"qc.filter":     {"絞り込み ", "Filter "},
	"qc.filter.ph":  {"会員番号・案件番号・担当・氏名", "member no, case no, assignee, name"},
	"qc.reassign":   {"{case} の新しい担当者(ログイン名) ", "New assignee for {case} (login) "},
	"qc.reassigned": {"{case} を {operator} さんの担当にしました", "{case} is now assigned to {operator}"},
	"error.queue":   {"キューを読み込めませんでした", "could not load the queue"},

	"appr.title":               {"承認待ち", "Approvals"},
	"appr.none":                {"承認待ちはありません。", "Nothing waits for approval."},
	"appr.kind.cancellation":   {"解約の承認", "cancellation"},
	"appr.kind.letter_reprint": {"再印刷の承認", "letter reprint"},
	"appr.as":                  {"承認者: {operator}(依頼者とは別の監督者が承認します)", "approving as {operator} (a supervisor other than the requester)"},
	"appr.who":                 {"承認できるのは依頼者以外の監督者です", "a supervisor other than the requester approves"},
	"appr.done":                {"{what} を承認しました", "approved {what}"},
	"appr.confirm":             {"{what} を承認しますか? y で承認、n で取消", "Approve {what}? y approves, n cancels"},
	"key.reprint":              {"再印刷を依頼", "ask for a reprint"},
	"appr.ask.letter":          {"再印刷する郵便物の番号 ", "Letter to reprint "},
	"appr.ask.reason":          {"理由 ", "Why "},
	"appr.ask.bad_letter":      {"{input} は郵便物の番号ではありません(例: L-0000123)", "{input} is not a letter number (e.g. L-0000123)"},
	"appr.requested":           {"依頼 {request}: {letter} の再印刷は別の監督者の承認待ちです", "request {request}: the reprint of {letter} waits for a second supervisor"},
	"colq.what":                {"内容", "What"},
	"colq.by":                  {"依頼者", "Requested by"},
	"colq.when":                {"依頼日時", "Requested"},
	"error.approvals":          {"承認待ちを読み込めませんでした", "could not load the approvals"},
}

func init() { ui.Register(Messages) }
