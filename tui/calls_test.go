package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures"
	"spdesk/fixtures/demodesk"
	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// callDesk is the root driven by hand on the seeded demo, its knowledge
// base loaded (a call links the articles it used).
func callDesk(t *testing.T, lang string) (*direct, *workflows.Service) {
	t.Helper()
	d, _, svc := callDeskStore(t, lang)
	return d, svc
}

func callDeskStore(t *testing.T, lang string) (*direct, *store.Store, *workflows.Service) {
	t.Helper()
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	if _, err := svc.LoadKB(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := &direct{t: t, m: New(ui.Options{Desk: svc, Service: svc, Lang: lang, Operator: "tester",
		Operators: []string{"tester", "supervisor"}, Now: func() time.Time { return testNow }}).(model)}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.settle(d.m.Init())
	return d, st, svc
}

func (d *direct) typeText(s string) {
	for _, r := range s {
		d.press(textKey(string(r)))
	}
}

// The article read in the knowledge base during a member's call ticks its
// reason in the wrap-up: the knowledge page belongs to no call, the root
// tells the member page beneath. One key records it, 80×24 in Japanese.
func TestArticleReadDuringTheCallIsSuggested(t *testing.T) {
	d, svc := callDesk(t, ui.LangJA)
	no := fixtures.DemoMemberNo["active"]
	d.typeText(no)
	d.press(keyEnter)
	if d.m.top().Kind() != ui.PageMember {
		t.Fatalf("not on the member:\n%s", d.view())
	}
	d.press(textKey("f"))
	d.typeText("52")
	d.press(keyEnter) // read the article
	d.press(keyEsc)   // back to the member
	d.press(keyEsc)   // leave: the wrap-up
	v := d.view()
	if !strings.Contains(v, "通話の記録") || !strings.Contains(v, "結果コード52") {
		t.Fatalf("the wrap-up does not suggest the article's reason:\n%s", v)
	}
	d.press(keyEnter)
	if d.m.top().Kind() != ui.PageSearch {
		t.Fatalf("enter did not record the call:\n%s", d.view())
	}
	m, _ := svc.MemberByNo(context.Background(), no)
	calls, err := svc.CallsOfMember(context.Background(), m.ID, 1)
	if err != nil || len(calls) != 1 || calls[0].Open() || calls[0].Reasons[0] != "code_52" {
		t.Fatalf("calls %+v %v", calls, err)
	}
	if len(calls[0].Articles) == 0 || !strings.HasPrefix(calls[0].Articles[0], "code-52") {
		t.Fatalf("the article read is not linked: %+v", calls[0].Articles)
	}
}

// f2 logs a call from a caller not identified, from the search page:
// esc asks for its wrap-up, enter records it with no member.
func TestUnidentifiedCallerKey(t *testing.T) {
	d, svc := callDesk(t, ui.LangEN)
	d.press(press(tea.KeyF2))
	if d.m.top().Kind() != ui.PageCall || !strings.Contains(d.view(), "caller not identified") {
		t.Fatalf("f2:\n%s", d.view())
	}
	open, _ := svc.OpenCallsOf(context.Background(), "tester")
	if len(open) != 1 || open[0].MemberID != 0 {
		t.Fatalf("open calls %+v", open)
	}
	d.press(ctrlKey('x'))
	d.typeText("firewall")
	d.press(keyEnter)
	d.press(keyEsc)
	d.press(keyEsc)
	if !strings.Contains(d.view(), "Wrap-up of call "+open[0].No()) {
		t.Fatalf("esc did not ask for the wrap-up:\n%s", d.view())
	}
	d.press(keyEnter)
	if d.m.top().Kind() != ui.PageSearch {
		t.Fatalf("enter did not close the call:\n%s", d.view())
	}
	if left, _ := svc.OpenCallsOf(context.Background(), "tester"); len(left) != 0 {
		t.Fatalf("calls left open: %+v", left)
	}
}

// The help lists the new desk keys.
func TestHelpListsTheCallKeys(t *testing.T) {
	d, _ := callDesk(t, ui.LangEN)
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.press(textKey("?"))
	v := d.view()
	if !strings.Contains(v, "f2") || !strings.Contains(v, "unidentified caller") || !strings.Contains(v, "ctrl+y") || !strings.Contains(v, "call report") {
		t.Fatalf("help:\n%s", v)
	}
}

// At sign-in the console offers the calls the operator left open; each
// is wrapped up with enter, and the offer closes when none is left.
func TestSignInOffersCallsLeftOpen(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	ctx := context.Background()
	m := demodesk.FreeMember(t, st)
	c, err := svc.StartCall(ctx, "tester", m.ID)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, probed{New(ui.Options{Desk: svc, Service: svc, Accounts: svc, Lang: ui.LangEN,
		Now: func() time.Time { return testNow }, Clock: newFakeClock(t)})}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	signIn(tm, "tester", "password-tester")
	waitFor(t, tm, "Calls not wrapped up", c.No())
	tm.Send(keyEnter) // its wrap-up
	waitFor(t, tm, "Wrap-up of call "+c.No())
	tm.Send(keyEnter) // recorded: nothing left, the offer closes
	waitFor(t, tm, "Search ")
	got, err := svc.CallsOfMember(ctx, m.ID, 1)
	if err != nil || len(got) != 1 || got[0].Open() || got[0].ID != c.ID {
		t.Fatalf("call %+v %v", got, err)
	}
}

// The call report: a supervisor sees calls per day by reason and, with v,
// by operator, over a range they edit; an operator is told why not in words.
func TestCallReportPage(t *testing.T) {
	d, st, svc := callDeskStore(t, ui.LangJA)
	ctx := context.Background()
	m := demodesk.FreeMember(t, st)
	for _, r := range []string{"code_52", "faq_card"} {
		c, err := svc.StartCall(ctx, "tester", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.WrapUpCall(ctx, "tester", workflows.WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
			Reasons: []string{r}, Outcome: "answered"}); err != nil {
			t.Fatal(err)
		}
	}
	d.press(ctrlKey('y'))
	v := d.view()
	if d.m.top().Kind() != ui.PageReports || !strings.Contains(v, "期間の通話 2 件") || !strings.Contains(v, "結果コード52") ||
		!strings.Contains(v, "合計") {
		t.Fatalf("report:\n%s", v)
	}
	d.press(textKey("v"))
	if v := d.view(); !strings.Contains(v, "担当者別") || !strings.Contains(v, "tester") {
		t.Fatalf("by operator:\n%s", v)
	}
	// An empty range: edit the start date after the end date.
	d.press(keyTab)
	for range 20 { // the field holds the day as the screen writes it: 2026年11月1日
		d.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	d.typeText("2030-01-01")
	d.press(keyEnter)
	if v := d.view(); !strings.Contains(v, "開始日 2030-01-01") || !strings.Contains(v, "入れ替えて") {
		t.Fatalf("a reversed range:\n%s", v)
	}
	// An operator is refused in words, with no raw code.
	d.press(keyEsc)
	if _, err := svc.AddOperator(ctx, "demo-supervisor", workflows.OperatorRequest{Login: "plain", DisplayName: "plain",
		Role: workflows.RoleOperator, Password: "password-plain"}); err != nil {
		t.Fatal(err)
	}
	d.m.sh.Operator = "plain"
	d.press(ctrlKey('y'))
	v = d.view()
	if !strings.Contains(v, "集計を表示できません") || !strings.Contains(v, "通話の集計") || strings.Contains(v, "calls.report") {
		t.Fatalf("operator refusal:\n%s", v)
	}
}
