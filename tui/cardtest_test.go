package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/cardops"
	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui/pages/cardtest"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

type cardEnv struct {
	tm   *teatest.TestModel
	st   *store.Store
	tray *cardops.VirtualReader
}

// startCardTest runs the console with the demo tray and the card test
// screen on top, opened for memberNo's card cardNo as from the Cards tab.
func startCardTest(t *testing.T, lang, memberNo, cardNo string) cardEnv {
	t.Helper()
	old := cardtest.TransmitTimeout
	cardtest.TransmitTimeout = time.Second // a mute card costs this, not 2 s; a loaded CI machine still answers a good card in time
	t.Cleanup(func() { cardtest.TransmitTimeout = old })
	st := openTestStore(t)
	svc, err := workflows.New(st, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	tray := cardops.NewVirtualReader("", fixtures.DemoTray(nil)...)
	root := New(ui.Options{Desk: deskOn(st), Lang: lang, Demo: true, Operator: "tester", Now: func() time.Time { return testNow },
		Service: svc, Tray: tray, MasterKey: cardops.DemoMasterKey()}).(model)
	// Opened the way the member screen's c opens it.
	m, _ := root.resolve(nil, ui.OpenCardTest(memberNo, cardNo), nil)
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	return cardEnv{tm, st, tray}
}

func key1(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// framed waits for want and checks the frame is exactly 80x24 cells.
func framed(t *testing.T, tm *teatest.TestModel, want ...string) string {
	t.Helper()
	v := waitFor(t, tm, want...)
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 80 {
			t.Errorf("line %d is %d cells: %q", i, w, l)
		}
	}
	return v
}

func TestCardTestGoodMuteAndBrokenCase(t *testing.T) {
	memberNo, cardNo := fixtures.DemoMemberNo["long_address"], fixtures.DemoCardNo["long_address"]
	e := startCardTest(t, ui.LangEN, memberNo, cardNo)
	tm := e.tm
	framed(t, tm, "Card tray (demo)", "佐藤 花子", "[suspended]", "empty")

	tm.Send(key1('1')) // the good card: inserting it starts the test
	v := framed(t, tm, "OK — the card is in order", "Test filed to 佐藤 花子")
	for _, want := range []string{"✓ SELECT", "✓ Genuine", "10 / 10", "✓ Database", "◀"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in\n%s", want, v)
		}
	}
	tm.Send(key1('r'))
	framed(t, tm, "(the tested card has been removed)", "empty")

	tm.Send(key1('9')) // 長谷川's card: gives its ATR, then never answers
	framed(t, tm, "Testing…")
	tm.Send(key1('a')) // the screen answers keys while the card is silent
	framed(t, tm, "ATR decoded")
	tm.Send(key1('a'))
	v = framed(t, tm, "NO ANSWER — remove the card", "does not answer", "b open broken-card case")
	if !strings.Contains(v, "card in") {
		t.Errorf("mute card not shown as in the reader:\n%s", v)
	}
	tm.Send(key1('r'))
	framed(t, tm, "(the tested card has been removed)", "empty", "NO ANSWER")

	// The screen says what b does before it is pressed; b then acts at once.
	framed(t, tm, "Pressing it opens a broken-card case for card", "長谷川 千代子")
	tm.Send(key1('b'))
	framed(t, tm, "Broken-card case", "opened; the card is suspended")

	ctx := context.Background()
	m, err := e.st.MemberByNo(ctx, memberNo)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := e.st.CasesOfMember(ctx, m.ID)
	if err != nil || len(cases) != 1 || cases[0].Type != workflows.CaseBrokenCard {
		t.Fatalf("cases of %s: %+v %v", memberNo, cases, err)
	}
	if c, _ := e.st.CardByNo(ctx, cardNo); c.Status != workflows.CardSuspended || cases[0].CardID != c.ID {
		t.Errorf("card %s is %s, case card %d", cardNo, c.Status, cases[0].CardID)
	}
	evs, _ := e.st.AuditOfMember(ctx, m.ID, 0)
	tests := 0
	for _, ev := range evs {
		if ev.Action == workflows.ActionCardTest {
			tests++
			if !strings.Contains(ev.After, `"finding":"mute"`) || !strings.Contains(ev.After, `"verdict":"unreadable"`) {
				t.Errorf("card_test row %s", ev.After)
			}
		}
	}
	if tests != 1 {
		t.Errorf("%d card_test rows for %s, want 1: %+v", tests, memberNo, evs)
	}
}

func TestCardTestBlockedOpensPasswordResetInJapanese(t *testing.T) {
	e := startCardTest(t, ui.LangJA, "", "")
	tm := e.tm
	framed(t, tm, "カードトレイ", "高橋 美咲")
	tm.Send(key1('3'))
	framed(t, tm, "パスワードロック", "p パスワード再発行の案件を開く", "パスワード再発行の案件を開きます")
	tm.Send(key1('p'))
	framed(t, tm, "パスワード再発行の案件", "を開きました")
	m, _ := e.st.MemberByNo(context.Background(), fixtures.DemoMemberNo["password_locked"])
	if cases, _ := e.st.CasesOfMember(context.Background(), m.ID); len(cases) != 1 || cases[0].Type != workflows.CasePasswordReset {
		t.Errorf("cases: %+v", cases)
	}
	// A tray card's number is on its face, so even an unreadable one gets
	// its broken-card case in one key from the main screen.
	tm.Send(key1('8'))
	framed(t, tm, "読み取れません", "破損カード案件を開き")
	tm.Send(key1('b'))
	framed(t, tm, "を開きました")
	m, _ = e.st.MemberByNo(context.Background(), fixtures.DemoMemberNo["old_kanji"])
	if cases, _ := e.st.CasesOfMember(context.Background(), m.ID); len(cases) != 1 || cases[0].Type != workflows.CaseBrokenCard {
		t.Errorf("cases of the corrupt card's member: %+v", cases)
	}
}

func TestCardTestWithoutReaderSaysWhy(t *testing.T) {
	var m tea.Model = New(ui.Options{Lang: ui.LangEN, CardsErr: cardops.ErrPCSCNotBuilt})
	root := m.(model)
	m, _ = root.resolve(nil, ui.OpenCardTest("", ""), nil)
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	v := ansi.Strip(m.View().Content)
	if !strings.Contains(v, "The real reader is not built in") {
		t.Errorf("view:\n%s", v)
	}
}
