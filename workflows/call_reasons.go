package workflows

import (
	"slices"
	"strconv"

	"spdesk/internal/msg"
	"spdesk/store"
)

// The reasons a call is logged under: a fixed list, so the supervisors'
// report counts like with like. The FAQ's topics, the result codes the
// member's software shows, each procedure, and "other". Codes are stored;
// their words are in the catalog under "call.reason." + code.

// ReasonGroup sorts the reasons for the wrap-up list.
type ReasonGroup string

const (
	ReasonFAQ       ReasonGroup = "faq"
	ReasonCode      ReasonGroup = "code"
	ReasonProcedure ReasonGroup = "procedure"
	ReasonOther     ReasonGroup = "other"
)

// CallReason is one entry of the reason list.
type CallReason struct {
	Code       string
	Group      ReasonGroup
	Articles   []string  // knowledge-base articles that answer it: opening one suggests it
	ResultCode int       // ReasonCode: the software's result code
	Procedure  Procedure // ReasonProcedure: the procedure it is
}

// ReasonOtherCode is the reason of a call no other reason fits.
const ReasonOtherCode = "other"

// callReasons is the list, in the order the wrap-up shows it.
var callReasons = func() []CallReason {
	out := []CallReason{
		{Code: "faq_portal", Group: ReasonFAQ, Articles: []string{"my-portal"}},
		{Code: "faq_joining", Group: ReasonFAQ, Articles: []string{"joining"}},
		{Code: "faq_security", Group: ReasonFAQ, Articles: []string{"security"}},
		{Code: "faq_card", Group: ReasonFAQ, Articles: []string{"card-validity", "card-delivery", "lost-card", "broken-card"}},
		{Code: "faq_payment", Group: ReasonFAQ, Articles: []string{"shopping-payment", "shopping-history"}},
		{Code: "faq_fee", Group: ReasonFAQ, Articles: []string{"annual-fee"}},
		{Code: "faq_reader", Group: ReasonFAQ, Articles: []string{"card-reader", "reader-order"}},
		{Code: "faq_systems", Group: ReasonFAQ, Articles: []string{"supported-systems"}},
		{Code: "faq_network", Group: ReasonFAQ, Articles: []string{"network", "firewall-setup", "idle-disconnect"}},
		{Code: "faq_password", Group: ReasonFAQ, Articles: []string{"password-forgotten"}},
		{Code: "faq_change", Group: ReasonFAQ, Articles: []string{"contact-change", "name-change"}},
		{Code: "faq_outage", Group: ReasonFAQ, Articles: []string{"service-outage"}},
		{Code: "faq_cancellation", Group: ReasonFAQ, Articles: []string{"cancellation"}},
		{Code: "faq_install", Group: ReasonFAQ, Articles: []string{"install-trouble"}},
		{Code: "faq_software", Group: ReasonFAQ, Articles: []string{"tray-key-icon"}},
		{Code: "faq_uninstall", Group: ReasonFAQ, Articles: []string{"uninstall"}},
		{Code: "faq_update", Group: ReasonFAQ, Articles: []string{"software-update"}},
	}
	for _, n := range []int{51, 52, 54, 58, 100} {
		out = append(out, CallReason{Code: "code_" + strconv.Itoa(n), Group: ReasonCode, ResultCode: n,
			Articles: []string{"code-" + strconv.Itoa(n)}})
	}
	for _, p := range Procedures() {
		out = append(out, CallReason{Code: "proc_" + string(p), Group: ReasonProcedure, Procedure: p})
	}
	return append(out, CallReason{Code: ReasonOtherCode, Group: ReasonOther})
}()

// CallReasons lists every reason a call may be logged under, in the order
// the wrap-up offers them.
func CallReasons() []CallReason { return slices.Clone(callReasons) }

// ReasonLabel names a reason code for people ("" codes and unknown ones
// come back as they are).
func ReasonLabel(code, lang string) string {
	if t, ok := Messages.Text("call.reason."+code, lang); ok {
		return t
	}
	return code
}

