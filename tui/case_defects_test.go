package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"spdesk/internal/jpdate"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Issue 12 part 3, the case screen, tried in Japanese at 80×24.

// wrongBirth is a date of birth that is not m's, as an era date.
func wrongBirth(m workflows.Member) string {
	return jpdate.FormatEra(jpdate.Of(m.BirthDate.Time.AddDate(-1, 0, 0)))
}

// #2: a failed identity check is shown as a failure (the workflow's words
// for what failed and what to do), never as done, and r asks again.
func TestFailedIdentityIsShownAsAFailureAndRetried(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("3", "┃ 生年月日")
	c.typ(wrongBirth(m))
	c.press("enter", "┃ 郵便番号")
	c.typ(m.PostalCode)
	c.press("enter", "実行すると")
	failed := c.lastCaseAfter(m.ID, func() { c.press("enter", "✘ できませんでした", "r でやり直す") })
	v := waitFor(t, c.tm, "✘ できませんでした")
	if strings.Contains(v, "完了しました") {
		t.Fatalf("a failed check shows as done:\n%s", v)
	}
	if failed.State != "identity_failed" {
		t.Fatalf("the failed check left case %s %s", failed.No(), failed.State)
	}
	c.press("r", "┃ 生年月日") // a fresh form: the same procedure again
	c.identity(m, "実行すると")
	c.press("enter", "完了しました", "新しいパスワードを発行")
	c.wantCase(m.ID, workflows.CasePasswordReset, workflows.StatePasswordIssued)
}

// lastCaseAfter runs f and returns the member's newest case after it.
func (c *counter) lastCaseAfter(memberID int64, f func()) workflows.Case {
	c.t.Helper()
	f()
	return c.lastCase(memberID)
}

// #5, #17: to an operator, the supervisor's approval is dimmed with the
// reason in words, naming who may approve; the key says the same and
// opens nothing; no code (cancel.approve, form_received) on screen.
func TestOperatorSeesTheApprovalDimmedInWords(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	ctx := context.Background()
	if _, err := svc.AddOperator(ctx, "demo-supervisor", workflows.OperatorRequest{Login: "clerk", DisplayName: "clerk",
		Role: workflows.RoleOperator, Password: "password-clerk"}); err != nil {
		t.Fatal(err)
	}
	m := (&desk{t: t, st: st}).freeMember()
	cs := receivedCancellation(t, svc, m, "tester")
	d := runDesk(t, st, svc, ui.LangJA, 80, 24, "clerk")
	c := &counter{desk: d}
	c.member(m)
	c.press("3", "待ち")
	c.press("enter", "次の操作", "経過")
	v := waitFor(t, d.tm, "[a] 承認 —", "tester")
	if code := regexp.MustCompile(`[a-z]+_[a-z_]+|cancel\.[a-z]+`).FindString(v); code != "" {
		t.Fatalf("a code %q on the case screen:\n%s", code, v)
	}
	d.key("a")
	v = waitFor(t, d.tm, "監督者", "clerk")
	if strings.Contains(v, "実行すると") {
		t.Fatalf("approve opened its confirmation for an operator:\n%s", v)
	}
	// The whole answer, not just the requester's login (on screen anyway).
	if who := workflows.WhoApproves(cs, ui.LangJA); !strings.Contains(v, who) {
		t.Fatalf("who may approve (%q) is not named:\n%s", who, v)
	}
}

// receivedCancellation is a cancellation of m, its form received, with
// by as the requester.
func receivedCancellation(t *testing.T, svc *workflows.Service, m workflows.Member, by string) workflows.Case {
	t.Helper()
	ctx := context.Background()
	r, ir, err := svc.StartCase(ctx, by, workflows.StartCaseRequest{Type: workflows.CaseCancellation, Seen: m,
		Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
	if err != nil || !ir.Passed {
		t.Fatalf("start: %v %+v", err, ir)
	}
	if r, err = svc.MailForm(ctx, by, workflows.MailFormRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, NoRefundNoticeGiven: true}); err != nil {
		t.Fatal(err)
	}
	if r, err = svc.ReceiveForm(ctx, by, workflows.StepRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version}); err != nil {
		t.Fatal(err)
	}
	return r.Case
}

