package tui

import (
	"context"
	"testing"

	"spdesk/internal/jpdate"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// maxProcedureKeys is issue 12's target: every procedure, from the search
// text (one key) to done, in at most this many key presses.
const maxProcedureKeys = 12

// counter drives the Japanese console at 80×24 and counts what the
// operator presses: a named key is one, and so is a typed text (the
// search, an answer), as the issue counts the search.
type counter struct {
	*desk
	n int
}

func newCounter(t *testing.T) (*counter, workflows.Member) {
	d := startDeskAt(t, ui.LangJA, 80, 24)
	return &counter{desk: d}, d.freeMember()
}

// press sends k and waits for every want, checking the frame still fills
// 80×24.
func (c *counter) press(k string, want ...string) {
	c.t.Helper()
	c.n++
	c.key(k)
	if len(want) > 0 {
		checkFrame(c.t, waitFor(c.t, c.tm, want...), 80, 24)
	}
}

// typ types text as one press and waits for it on screen.
func (c *counter) typ(text string, want ...string) {
	c.t.Helper()
	c.n++
	c.tm.Type(text)
	checkFrame(c.t, waitFor(c.t, c.tm, append([]string{text}, want...)...), 80, 24)
}

// member searches the member by number and opens them: two presses.
func (c *counter) member(m workflows.Member) {
	c.t.Helper()
	c.typ(m.No, m.Name())
	c.press("enter", "基本情報")
}

// identity answers the date of birth, as callers say it (an era date),
// and the postal code: four presses, phone and e-mail not asked.
func (c *counter) identity(m workflows.Member, after ...string) {
	c.t.Helper()
	waitFor(c.t, c.tm, "┃ 生年月日")
	birth := jpdate.FormatEra(jpdate.Of(m.BirthDate.Time))
	c.typ(birth)
	c.press("enter", "┃ 郵便番号")
	c.typ(m.PostalCode)
	c.press("enter", after...)
}

func (c *counter) done(what string) {
	c.t.Helper()
	if c.n > maxProcedureKeys {
		c.t.Fatalf("%s took %d keys, want at most %d", what, c.n, maxProcedureKeys)
	}
	c.t.Logf("%s: %d keys", what, c.n)
}

func (c *counter) wantCase(memberID int64, typ workflows.CaseType, state workflows.CaseState) workflows.Case {
	c.t.Helper()
	cs := c.wantState(memberID, typ, state)
	if cs.Type != typ || cs.State != state {
		c.t.Fatalf("case %s is %s %s", cs.No(), cs.Type, cs.State)
	}
	return cs
}

// Lost card, then the new card ordered after the identity check: the
// report lands in the case it opened, the reissue marked as its next
// step, and the check flows straight into it.
func TestKeysLostCardWithReissue(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("enter", "実行すると")
	c.press("enter", "完了しました")
	c.press("enter", "次の操作", "Enter で開始", "本人確認のあと")
	c.press("enter", "┃ 生年月日")
	c.identity(m, "実行すると", "先にお客さまの答えで本人確認")
	c.press("enter", "完了しました", "本人確認できました")
	c.done("lost card with reissue")
	cs := c.wantCase(m.ID, workflows.CaseLostCard, workflows.StateReissueOrdered)
	if !cs.IdentityPassed || cs.NewCardID == 0 {
		t.Fatalf("case %s: identity %v, new card %d", cs.No(), cs.IdentityPassed, cs.NewCardID)
	}
}

func TestKeysBrokenCard(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("2", "実行すると")
	c.press("enter", "完了しました")
	c.press("enter", "次の操作", "Enter で開始")
	c.press("enter", "実行すると")
	c.press("enter", "完了しました")
	c.done("broken card, reissue form mailed")
	c.wantCase(m.ID, workflows.CaseBrokenCard, workflows.StateFormMailed)
}

func TestKeysPasswordReset(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("3", "┃ 生年月日")
	c.identity(m, "実行すると")
	c.press("enter", "完了しました", "新しいパスワードを発行")
	c.done("password reset")
	c.wantCase(m.ID, workflows.CasePasswordReset, workflows.StatePasswordIssued)
}

func TestKeysNameChangeForm(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("4", "┃ 生年月日")
	c.identity(m, "実行すると")
	c.press("enter", "完了しました", "印刷待ち")
	c.done("name change form")
	c.wantCase(m.ID, workflows.CaseNameChange, workflows.StateFormMailed)
}

func TestKeysAddressChange(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("5", "┃ 生年月日")
	c.identity(m, "┃ 郵便番号と住所")
	c.typ("150-0001 東京都渋谷区神宮前1-2-3")
	c.press("enter", "実行すると", "150-0001")
	c.press("enter", "完了しました", "連絡先を変更しました")
	c.done("address change")
	c.wantCase(m.ID, workflows.CaseContactChange, workflows.StateClosed)
	got, err := c.st.MemberByID(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PostalCode != "1500001" || got.Address == m.Address {
		t.Fatalf("postal %s, address %q", got.PostalCode, got.Address)
	}
}

func TestKeysCancellationForm(t *testing.T) {
	c, m := newCounter(t)
	c.member(m)
	c.press("a", "▸ 1 カード紛失")
	c.press("7", "┃ 生年月日")
	c.identity(m, "年会費は返金されないことを説明しましたか")
	c.press("y", "実行すると")
	c.press("enter", "完了しました", "印刷待ち")
	c.done("cancellation form")
	cs := c.wantCase(m.ID, workflows.CaseCancellation, workflows.StateFormMailed)
	if !cs.IdentityPassed {
		t.Fatalf("case %s without identity", cs.No())
	}
}
