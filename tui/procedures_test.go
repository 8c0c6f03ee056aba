package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// desk is a console on the demo data with its cases, as `spdesk demo`
// starts it: a real SQLite file, the real workflows on a fixed clock.
type desk struct {
	t   *testing.T
	tm  *teatest.TestModel
	st  *store.Store
	svc *workflows.Service
}

func startDesk(t *testing.T) *desk { return startDeskAt(t, ui.LangEN, 110, 40) }

func startDeskAt(t *testing.T, lang string, w, h int) *desk {
	t.Helper()
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc) // signin_test.go: "tester" and "supervisor"
	return runDesk(t, st, svc, lang, w, h, "tester", "supervisor")
}

// seededDemo is what `spdesk demo` starts from (demodesk.Seeded).
func seededDemo(t *testing.T) (*store.Store, *workflows.Service) { return demodesk.Seeded(t) }

// runDesk starts the console on st with ops[0] acting and ops to switch to.
func runDesk(t *testing.T, st *store.Store, svc *workflows.Service, lang string, w, h int, ops ...string) *desk {
	t.Helper()
	m := New(ui.Options{Desk: svc, Service: svc, Lang: lang, Demo: true, Operator: ops[0], Operators: ops,
		Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "DEMO")
	return &desk{t: t, tm: tm, st: st, svc: svc}
}

// freeMember is an active member with a standard card and no open case.
func (d *desk) freeMember() workflows.Member {
	d.t.Helper()
	ids, err := d.st.ActiveMembersWithCard(context.Background(), workflows.CardStandard, 1)
	if err != nil || len(ids) == 0 {
		d.t.Fatalf("no free member: %v", err)
	}
	m, err := d.st.MemberByID(context.Background(), ids[0])
	if err != nil {
		d.t.Fatal(err)
	}
	return m
}

// open searches the member by number and opens them.
func (d *desk) open(m workflows.Member) {
	d.t.Helper()
	d.tm.Type(m.No)
	waitFor(d.t, d.tm, m.Name())
	d.key("enter")
	waitFor(d.t, d.tm, "Profile", m.Name())
}

// key sends one key press: a name (enter, esc, down, ctrl+o, ctrl+l,
// ctrl+u) or one printable character.
func (d *desk) key(k string) {
	switch k {
	case "enter":
		d.tm.Send(keyEnter)
	case "esc":
		d.tm.Send(keyEsc)
	case "down":
		d.tm.Send(keyDown)
	case "ctrl+o", "ctrl+l", "ctrl+u":
		d.tm.Send(tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl})
	default:
		r := []rune(k)[0]
		d.tm.Send(tea.KeyPressMsg{Code: r, Text: k})
	}
}

// field waits for the huh field titled title to have focus, then types.
func (d *desk) field(title, text string) {
	d.t.Helper()
	waitFor(d.t, d.tm, "┃ "+title)
	if text != "" {
		d.tm.Type(text)
		waitFor(d.t, d.tm, text)
	}
	d.key("enter")
}

// identity answers with the member's own date of birth and postal code.
func (d *desk) identity(m workflows.Member) {
	d.t.Helper()
	d.field("Date of birth", m.BirthDate.String())
	d.field("Postal code", m.PostalCode) // both given: phone and e-mail are not asked
}

// confirm waits for the effects panel, does it and waits for the result.
func (d *desk) confirm(want ...string) string {
	d.t.Helper()
	waitFor(d.t, d.tm, "Doing this will")
	d.key("enter")
	v := waitFor(d.t, d.tm, append([]string{"enter or esc closes"}, want...)...)
	d.key("enter")
	return v
}

// step takes one case step that needs no input, from the case screen.
func (d *desk) step(k string, want ...string) {
	d.t.Helper()
	waitFor(d.t, d.tm, "Next steps")
	d.key(k)
	d.confirm(want...)
}

// openCase opens the newest open case from the Cases tab.
func (d *desk) openCase() {
	d.t.Helper()
	d.key("3")
	waitFor(d.t, d.tm, "Waiting")
	d.key("enter")
	waitFor(d.t, d.tm, "Next steps", "Timeline")
}

