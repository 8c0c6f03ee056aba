package workflows

import (
	"errors"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Messages is the catalog of workflow messages in Japanese and English
// (files add their own at init). {name} in a text is filled from the
// error's Args; the values of "state", "action", "function", "field" and
// "allowed" are themselves translated, and a day or minute in "date", "at",
// "from" or "to" is written per language (dateArg). Other packages (the console) keep their own
// screen texts; these are the words of refusals and reminders, so that
// every front end says the same thing.
var Messages = msg.Set{
	"internal":  {"内部エラーが発生しました。操作の内容を控えて管理者に連絡してください", "internal error: note what you were doing and tell the administrator"},
	"stale":     {"{what} は他の操作者が変更しました。表示を更新してからやり直してください", "{what} was changed by someone else: reload and try again"},
	"not_found": {"{what} が見つかりません", "{what} not found"},

	// list.sep joins the steps of {allowed}.
	"list.sep": {"、", ", "},

	"internal.ref": {"内部エラーが発生しました（参照番号 {ref}）。原因はログに記録されています。この番号を管理者に伝えてください", "internal error (ref {ref}); the log has the cause: give this ref to the administrator"},

	"operator.invalid": {"操作者名がありません（--operator で指定してください）", "no operator name (give --operator)"},

	"case.finished":         {"受付 {case} は「{state}」で終わっています。新しい受付を開いてください", "case {case} is {state} and has no further steps: open a new case"},
	"case.not_allowed":      {"受付 {case} は「{state}」のため「{action}」はできません。できる操作：{allowed}", "case {case} is {state}: {action} is not allowed; allowed now: {allowed}"},
	"case.not_allowed_none": {"受付 {case} は「{state}」のため「{action}」はできません。今できる操作はありません", "case {case} is {state}: {action} is not allowed, and no step is allowed now"},
	"case.credit_card":      {"クレジット機能付きカードのため「{action}」はできません。{company} へのご案内（カード会社へ案内）を行ってください", "this is a credit-function card: {action} is not ours to do; refer the member to {company} instead"},
	"case.standard_card":    {"クレジット機能付きカードではないため「{action}」はできません", "{action} is only for credit-function cards; this card is a standard one"},
	"case.already_open":     {"同じ種類の受付 {case}（状態「{state}」）が進行中です。そちらを開いてください", "case {case} of this kind is already open ({state}): continue that one"},
	"case.use_report":       {"カードの紛失・破損は「紛失届」「破損届」から受け付けてください（カードを即時停止します）", "lost and broken cards are opened with the report step, which suspends the card at once"},
	"case.unknown_type":     {"受付の種類 {type} はありません", "unknown case type {type}"},

	"member.cancelled": {"会員 {member} は解約済みです。変更はできません", "member {member} is cancelled: no changes are possible"},

	"card.already_suspended_case": {"カード {card} はすでに停止中です（受付 {case}、状態「{state}」）。その受付を開いてください", "card {card} is already suspended by case {case} ({state}): open that case"},
	"card.revoked":                {"カード {card} は失効しています。停止はできません", "card {card} is revoked: there is nothing to suspend"},
	"card.not_suspended":          {"カード {card} は停止中ではありません", "card {card} is not suspended"},

	"identity.required":   {"「{action}」の前に本人確認が必要です（受付 {case}）。本人確認を行ってください", "{action} needs a passed identity check on case {case}: check the caller's identity first"},
	"identity.no_answers": {"本人確認の回答が入力されていません", "no identity answers were given"},

	"invalid.postal_code": {"郵便番号は7桁の数字で入力してください（例：123-4567）", "postal code must be 7 digits (e.g. 123-4567)"},
	"invalid.phone":       {"電話番号は0で始まる10桁または11桁で入力してください", "phone number must be 10 or 11 digits starting with 0"},
	"invalid.email":       {"メールアドレスの形式が正しくありません", "not a valid e-mail address"},
	"invalid.birth_date":  {"生年月日は 1980-01-02 や 1980年1月2日 の形で、実在する過去の日付を入力してください", "date of birth must be a real past date such as 1980-01-02"},
	"invalid.control":     {"{field} の {pos} 文字目に表示できない制御文字（{char}）があります。その文字を消して入力し直してください", "{field} holds a control character ({char}) at character {pos}: delete it and type the text again"},
	"invalid.empty":       {"{field} を入力してください", "{field} is required"},
	"invalid.too_long":    {"{field} は {max} 文字以内で入力してください", "{field} must be at most {max} characters"},
	"invalid.reading":     {"{field} はカタカナかひらがなで入力してください（使えない文字：{char}）", "{field} must be katakana or hiragana ({char} is not)"},
	"change.nothing":      {"変更する内容がありません", "nothing to change"},

	"cancel.no_refund_notice": {"年会費は返金されないことを会員に説明し、その確認をしてください", "tell the member the annual fee is not refunded, then confirm you did"},
	"cancel.same_approver":    {"{operator} さんはこの解約（{case}）の依頼者のため承認できません。{people} さん以外の監督者が承認します", "{operator} requested cancellation {case} and cannot approve it: a different operator must approve, a supervisor other than {people}"},

	"letters.queue_empty":      {"印刷待ちの郵便物はありません。何も印刷していません", "no letters are queued: nothing was printed"},
	"letters.spool_unwritable": {"スプールフォルダ {dir} に書き込めません（{reason}）。郵便物はすべて印刷待ちのままです", "cannot write to spool folder {dir} ({reason}); every letter is still queued"},
	"batch.invalid_no":         {"バッチ番号 {batch} は正しくありません（例：B-00012）", "{batch} is not a batch number (e.g. B-00012)"},
	"batch.not_found":          {"バッチ {batch} が見つかりません", "batch {batch} not found"},
	"batch.already_mailed":     {"バッチ {batch} は {at} に発送済みです", "batch {batch} was already mailed on {at}"},

	"remind.refer_issuer":   {"クレジット機能付きカードです。再発行は {company} が行います。会員に {company} へ連絡するよう案内してください", "credit-function card: {company} reissues it; tell the member to contact {company}"},
	"remind.name_issuer":    {"クレジット機能付きカードをお持ちです。{company} にも氏名変更を連絡するよう案内してください", "the member has a credit-function card: tell them to report the new name to {company} too"},
	"remind.contact_issuer": {"クレジット機能付きカードをお持ちです。{company} にも住所・電話番号の変更を連絡するよう案内してください", "the member has a credit-function card: tell them to give {company} the new details too"},
}

var stateNames = map[store.CaseState]msg.M{
	store.StateOpened:              {"新規", "opened"}, // not 受付, the word for a case itself
	store.StateIdentityVerified:    {"本人確認済み", "identity verified"},
	store.StateCardSuspended:       {"カード停止中", "card suspended"},
	store.StateReferredToIssuer:    {"カード会社へ案内済み", "referred to issuer"},
	store.StateFormMailed:          {"書類発送済み", "form mailed"},
	store.StateFormReceived:        {"書類受領", "form received"},
	store.StateReissueOrdered:      {"再発行手配中", "reissue ordered"},
	store.StateCardShipped:         {"カード発送済み", "card shipped"},
	store.StatePasswordIssued:      {"パスワード発行済み", "password issued"},
	store.StateLetterPrinted:       {"通知印刷済み", "letter printed"},
	store.StateLetterMailed:        {"通知発送済み", "letter mailed"},
	store.StateNameChanged:         {"氏名変更済み", "name changed"},
	store.StateApproved:            {"承認済み", "approved"},
	store.StateMembershipCancelled: {"解約済み", "membership cancelled"},
	store.StateClosed:              {"完了", "closed"},
	store.StateWithdrawn:           {"取下げ", "withdrawn"},
	store.StateIdentityFailed:      {"本人確認不一致で終了", "identity not confirmed"},
	store.StateUnderReview:         {"監督者の確認待ち", "under a supervisor's review"},
}

var actionNames = map[Action]msg.M{
	ActReport:           {"届出", "report"},
	ActOpen:             {"受付", "open"},
	ActCheckIdentity:    {"本人確認", "check identity"},
	ActResume:           {"停止解除（カード発見）", "resume (card found)"},
	ActOrderReissue:     {"再発行手配", "order reissue"},
	ActReferToIssuer:    {"カード会社へ案内", "refer to issuer"},
	ActMailForm:         {"書類送付", "mail form"},
	ActReceiveForm:      {"書類受領", "receive form"},
	ActShipCard:         {"カード発送", "ship card"},
	ActIssuePassword:    {"パスワード発行", "issue password"},
	ActPrintLetter:      {"通知印刷", "print letter"},
	ActMailLetter:       {"通知発送", "mail letter"},
	ActChangeName:       {"氏名変更", "change name"},
	ActChangeContact:    {"連絡先変更", "change contact details"},
	ActApprove:          {"承認", "approve"},
	ActCancelMembership: {"解約実行", "cancel membership"},
	ActClose:            {"完了", "close"},
	ActWithdraw:         {"取下げ", "withdraw"},
	ActConfirmFraud:     {"不正使用と確定（カード失効）", "confirm fraud (revoke the card)"},
}

var caseTypeNames = map[store.CaseType]msg.M{
	store.CaseLostCard:       {"カード紛失", "lost card"},
	store.CaseBrokenCard:     {"カード破損", "broken card"},
	store.CasePasswordReset:  {"パスワード再発行", "password reset"},
	store.CaseNameChange:     {"氏名変更", "name change"},
	store.CaseContactChange:  {"連絡先変更", "contact change"},
	store.CaseCancellation:   {"解約", "cancellation"},
	store.CaseSuspectedFraud: {"不正使用の疑い", "suspected fraud"},
	store.CaseCardRenewal:    {"カード更新（期限切れ）", "card renewal (expired)"},
}

var fieldNames = map[string]msg.M{
	"family_name": {"姓", "family name"}, "given_name": {"名", "given name"},
	"family_kana": {"姓（フリガナ）", "family name reading"}, "given_kana": {"名（フリガナ）", "given name reading"},
	"postal_code": {"郵便番号", "postal code"}, "address": {"住所", "address"}, "phone": {"電話番号", "phone"},
	"email": {"メールアドレス", "e-mail"}, "birth_date": {"生年月日", "date of birth"}, "note": {"メモ", "note"},
	"reason": {"理由", "reason"}, "name": {"氏名", "name"}, "contact": {"連絡先", "contact details"},
	"body": {"本文", "body"},
}

// whatNames are the records a stale or not-found message names ({what}),
// in words; a record's own number (C-0000046) is shown as it is.
var whatNames = map[string]msg.M{
	"card": {"カード", "card"}, "new card": {"新しいカード", "new card"}, "member": {"会員", "member"},
	"case": {"受付", "case"}, "operator": {"操作者アカウント", "operator account"}, "letter": {"郵送物", "letter"},
	"audit": {"監査記録", "audit trail"}, "approvals": {"承認待ち", "approvals"}, "request": {"依頼", "request"},
	"queue": {"作業キュー", "queue"}, "queues": {"作業キュー", "queues"}, "password": {"パスワード", "password"},
	"password hash": {"パスワード", "password"}, "checkpoint": {"データベースの書き出し", "database checkpoint"},
}

// StateLabel names a case state for people.
func StateLabel(s store.CaseState, lang string) string {
	if n, ok := stateNames[s]; ok {
		return n.In(lang)
	}
	return string(s)
}

// ActionLabel names a step for people.
func ActionLabel(a Action, lang string) string {
	if n, ok := actionNames[a]; ok {
		return n.In(lang)
	}
	return string(a)
}

// CaseTypeLabel names a case type for people.
func CaseTypeLabel(t store.CaseType, lang string) string {
	if n, ok := caseTypeNames[t]; ok {
		return n.In(lang)
	}
	return string(t)
}

// Message renders err for people in lang ("ja" or "en"): the catalog text
// of a workflow *Error, or a generic internal-error text for anything else
// (the cause belongs in the log, not on screen). A logged internal error
// shows its ref, the key to its line in the log.
func Message(err error, lang string) string {
	var e *Error
	if !errors.As(err, &e) {
		if err == nil {
			return ""
		}
		if store.ConnectionLost(err) { // a read the desk passed on as it came (Desk)
			return Messages["db.offline.read"].In(lang)
		}
		return Messages["internal"].In(lang)
	}
	if e.Code == EINTERNAL && e.Ref != "" {
		return render("internal.ref", map[string]string{"ref": e.Ref}, lang)
	}
	return render(e.Key, e.Args, lang)
}

// fieldList renders "head: f1, f2" (or a bare name) with each name in
// words: fieldNames, else the name as given.
func fieldList(v, lang string) string {
	word := func(f string) string {
		if n, ok := fieldNames[f]; ok {
			return n.In(lang)
		}
		return f
	}
	head, list, ok := strings.Cut(v, ": ")
	if !ok {
		parts := strings.Split(v, ", ")
		for i, p := range parts {
			parts[i] = word(p)
		}
		return strings.Join(parts, Messages["list.sep"].In(lang))
	}
	parts := strings.Split(list, ", ")
	for i, p := range parts {
		parts[i] = word(p)
	}
	colon := ": "
	if lang == "ja" {
		colon = "："
	}
	return word(head) + colon + strings.Join(parts, Messages["list.sep"].In(lang))
}

// NoticeText renders a reminder for people in lang.
func NoticeText(n Notice, lang string) string { return render(n.Key, n.Args, lang) }

func render(key string, args map[string]string, lang string) string {
	text, ok := Messages.Text(key, lang)
	if !ok {
		return key
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		switch k {
		case "state":
			v = StateLabel(store.CaseState(v), lang)
		case "action":
			v = ActionLabel(Action(v), lang)
		case "why": // a reason that is itself a catalog key
			if n, ok := Messages[v]; ok {
				v = n.In(lang)
			}
		case "function":
			v = FunctionLabel(v, lang)
		case "field":
			if n, ok := fieldNames[v]; ok {
				v = n.In(lang)
			}
		case "what":
			if n, ok := whatNames[v]; ok {
				v = n.In(lang)
			}
		case "fields":
			v = fieldList(v, lang)
		case "date", "at", "from", "to": // a day or a minute, as the console writes them (datetext.go)
			v = dateArg(v, lang)
		case "people":
			v = strings.Join(strings.Split(v, ", "), Messages["list.sep"].In(lang))
		case "allowed":
			parts := strings.Split(v, ", ")
			for i, p := range parts {
				parts[i] = ActionLabel(Action(p), lang)
			}
			v = strings.Join(parts, Messages["list.sep"].In(lang))
		}
		pairs = append(pairs, k, v)
	}
	return msg.Fill(text, pairs...)
}

// dateArg writes an argument holding an ISO day (2026-11-26) or minute
// (2026-11-26 10:05, Tokyo) the way DateText and WhenText do. Anything
// else (a row number, what was typed) is left as it is.
func dateArg(v, lang string) string {
	if d, err := store.ParseDate(v); err == nil {
		return DateText(d, lang)
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", v, tokyo); err == nil {
		return WhenText(t, lang)
	}
	return v
}