// #13: the cancellation asks the no-refund question once (the effects
// then say it was told, as a statement), and the approve prompt lists what
// approving leads to: who may approve, the membership ending, every card
// revoked, no refund.
func TestCancellationAsksOnceAndApprovalListsConsequences(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("7", "┃ 生年月日")
	c.identity(m, "年会費は返金されないことを説明しましたか")
	c.press("y", "実行すると")
	v := waitFor(t, c.tm, "実行すると", "説明済みとして記録")
	if strings.Contains(v, "説明しましたか") {
		t.Fatalf("the effects ask the no-refund question again:\n%s", v)
	}
	c.press("enter", "完了しました")
	// The one answer covers the form's mailing too: the case is past the
	// step that used to ask again.
	c.wantCase(m.ID, workflows.CaseCancellation, workflows.StateFormMailed)

	// The approval, on a case whose form another supervisor received.
	c, other := newCounter(t)
	cs := receivedCancellation(t, c.svc, other, "supervisor")
	c.member(other)
	c.press("3", "待ち")
	c.press("enter", "次の操作", "経過")
	c.press("a", "実行すると")
	cards, _ := c.st.CardsOfMember(context.Background(), other.ID)
	want := []string{"承認できるのは", "supervisor さん以外", "元に戻せません", "返金されません"}
	for _, cd := range cards {
		want = append(want, workflows.MaskCardNo(cd.No))
	}
	v = waitFor(t, c.tm, "実行すると")
	for _, w := range want {
		if !strings.Contains(strings.ReplaceAll(v, "\n", ""), w) && !strings.Contains(v, w) {
			t.Errorf("approve prompt of %s lacks %q:\n%s", cs.No(), w, v)
		}
	}
}

// #15: esc or ctrl+c in a half-filled form asks before dropping it; n
// goes back with the text kept, y drops it. ctrl+c does not quit then.
func TestHalfFilledFormAsksBeforeDropping(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("3", "┃ 生年月日")
	c.typ("平成2年9月22日")
	c.press("esc", "入力した内容を捨てますか")
	c.press("n", "┃ 生年月日", "平成2年9月22日")
	c.tm.Send(keyCtrlC)
	waitFor(t, c.tm, "入力した内容を捨てますか")
	c.press("y", "基本情報") // back on the member, nothing opened
	if cs, _ := c.st.CasesOfMember(context.Background(), m.ID); len(cs) > 0 && cs[0].OpenedBy == "tester" {
		t.Fatalf("a dropped form opened case %s", cs[0].No())
	}
}

// #10: the forms' help bar and the case timeline speak Japanese: huh's
// keys from the catalog, the fields an identity check changed in words.
func TestFormsAndTimelineSpeakJapanese(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("enter", "実行すると")
	c.press("enter", "完了しました")
	c.press("enter", "次の操作")
	c.press("i", "┃ 生年月日")
	v := waitFor(t, c.tm, "次へ")
	for _, en := range []string{"next", "submit", "back"} {
		if strings.Contains(v, en) {
			t.Errorf("English %q in the Japanese form:\n%s", en, v)
		}
	}
	c.identity(m, "実行すると")
	c.press("enter", "本人確認できました")
	c.press("enter", "次の操作", "経過")
	v = waitFor(t, c.tm, "経過")
	if !regexp.MustCompile(`本人確認\s+本人確認`).MatchString(v) || strings.Contains(v, "identity") {
		t.Fatalf("a field code in the timeline:\n%s", v)
	}
}

// #12 (procedures): a member whose card is suspended with no case holding
// it is not a dead end: the procedures offer to resume it, and it is
// resumed after the identity check (workflows.ResumeSuspendedCard).
func TestSuspendedCardWithNoCaseCanBeResumed(t *testing.T) {
	c, _ := newCounter(t)
	ctx := context.Background()
	m, err := c.st.MemberByNo(ctx, suspendedNo)
	if err != nil {
		t.Fatal(err)
	}
	c.member(m)
	c.press("a", "9 停止中カードの再開")
	v := waitFor(t, c.tm, "9 停止中カードの再開")
	if regexp.MustCompile(`9 停止中カードの再開 {2,}[^ \n]`).MatchString(v) {
		t.Fatalf("resume is dimmed for a suspended card with no case:\n%s", v)
	}
	c.press("9", "┃ 生年月日")
	c.identity(m, "実行すると", "停止を解除")
	c.press("enter", "完了しました", "停止を解除しました")
	cards, err := c.st.CardsOfMember(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range cards {
		if cd.Status == workflows.CardSuspended {
			t.Fatalf("card %s is still suspended", workflows.MaskCardNo(cd.No))
		}
	}
}