// OutcomeLabel names a call outcome for people.
func OutcomeLabel(o store.CallOutcome, lang string) string {
	if t, ok := Messages.Text("call.outcome."+string(o), lang); ok {
		return t
	}
	return string(o)
}

// CallOutcomes lists the outcomes a wrap-up may give.
func CallOutcomes() []store.CallOutcome {
	return []store.CallOutcome{store.OutcomeAnswered, store.OutcomeProcedure, store.OutcomeCallBack, store.OutcomeTransferred}
}

func reasonOf(code string) (CallReason, bool) {
	for _, r := range callReasons {
		if r.Code == code {
			return r, true
		}
	}
	return CallReason{}, false
}

// reasonForArticle is the reason an article answers, "" if none.
func reasonForArticle(id string) string {
	for _, r := range callReasons {
		if slices.Contains(r.Articles, id) {
			return r.Code
		}
	}
	return ""
}

func init() {
	Messages.Add(msg.Set{
		"call.reason.faq_portal":          {"マイポータル・ホームページ", "My Portal and the website"},
		"call.reason.faq_joining":         {"入会・スターターキット", "joining and the starter kit"},
		"call.reason.faq_security":        {"安全性・個人情報の扱い", "security and personal data"},
		"call.reason.faq_card":            {"ICカード（有効期限・到着・紛失・破損）", "the IC card (validity, delivery, loss, damage)"},
		"call.reason.faq_payment":         {"ネットでの支払い・利用履歴", "paying online and the purchase history"},
		"call.reason.faq_fee":             {"年会費", "the annual fee"},
		"call.reason.faq_reader":          {"カードリーダー", "the card reader"},
		"call.reason.faq_systems":         {"使えるパソコン・OS", "supported computers and systems"},
		"call.reason.faq_network":         {"回線・接続環境", "network and connection"},
		"call.reason.faq_password":        {"パスワード", "the password"},
		"call.reason.faq_change":          {"登録内容の変更", "changing registered details"},
		"call.reason.faq_outage":          {"サービスの停止・メンテナンス", "service outages and maintenance"},
		"call.reason.faq_cancellation":    {"解約について", "about cancelling"},
		"call.reason.faq_install":         {"ソフトのインストールでのトラブル", "trouble installing the software"},
		"call.reason.faq_software":        {"インストール後のソフトのトラブル", "trouble with the installed software"},
		"call.reason.faq_uninstall":       {"ソフトのアンインストール", "uninstalling the software"},
		"call.reason.faq_update":          {"ソフトの更新", "updating the software"},
		"call.reason.code_51":             {"結果コード51", "result code 51"},
		"call.reason.code_52":             {"結果コード52", "result code 52"},
		"call.reason.code_54":             {"結果コード54", "result code 54"},
		"call.reason.code_58":             {"結果コード58", "result code 58"},
		"call.reason.code_100":            {"結果コード100", "result code 100"},
		"call.reason.proc_lost_card":      {"手続き：カードの紛失・盗難", "procedure: lost or stolen card"},
		"call.reason.proc_broken_card":    {"手続き：カードの破損", "procedure: broken card"},
		"call.reason.proc_password_reset": {"手続き：パスワードの再発行", "procedure: password reset"},
		"call.reason.proc_name_change":    {"手続き：氏名の変更", "procedure: change of name"},
		"call.reason.proc_contact_change": {"手続き：住所・連絡先の変更", "procedure: change of address or contact"},
		"call.reason.proc_cancellation":   {"手続き：解約", "procedure: cancellation"},
		"call.reason.proc_reader_order":   {"手続き：カードリーダーの追加注文", "procedure: extra card reader order"},
		"call.reason.other":               {"その他（どれにも当たらない）", "other (none of the above)"},

		"call.outcome.answered":          {"回答済み", "answered"},
		"call.outcome.procedure_started": {"手続きを開始", "procedure started"},
		"call.outcome.call_back":         {"折り返し連絡", "call back"},
		"call.outcome.transferred":       {"転送・引き継ぎ", "transferred"},
	})
}