func (d *desk) lastCase(memberID int64) workflows.Case {
	d.t.Helper()
	cs, err := d.st.CasesOfMember(context.Background(), memberID)
	if err != nil || len(cs) == 0 {
		d.t.Fatalf("no case: %v", err)
	}
	return cs[0]
}

func (d *desk) wantState(memberID int64, typ workflows.CaseType, state workflows.CaseState) workflows.Case {
	d.t.Helper()
	c := d.lastCase(memberID)
	if c.Type != typ || c.State != state {
		d.t.Fatalf("case %s is %s %s, want %s %s", c.No(), c.Type, c.State, typ, state)
	}
	return c
}

// reportLost reports the member's card lost from the member screen and
// returns how many keys it took.
func (d *desk) reportLost(m workflows.Member) int {
	d.t.Helper()
	keys := 0
	press := func(k string, want ...string) {
		keys++
		d.key(k)
		waitFor(d.t, d.tm, want...)
	}
	press("a", "Procedures", "▸ 1 Lost card")
	press("enter", "Doing this will", "is suspended now", "arrives in about 10 days") // one card: no choice asked
	press("enter", "Done — case C-")
	return keys
}

func TestLostCardReportTakesAtMostFiveKeys(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	if n := d.reportLost(m); n > 5 {
		t.Fatalf("lost card took %d keys, want at most 5", n)
	}
	c := d.wantState(m.ID, workflows.CaseLostCard, workflows.StateCardSuspended)
	card, _ := d.st.CardsOfMember(context.Background(), m.ID)
	for _, cd := range card {
		if cd.ID == c.CardID && cd.Status != workflows.CardSuspended {
			t.Fatalf("card %s is %s, want suspended", cd.No, cd.Status)
		}
	}
}

// A card left suspended by a withdrawn case is offered again: the report
// opens a new case for it (workflows.MayReport), where the console once
// said "no active card" and the card had no way back.
func TestSuspendedCardOfAWithdrawnCaseIsOffered(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.reportLost(m)
	d.key("enter") // close the result: the case it opened
	waitFor(t, d.tm, "Next steps")
	d.key("w")
	d.field("Reason for withdrawing", "reported by mistake")
	d.confirm("withdrawn")
	first := d.wantState(m.ID, workflows.CaseLostCard, workflows.StateWithdrawn)
	d.key("esc") // case → member
	waitFor(t, d.tm, "Profile")
	d.reportLost(m)
	c := d.wantState(m.ID, workflows.CaseLostCard, workflows.StateCardSuspended)
	if c.ID == first.ID || c.CardID != first.CardID {
		t.Fatalf("new case %s for card %d, first %s for card %d", c.No(), c.CardID, first.No(), first.CardID)
	}
}

func TestLostCardWithReissue(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.reportLost(m)
	d.key("enter") // close the result: the case it opened
	waitFor(t, d.tm, "Next steps")
	d.key("i")
	d.identity(m)
	d.confirm("identity confirmed", "Date of birth: match", "Postal code: match")
	d.step("o", "reissue ordered")
	d.step("s", "card shipped")
	d.step("d", "closed")
	c := d.wantState(m.ID, workflows.CaseLostCard, workflows.StateClosed)
	cards, _ := d.st.CardsOfMember(context.Background(), m.ID)
	for _, cd := range cards {
		switch cd.ID {
		case c.CardID:
			if cd.Status != workflows.CardRevoked {
				t.Errorf("old card %s", cd.Status)
			}
		case c.NewCardID:
			if cd.Status != workflows.CardActive {
				t.Errorf("new card %s", cd.Status)
			}
		}
	}
	waitFor(t, d.tm, "State closed", "tester") // state and timeline on screen
}

