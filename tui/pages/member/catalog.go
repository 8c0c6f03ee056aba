package member

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"error.member": {"会員を読み込めませんでした", "could not load the member"},
	"key.tabs":     {"タブ切替", "switch tab"},
	"key.tabjump":  {"タブ番号", "tab by number"},
	"col.kind":     {"種類", "Kind"},
	"col.issued":   {"発行日", "Issued"},

	// member screen
	"member.title": {"会員", "Member"},
	"tab.profile":  {"基本情報", "Profile"},
	"tab.cards":    {"カード", "Cards"},
	"tab.cases":    {"案件", "Cases"},
	"tab.letters":  {"郵送物", "Letters"},
	"tab.history":  {"履歴", "History"},
	"cards.none":   {"カードはありません。", "No cards."},

	// profile fields
	"f.memberno": {"会員番号", "Member no"},
	"f.name":     {"氏名", "Name"},
	"f.reading":  {"フリガナ", "Reading"},
	"f.birth":    {"生年月日", "Date of birth"},
	"f.postal":   {"郵便番号", "Postal code"},
	"f.address":  {"住所", "Address"},
	"f.phone":    {"電話番号", "Phone"},
	"f.email":    {"メール", "E-mail"},
	"f.joined":   {"入会日", "Joined"},
	"f.fee":      {"年会費の支払い", "Annual fee"},
	"f.password": {"パスワード", "Password"},
	"f.status":   {"会員状態", "Membership"},
	"f.guardian": {"保護者の同意", "Guardian consent"},
	"f.cards":    {"カード", "Cards"},

	"fee.card":   {"{brand} 下4桁 {last4}", "{brand} ending {last4}"},
	"fee.postal": {"郵便振替", "postal transfer"},
	"fee.none":   {"未登録", "not registered"},

	"pw.ok":     {"使用中", "in use"},
	"pw.locked": {"ロック(10回誤入力・結果コード58)。再発行が必要です", "locked (10 wrong entries, result code 58): a new one must be issued"},
	"pw.issued": {"新パスワード発行済み・郵送中", "new password issued, on its way by post"},

	"status.active":    {"有効", "active"},
	"status.pending":   {"解約申請中", "cancellation pending"},
	"status.cancelled": {"解約済", "cancelled"},

	"guardian.yes": {"あり(20歳未満で入会)", "given (joined under 20)"},
	"guardian.no":  {"なし(不要)", "none (not needed)"},

	"cards.summary": {"{total}枚(有効 {active}・停止 {suspended})", "{total} ({active} active, {suspended} suspended)"},
	// keys
	"key.actions":  {"手続き", "procedures"},
	"key.opencase": {"案件を開く", "open case"},

	// member tabs
	"cases.none":       {"この会員の案件はありません。a で手続きを始めます。", "No cases for this member. Press a to start a procedure."},
	"letters.none":     {"この会員宛ての郵送物はありません。", "No letters to this member."},
	"history.none":     {"この会員の操作記録はありません。", "No audit events for this member."},
	"col.type":         {"種類", "Type"},
	"col.letter":       {"郵送物", "Letter"},
	"col.queued":       {"受付", "Queued"},
	"col.printed":      {"印刷", "Printed"},
	"col.mailed":       {"発送", "Mailed"},
	"col.batch":        {"バッチ", "Batch"},
	"lstate.queued":    {"印刷待ち", "queued"},
	"lstate.printed":   {"印刷済", "printed"},
	"lstate.mailed":    {"発送済", "mailed"},
	"lstate.cancelled": {"取消", "cancelled"},
	"key.guide":        {"案内", "guidance"},
	"key.reload":       {"再読み込み", "reload"},
	"member.changed":   {"ほかの端末でこの会員の情報が変わったため、読み直しました", "this member was changed at another console: read again"},
	"error.calls":      {"通話の記録を読み込めませんでした", "could not load the calls"},
	"error.call":       {"通話の記録を始められませんでした", "could not start logging the call"},
	"error.stops":      {"カード停止の連絡状況を読み込めませんでした", "could not read whether the login service knows of the stop"},

	// calls (calls.go)
	"tab.calls":    {"通話", "Calls"},
	"col.reason":   {"理由", "Reason"},
	"col.outcome":  {"結果", "Outcome"},
	"calls.none":   {"この会員の通話の記録はまだありません。", "No calls logged for this member yet."},
	"calls.nonote": {"(メモなし)", "(no note)"},
	"calls.note":   {"メモ", "Note"},
	"calls.open":   {"通話中・未記録", "open, not wrapped up"},
	"calls.recent": {"最近の通話（{n}件、6 で一覧）", "Recent calls ({n}; 6 lists them)"},

	// the stop of a card, as the login service knows it (issue 14)
	"stop.confirmed":    {"{card}：{at} に停止、ログインサービスが {confirmed} に確認済み", "{card}: stopped at {at}, login service confirmed {confirmed}"},
	"stop.pending":      {"{card}：{at} に停止。ログインサービスの確認はまだです（届きしだい反映されます）", "{card}: stopped at {at}, not yet confirmed by the login service (it applies as soon as it arrives)"},
	"stop.parked":       {"{card}：{at} に停止。ログインサービスへの連絡が届かず止まっています。監督者に再送を頼んでください", "{card}: stopped at {at}, but telling the login service failed and is parked: ask a supervisor to retry it"},
	"stop.untold":       {"{card}：停止中（ログインサービスへの連絡の記録はありません）", "{card}: stopped (no record of telling the login service)"},
	"stop.mark.pending": {"・未確認", ", unconfirmed"},

	// held letters (#6)
	"lstate.held":      {"保留中", "held"},
	"held.line":        {"{letter} は保留中：{why}", "{letter} is held: {why}"},
	"held.guide.title": {"保留中の郵送物", "A letter is held"},
	"held.guide":       {"{kind}（{letter}）は保留中です：{why}。いつもの日数では届きません。監督者の確認のあとに発送すると伝えてください。", "The {kind} ({letter}) is held: {why}. It will not arrive in the usual days: tell the caller it is sent after a supervisor's review."},

	// the wrap-up of a call (wrapup.go)
	"wrap.title":            {"通話の記録 {call}", "Wrap-up of call {call}"},
	"wrap.member":           {"会員 {member}", "member {member}"},
	"wrap.unidentified":     {"名乗りのない方", "caller not identified"},
	"wrap.started":          {"{at} から", "since {at}"},
	"wrap.reasons":          {"理由", "Reasons"},
	"wrap.shown":            {"{first}〜{last}／全{n}件 ↑↓", "{first}–{last} of {n} ↑↓"},
	"wrap.outcome":          {"結果", "Outcome"},
	"wrap.note":             {"メモ", "Note"},
	"wrap.note.placeholder": {"試したこと・伝えたこと（任意）", "what was tried and told (optional)"},
	"wrap.loading":          {"この通話でしたことを読み込んでいます…", "reading what was done during the call…"},
	"wrap.saving":           {"記録しています…", "saving…"},
	"wrap.cursor":           {"選ばれた理由はありません。enter でカーソルの理由を記録します", "no reason ticked: enter records the highlighted one"},
	"wrap.hint":             {"enter で記録して閉じます。esc で会員の画面に戻ります（通話は続きます）", "enter saves and closes; esc goes back to the member (the call stays open)"},
	"wrap.hint.anon":        {"enter で記録して閉じます。esc で通話中の画面に戻ります（通話は続きます）", "enter saves and closes; esc goes back to the call screen (the call stays open)"},
	"wrap.hint.open":        {"enter で記録します。esc で記録していない通話の一覧に戻ります", "enter saves it; esc goes back to the list of calls not wrapped up"},
	"wrap.status":           {"通話の記録：理由を確かめて enter", "wrap-up: check the reasons, then enter"},
	"wrap.key.accept":       {"記録", "save"},
	"wrap.key.hide":         {"戻る", "back"},
	"wrap.key.next":         {"次の欄", "next field"},
	"wrap.key.move":         {"選択", "move"},
	"wrap.key.toggle":       {"選ぶ", "tick"},

	// the call log's audit actions on the History tab
	"action.call_start":   {"通話の開始", "call started"},
	"action.call_wrap_up": {"通話の記録", "call wrapped up"},
	"action.case_note":    {"案件へのメモ", "note on a case"},

	// the call page (callpage.go)
	"callpage.anon.title": {"名乗りのない方", "Caller not identified"},
	"callpage.anon.lead":  {"通話中 {call}（会員が特定できない方）", "On call {call} (caller not identified)"},
	"callpage.anon.body":  {"ctrl+x でナレッジベースを開けます。終わったら esc で通話を記録します。", "ctrl+x opens the knowledge base. When done, esc wraps up the call."},
	"callpage.key.end":    {"通話を記録", "wrap up"},
	"callpage.key.wrap":   {"記録する", "wrap up"},
	"callpage.key.later":  {"あとで", "later"},
	"callpage.open.title": {"記録していない通話", "Calls not wrapped up"},
	"callpage.open.lead":  {"前回記録しないまま終わった通話が {n} 件あります", "{n} of your calls were left without a wrap-up"},
	"callpage.open.body":  {"enter で理由と結果を記録します。esc で閉じると、次のサインインでまた表示します。", "enter wraps one up; esc closes this, and they are offered again at the next sign-in."},
}

func init() { ui.Register(Messages) }
