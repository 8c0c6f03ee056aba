package letters

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"key.print":     {"すべて印刷", "print all"},
	"key.mailed":    {"発送済みにする", "mark mailed"},
	"error.letters": {"郵送物を読み込めませんでした", "could not load the letters"},

	// print screen
	"print.title":           {"郵送物の印刷", "Print letters"},
	"print.queue":           {"印刷待ち", "Queued letters"},
	"print.empty":           {"印刷待ちの郵送物はありません", "No letters are queued"},
	"print.total":           {"合計", "Total"},
	"print.spool":           {"スプール", "Spool"},
	"print.done":            {"バッチ {batch}: {letters} 通を {dir} に印刷しました。発送したら m", "Batch {batch}: {letters} letters printed to {dir}. Press m once they are posted"},
	"print.mailed":          {"バッチ {batch}({letters} 通)を発送済みにしました", "Batch {batch} ({letters} letters) marked mailed"},
	"print.to_mail":         {"m で {batch} を発送済みにします", "m marks {batch} mailed"},
	"print.ask":             {"{letters} 通を新しいバッチとして {dir} に印刷しますか? y で印刷、n でやめる", "Print {letters} letters as a new batch into {dir}? y prints, n does not"},
	"print.ask_mail":        {"バッチ {batch}({letters} 通、{when} 印刷)を発送済みにしますか? y で記録、n でやめる", "Mark batch {batch} ({letters} letters, printed {when}) mailed? y marks it, n does not"},
	"print.ask_mail_older":  {"古いバッチ {batch}({letters} 通、{when} 印刷)を発送済みにしますか? y で記録、n でやめる", "Mark the older batch {batch} ({letters} letters, printed {when}) mailed? y marks it, n does not"},
	"print.not_done":        {"何もしていません", "nothing was done"},
	"print.nothing_to_mail": {"発送待ちのバッチはありません", "no printed batch is waiting to be mailed"},
	"print.batches":         {"最近のバッチ", "Recent batches"},
	"print.batch.printed":   {"印刷 {when} {by}・未発送", "printed {when} by {by}, not mailed"},
	"print.batch.mailed":    {"発送 {when} {by}", "mailed {when} by {by}"},
	"print.count":           {"{n} 通", "{n}"},
	"key.select":            {"種類を選ぶ", "pick kinds"},
	"key.reconcile":         {"照合", "reconcile"},
	"key.release":           {"保留解除", "release hold"},

	"print.progress":      {"{done} / {total} 通", "{done} / {total} letters"},
	"print.held":          {"保留中(監督者の確認待ち)", "On hold (waiting for a supervisor)"},
	"print.released":      {"{letter} の保留を解除しました", "released {letter}"},
	"print.no_held":       {"保留中の郵便物はありません", "no letter is on hold"},
	"print.reconciled":    {"{batch} 照合: 明細 {manifest} 通 = ファイル {files} 件 = 記録 {letters} 通 ✔", "{batch} reconciled: manifest {manifest} = files {files} = letters {letters} ✔"},
	"print.mismatch":      {"{batch} 照合不一致: 明細 {manifest} 通・ファイル {files} 件・記録 {letters} 通(欠落 {missing})", "{batch} does not reconcile: manifest {manifest}, files {files}, letters {letters} (missing {missing})"},
	"print.none_selected": {"印刷する種類を 1–4 で選んでください", "pick at least one kind to print with 1–4"},
	"print.no_batch":      {"照合するバッチがありません", "no batch to reconcile"},
}

func init() { ui.Register(Messages) }
