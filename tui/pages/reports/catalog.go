package reports

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows.
var Messages = msg.Set{
	"reports.title":      {"通話の集計", "Call report"},
	"reports.from":       {"開始日 ", "From "},
	"reports.to":         {"終了日 ", "To   "},
	"reports.ph":         {"2026年11月1日", "2026-11-01"},
	"reports.day":        {"{day}日", "{day}"},
	"reports.loading":    {"集計しています…", "counting…"},
	"reports.total":      {"期間の通話 {n} 件（{from}〜{to}）", "{n} calls from {from} to {to}"},
	"reports.none":       {"この期間に記録された通話はありません。", "No calls were wrapped up in this range."},
	"reports.byreason":   {"理由別", "by reason"},
	"reports.byop":       {"担当者別", "by operator"},
	"reports.col.total":  {"計", "Total"},
	"reports.row.total":  {"合計", "Total"},
	"reports.days":       {"{first}〜{last} の日別（←→で日をずらす）", "per day {first} to {last} (← → moves the days)"},
	"reports.refused":    {"集計を表示できません", "the report cannot be shown"},
	"reports.status":     {"日付を直して enter で集計。v で理由別と担当者別を切替", "edit the dates, enter counts; v switches reason and operator"},
	"key.reports.run":    {"集計", "count"},
	"key.reports.next":   {"次の欄", "next field"},
	"key.reports.view":   {"理由別・担当者別", "reason / operator"},
	"key.reports.days":   {"日をずらす", "move days"},
	"key.reports.scroll": {"行を送る", "scroll rows"},
}

func init() { ui.Register(Messages) }
