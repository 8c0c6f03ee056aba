package cases

import (
	"spdesk/internal/msg"
	"spdesk/tui/ui"
)

// Messages are the texts only this page shows; what pages share is in
// ui.Messages.
var Messages = msg.Set{
	"key.start":      {"開始", "start"},
	"key.scroll":     {"経過を移動", "scroll timeline"},
	"key.steps":      {"次の操作(画面のキー)", "next steps (keys on screen)"},
	"key.steps.keys": {"i/o/m…", "i/o/m…"},
	"error.case":     {"案件を読み込めませんでした", "could not load the case"},

	// procedures
	"proc.title":    {"手続き", "Procedures"},
	"proc.hint":     {"↑↓で選び Enter で開始", "up/down to pick, enter to start"},
	"proc.lost":     {"カード紛失", "Lost card"},
	"proc.broken":   {"カード破損", "Broken card"},
	"proc.password": {"パスワード再発行", "Password reset"},
	"proc.name":     {"氏名変更", "Name change"},
	"proc.contact":  {"連絡先変更", "Contact change"},
	"proc.cancel":   {"解約", "Cancellation"},
	"proc.card":     {"対象のカード", "Which card"},

	// identity
	"id.title":   {"本人確認", "Identity check"},
	"id.desc":    {"お客さまの答えをそのまま入力(2項目以上)。登録内容は表示しません。", "Type what the caller says (two or more). Stored values are never shown."},
	"id.birth":   {"生年月日", "Date of birth"},
	"id.postal":  {"郵便番号", "Postal code"},
	"id.phone":   {"登録電話番号", "Registered phone"},
	"id.email":   {"メールアドレス", "E-mail"},
	"id.two":     {"本人確認には2項目以上の回答が必要です", "an identity check needs at least two answers"},
	"id.match":   {"一致", "match"},
	"id.nomatch": {"不一致", "no match"},
	"id.passed":  {"本人確認できました({fields})", "identity confirmed ({fields})"},
	"id.failed":  {"本人確認できませんでした({fields})。案件はそのまま残ります", "identity not confirmed ({fields}); the case stays open for another try"},

	"contact.title":   {"新しい連絡先", "New contact details"},
	"contact.desc":    {"変わる項目だけ入力(空欄は変更なし)", "Fill in only what changes (blank keeps it)"},
	"contact.postal":  {"郵便番号", "Postal code"},
	"contact.address": {"住所", "Address"},
	"contact.phone":   {"電話番号", "Phone"},
	"contact.email":   {"メールアドレス", "E-mail"},
	"contact.none":    {"変更する項目を1つ以上入力してください", "fill in at least one field to change"},

	"cancel.norefund":      {"年会費は返金されないことを説明しましたか", "Did you tell the member the annual fee is not refunded?"},
	"cancel.norefund.desc": {"年度途中の解約でも年会費は返金されません", "a mid-year cancellation refunds nothing"},
	"yes":                  {"はい", "Yes"},
	"no":                   {"いいえ", "No"},

	"name.title":      {"返送された変更申請書の氏名", "Name on the returned change form"},
	"name.family":     {"姓", "Family name"},
	"name.given":      {"名", "Given name"},
	"name.familykana": {"姓(フリガナ)", "Family name reading"},
	"name.givenkana":  {"名(フリガナ)", "Given name reading"},

	"withdraw.reason": {"取下げの理由", "Reason for withdrawing"},
	"withdraw.need":   {"理由を入力してください", "a reason is required"},

	// effects (confirmation panel)
	"fx.suspend":           {"カード {card} を今すぐ使用停止にします", "Card {card} is suspended now"},
	"fx.case_open":         {"「{type}」の案件を開きます", "A {type} case is opened"},
	"fx.credit":            {"クレジット機能付きカードのため再発行は {company} が行います。会員にカード会社への連絡を案内してください", "Credit-function card: {company} reissues it; tell the member to contact them"},
	"fx.reissue_next":      {"次に本人確認のうえ再発行を手配します。今日手配すれば新しいカードは {due} ごろ届きます", "Next, after an identity check, a new card is ordered; ordered today it should arrive by {due}"},
	"fx.reissue_form":      {"次に再発行依頼書(返信用封筒つき)を登録住所へ送ります。返送期限は {due} です", "Next, a reissue request form (with return envelope) goes to the registered address, expected back by {due}"},
	"fx.identity":          {"お客さまの答えを項目ごとに照合し、一致・不一致だけを案件に記録します(答えそのものは記録しません)", "The caller's answers are checked field by field; only match / no match is recorded on the case, never the answers"},
	"fx.pw_issue":          {"一致すれば新しいパスワードを今すぐ発行します。古いパスワードとロックはその時点で無効になります", "If they match, a new password is issued now; the old password and its lock stop working at once"},
	"fx.pw_letter":         {"パスワード通知を印刷待ちに入れます。{due} ごろまでに届きます", "A password notice is queued for printing and should reach the member by {due}"},
	"fx.change_form":       {"一致すれば変更申請書を登録住所({postal})へ送ります。返送期限は {due} です", "If they match, a change request form goes to the registered address ({postal}), expected back by {due}"},
	"fx.contact":           {"{field} を「{value}」に変更します", "{field} becomes “{value}”"},
	"fx.contact_close":     {"変更すると案件は完了になります", "The case is closed once the change is made"},
	"fx.cancel_form":       {"一致すれば解約申込書を登録住所へ送ります。返送期限は {due} です", "If they match, a cancellation form goes to the registered address, expected back by {due}"},
	"fx.cancel_pending":    {"会員の状態は「解約申請中」になります", "The membership becomes “cancellation pending”"},
	"fx.cancel_norefund":   {"年会費を返金しないことを説明済みとして記録します", "It is recorded that the member was told the annual fee is not refunded"},
	"fx.cancel_approval":   {"書類が戻ったら、受領した担当者とは別の担当者が承認します", "When the form is back, an operator other than the one who records it approves"},
	"fx.resume":            {"カード {card} の停止を解除し、案件を完了します", "Card {card} can be used again; the case is closed"},
	"fx.order":             {"新しいカード(新しい番号・有効期間 {years} 年)を手配します。{due} ごろ届きます", "A new card (new number, valid {years} years) is ordered and should arrive by {due}"},
	"fx.order_old":         {"カード {card} は新しいカードの発送まで停止のままです", "Card {card} stays suspended until the new one ships"},
	"fx.mail_form":         {"書類を登録住所({postal})へ送ります。返送期限は {due} です", "The form goes to the registered address ({postal}), expected back by {due}"},
	"fx.receive":           {"書類を受領したと記録します", "The returned form is recorded as received"},
	"fx.receive_requester": {"受領した担当者({operator})が依頼者になり、承認は別の担当者が行います", "You ({operator}) become the requester; a different operator must approve"},
	"fx.ship_new":          {"新しいカード {card} を有効にします", "New card {card} becomes usable"},
	"fx.ship_old":          {"カード {card} は失効します(元には戻せません)", "Card {card} is revoked for good"},
	"fx.name":              {"氏名を {old} から {new}({reading})に変更します", "The name changes from {old} to {new} ({reading})"},
	"fx.name_kept":         {"旧姓名は履歴に残ります", "The old name is kept in the history"},
	"fx.approve":           {"{operator} が承認します(依頼者 {requester} とは別の担当者であること)", "{operator} approves (must not be the requester, {requester})"},
	"fx.cancel_member":     {"会員を解約済みにします", "The membership is cancelled"},
	"fx.cancel_cards":      {"すべてのカードを失効させます: {cards}", "Every card is revoked: {cards}"},
	"fx.close":             {"案件を完了します", "The case is closed"},
	"fx.withdraw":          {"案件を取り下げます(理由: {reason})", "The case is withdrawn (reason: {reason})"},
	"fx.withdraw_letters":  {"印刷待ちの郵送物は取り消されます", "Its queued letters are cancelled"},

	"done.suspended": {"カード {card} を使用停止にしました", "Card {card} is suspended"},
	"done.opened":    {"案件を開きました", "Case opened"},
	"done.pw":        {"新しいパスワードを発行し、通知 {letter} を印刷待ちにしました", "New password issued; notice {letter} queued for printing"},
	"done.form":      {"書類 {letter} を印刷待ちにしました", "Form {letter} queued for printing"},
	"done.contact":   {"連絡先を変更しました", "Contact details changed"},
	"done.state":     {"状態: {from} → {to}", "State: {from} → {to}"},
	"done.card":      {"新しいカード {card}(有効期限 {expires})", "New card {card} (expires {expires})"},
	"done.letter":    {"郵送物 {letter}({kind})を印刷待ちにしました", "Letter {letter} ({kind}) queued"},

	// case screen
	"case.identity":   {"本人確認", "Identity"},
	"case.id.none":    {"未実施", "not checked"},
	"case.id.passed":  {"確認済み({operator})", "confirmed ({operator})"},
	"case.id.failed":  {"不一致(未確認)", "did not match"},
	"case.requested":  {"依頼者", "Requested by"},
	"case.reason":     {"理由", "Reason"},
	"case.next":       {"次の操作", "Next steps"},
	"case.timeline":   {"経過", "Timeline"},
	"reader.system":   {"どのパソコン用ですか", "Which computer is it for?"},
	"reader.windows":  {"USBタイプ（Windows版）", "USB, for Windows"},
	"reader.mac":      {"USBタイプ（Macintosh版）", "USB, for Macintosh"},
	"fx.reader_order": {"カードリーダー {name} を1台、有償貸与で注文します", "order one card reader, {name}, as a paid loan"},
	"fx.reader_price": {"価格 {price}（税別、税込 {taxed}）、送料込み", "price {price} before tax ({taxed} with tax), postage included"},
	"fx.reader_pay":   {"お支払いはちょコムのみ：ちょコム手数料 {percent}%（{fee}）がかかる", "paid by ChoCom only: a {percent}% ChoCom fee ({fee}) is added"},
	"fx.reader_ship":  {"{date} までに登録住所（{postal}）へ発送、送付状を印刷待ちに追加", "ships by {date} to the registered address ({postal}); its slip is queued for printing"},
	"done.reader":     {"注文しました。送付状 {slip}、発送予定 {date}", "ordered: slip {slip}, ships by {date}"},
}

func init() { ui.Register(Messages) }
