package tui

import (
	"context"
	"strings"
	"testing"

	"spdesk/workflows"
)

// #6, on the call: a member whose address changed at another desk days
// ago asks for a new password. The notice is held by the address rule, so
// the result the operator reads out says it is held and why, not that it
// was queued; the member screen's Letters tab then shows it held, not
// queued. All through the real desk, in Japanese at 80×24.
func TestHeldPasswordNoticeIsSaidOnTheCall(t *testing.T) {
	c, m := newCounter(t)
	ctx := context.Background()
	r, _, err := c.svc.StartCase(ctx, "supervisor", workflows.StartCaseRequest{Type: workflows.CaseContactChange, Seen: m,
		Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.ChangeContact(ctx, "supervisor", workflows.ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: m.Version, PostalCode: "5300001", Address: "大阪府大阪市北区梅田1-1-1"}); err != nil {
		t.Fatal(err)
	}
	if m, err = c.svc.MemberByID(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("3", "┃ 生年月日")
	c.identity(m, "実行すると")
	c.press("enter", "完了しました")
	v := waitFor(t, c.tm, "完了しました", "保留")
	flat := strings.ReplaceAll(v, "\n", "")
	if strings.Contains(v, "印刷待ちにしました") || !strings.Contains(flat, "住所が変更") {
		t.Fatalf("the result says the held notice was queued, or not why it is held:\n%s", v)
	}
	c.press("enter", "基本情報")
	c.press("4", "保留中")
	held, err := c.svc.HeldLetters(ctx)
	if err != nil || len(held) == 0 || held[len(held)-1].MemberID != m.ID {
		t.Fatalf("the desk holds no letter of %s: %v", m.No, err)
	}
}
