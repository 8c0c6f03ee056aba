package audit

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"key.audit.filter": {"絞り込み", "filter"},
	"key.audit.next":   {"次の欄", "next field"},
	"key.audit.apply":  {"適用", "apply"},
	"key.audit.cancel": {"取消", "cancel"},
	"key.audit.clear":  {"条件を消す", "clear filter"},
	"key.audit.export": {"CSV書き出し", "export CSV"},

	"error.audit":       {"監査記録を読めません", "cannot read the audit trail"},
	"audit.title":       {"監査記録", "Audit trail"},
	"audit.f.operator":  {"操作者", "Operator"},
	"audit.f.member":    {"会員番号", "Member"},
	"audit.f.case":      {"案件", "Case"},
	"audit.f.action":    {"操作", "Action"},
	"audit.f.from":      {"開始日", "From"},
	"audit.f.to":        {"終了日", "To"},
	"audit.ph.operator": {"ログイン名", "login"},
	"audit.ph.member":   {"10桁", "10 digits"},
	"audit.ph.case":     {"C-0000123", "C-0000123"},
	"audit.ph.action":   {"lost_card など", "e.g. lost_card"},
	"audit.ph.date":     {"2026年11月1日", "YYYY-MM-DD"},
	"audit.count":       {"{rows} 件・新しい順", "{rows} rows, newest first"},
	"audit.none":        {"条件に合う記録はありません", "No audit rows match"},
	"audit.hint":        {"/ で絞り込み、e で CSV に書き出し", "/ filters, e exports to CSV"},
	"audit.edithint":    {"tab で次の欄、enter で適用、esc で取消", "tab: next field, enter: apply, esc: cancel"},
	"audit.before":      {"変更前", "Before"},
	"audit.after":       {"変更後", "After"},
	"audit.note":        {"メモ", "Note"},
	"audit.exporting":   {"書き出し中…", "exporting…"},
	"audit.exported":    {"{rows} 件を {path} に書き出しました", "{rows} rows exported to {path}"},
	"audit.nodir":       {"データベースの場所が分からないため書き出せません", "no database folder to export beside"},
	"audit.export_dir":  {"書き出し先", "Exports go to"},

	"audit.action.audit.export": {"監査記録の書き出し", "audit export"},
	"audit.action.denied":       {"権限のない操作の拒否", "refused: not permitted"},
	"audit.action.card_test":    {"カードテスト", "card test"},
	"audit.action.call.start":   {"通話の開始", "call started"},
	"audit.action.call.wrap_up": {"通話の記録", "call wrapped up"},
	"audit.action.case.note":    {"案件へのメモ", "note on a case"},
}

func init() { ui.Register(Messages) }