func TestBrokenCardThroughFormReturn(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.key("a")
	waitFor(t, d.tm, "Procedures")
	d.key("down")
	waitFor(t, d.tm, "▸ 2 Broken card")
	d.key("enter")
	d.confirm("Done — case C-") // closing it lands in the case
	d.step("m", "form mailed")
	d.step("v", "form received")
	d.wantState(m.ID, workflows.CaseBrokenCard, workflows.StateFormReceived)
}

// startProcedure picks the n-th procedure (0: lost card) on the member screen.
func (d *desk) startProcedure(n int, name string) {
	d.t.Helper()
	d.key("a")
	waitFor(d.t, d.tm, "Procedures")
	for range n {
		d.key("down")
	}
	waitFor(d.t, d.tm, fmt.Sprintf("▸ %d %s", n+1, name))
	d.key("enter")
}

func TestPasswordResetThroughPrint(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(2, "Password reset")
	d.identity(m)
	d.confirm("New password issued")
	d.wantState(m.ID, workflows.CasePasswordReset, workflows.StatePasswordIssued)
	d.key("esc") // leaving the member asks for the call's wrap-up, the procedure ticked
	waitFor(t, d.tm, "Wrap-up of call", "[x] procedure: password reset")
	d.key("enter") // one key records it and goes back to the search
	waitFor(t, d.tm, "Search ")
	d.key("ctrl+l")
	waitFor(t, d.tm, "Queued letters", "password notice")
	ctx := context.Background()
	before, err := d.st.Batches(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	d.key("p")
	waitFor(t, d.tm, "as a new batch into")
	d.key("y")
	waitFor(t, d.tm, "letters printed to")
	d.wantState(m.ID, workflows.CasePasswordReset, workflows.StateLetterPrinted)
	newest, err := d.st.Batches(ctx, 1)
	if err != nil || len(newest) == 0 {
		t.Fatalf("no batch after printing: %v", err)
	}
	no := newest[0].No()
	// m names the batch it will mark; press it only once that is the one
	// just printed (the demo's older printed batch must stay unmailed).
	waitFor(t, d.tm, "m marks "+no+" mailed")
	d.key("m")
	waitFor(t, d.tm, "Mark batch "+no)
	d.key("y")
	waitFor(t, d.tm, "Batch "+no, "marked mailed", "No letters are queued")
	d.wantState(m.ID, workflows.CasePasswordReset, workflows.StateLetterMailed)
	after, err := d.st.Batches(ctx, 6)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range after {
		for _, b := range before {
			if a.ID == b.ID && a.State != b.State {
				t.Errorf("batch %s went %s → %s; only %s was to be marked mailed", a.No(), b.State, a.State, no)
			}
		}
	}
	d.key("p") // an empty queue says so
	waitFor(t, d.tm, "no letters are queued: nothing was printed")
}

func TestNameChange(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(3, "Name change")
	d.identity(m)
	d.confirm("queued for printing")
	d.openCase()
	d.step("v", "form received")
	d.key("n")
	waitFor(t, d.tm, "┃ Family name")
	d.key("ctrl+u")
	d.field("Family name", "新井")
	d.field("Given name", "")
	waitFor(t, d.tm, "┃ Family name reading")
	d.key("ctrl+u")
	d.field("Family name reading", "あらい") // hiragana is folded
	d.field("Given name reading", "")
	d.confirm("name changed")
	d.wantState(m.ID, workflows.CaseNameChange, workflows.StateNameChanged)
	got, _ := d.st.MemberByID(context.Background(), m.ID)
	if got.FamilyName != "新井" || got.FamilyKana != "アライ" {
		t.Fatalf("name %s (%s), want 新井 (アライ)", got.Name(), got.Reading())
	}
}

func TestContactChange(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(5, "Contact change")
	d.identity(m)
	d.field("New postal code", "")
	d.field("Address", "")
	d.field("Phone", "03-9876-5432")
	d.field("E-mail", "")
	d.confirm("Contact details changed")
	d.wantState(m.ID, workflows.CaseContactChange, workflows.StateClosed)
	if got, _ := d.st.MemberByID(context.Background(), m.ID); got.Phone != "0398765432" {
		t.Fatalf("phone %s", got.Phone)
	}
}

func TestCancellationNeedsASecondOperator(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(6, "Cancellation")
	d.identity(m)
	waitFor(t, d.tm, "annual fee is not refunded?")
	d.key("y")
	d.confirm("queued for printing")
	d.openCase()
	d.step("v", "form received")
	// The requester may not approve: the step is dimmed with the
	// workflow's reason, and its key says so instead of opening a form.
	waitFor(t, d.tm, "[a] approve — tester requested cancellation")
	d.key("a")
	waitFor(t, d.tm, "a different operator must", "↓/j scroll timeline")
	d.wantState(m.ID, workflows.CaseCancellation, workflows.StateFormReceived)
	d.key("esc") // case → member
	waitFor(t, d.tm, "Profile")
	d.key("esc") // member → the call's wrap-up
	waitFor(t, d.tm, "Wrap-up of call", "[x] procedure: cancellation")
	d.key("enter") // recorded → search
	waitFor(t, d.tm, "Search ")
	d.key("ctrl+o")
	waitFor(t, d.tm, "operator supervisor")
	d.key("enter")
	waitFor(t, d.tm, "Profile", m.Name())
	d.openCase()
	d.step("a", "approved")
	d.step("x", "membership cancelled")
	d.step("d", "closed")
	c := d.wantState(m.ID, workflows.CaseCancellation, workflows.StateClosed)
	if c.ApprovedBy != "supervisor" || c.RequestedBy != "tester" {
		t.Fatalf("approved by %q, requested by %q", c.ApprovedBy, c.RequestedBy)
	}
	got, _ := d.st.MemberByID(context.Background(), m.ID)
	cards, _ := d.st.CardsOfMember(context.Background(), m.ID)
	if got.Status != workflows.MemberCancelled {
		t.Fatalf("member %s", got.Status)
	}
	for _, cd := range cards {
		if cd.Status != workflows.CardRevoked {
			t.Fatalf("card %s still %s", cd.No, cd.Status)
		}
	}
}

func TestWithdraw(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(3, "Name change")
	d.identity(m)
	d.confirm("queued for printing")
	d.openCase()
	d.key("w")
	d.field("Reason for withdrawing", "member changed their mind")
	d.confirm("withdrawn")
	d.wantState(m.ID, workflows.CaseNameChange, workflows.StateWithdrawn)
	ls, _ := d.st.LettersOfMember(context.Background(), m.ID)
	if len(ls) == 0 || ls[0].State != workflows.LetterCancelled {
		t.Fatalf("letters %+v", ls)
	}
	if !strings.Contains(waitFor(t, d.tm, "Reason"), "changed their mind") {
		t.Fatal("reason not shown on the case")
	}
}

// TestCaseScreensFillTheWindow: the procedures list, a form, the effects
// panel, the three tabs, the case screen and the print screen are each
// exactly 80x24 in Japanese (CJK counted as two cells).
func TestCaseScreensFillTheWindow(t *testing.T) {
	d := startDeskAt(t, ui.LangJA, 80, 24)
	m := d.freeMember()
	frame := func(want ...string) { checkFrame(t, waitFor(t, d.tm, want...), 80, 24) }
	d.tm.Type(m.No)
	waitFor(t, d.tm, m.Name())
	d.key("enter")
	frame("基本情報")
	d.key("a")
	frame("▸ 1 カード紛失")
	d.key("enter")
	frame("実行すると")
	d.key("enter")
	frame("完了しました")
	d.key("enter")
	frame("次の操作", "再発行") // the case the report opened, its next step marked
	d.key("esc")
	for _, tab := range [][2]string{{"3", "カード停止中"}, {"4", "郵送物はありません"}, {"5", "カード紛失: 届出"}} {
		d.key(tab[0])
		frame(tab[1])
	}
	d.key("3")
	d.key("enter")
	frame("次の操作", "経過")
	d.key("esc")
	d.key("esc")
	waitFor(t, d.tm, "検索 ")
	d.key("ctrl+l")
	frame("印刷待ち", "最近のバッチ")
}
