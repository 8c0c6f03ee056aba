package tui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/tui/ui"
)

// probeMsg asks the running program for its current view (CHARM_V2 §5):
// the renderer's byte stream holds only changed cells, so tests read View.
type probeMsg chan string

type probed struct{ tea.Model }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ch, ok := msg.(probeMsg); ok {
		ch <- ansi.Strip(p.View().Content)
		return p, nil
	}
	m, cmd := p.Model.Update(msg)
	return probed{m}, cmd
}

func waitView(t *testing.T, tm *teatest.TestModel, cond func(string) bool, what string) string {
	t.Helper()
	last := ""
	// Generous: CI runs packages side by side on two cores; a passing
	// wait returns as soon as the view is right, so this costs nothing.
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(15 * time.Millisecond) {
		ch := make(probeMsg, 1)
		tm.Send(ch)
		select {
		case v := <-ch:
			if cond(v) {
				return v
			}
			last = v
		case <-time.After(time.Second):
		}
	}
	t.Fatalf("view never showed %s; last view:\n%s", what, last)
	return ""
}

func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) string {
	t.Helper()
	return waitView(t, tm, func(v string) bool {
		for _, w := range want {
			if !strings.Contains(v, w) {
				return false
			}
		}
		return true
	}, strings.Join(want, " + "))
}

func startConsole(t *testing.T, lang string, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(ui.Options{Desk: deskOn(openTestStore(t)), Lang: lang, Demo: true, Operator: "tester", Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "DEMO")
	return tm
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

var (
	keyEsc   = press(tea.KeyEscape)
	keyEnter = press(tea.KeyEnter)
	keyDown  = press(tea.KeyDown)
	keyTab   = press(tea.KeyTab)
	keyCtrlC = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
)

// listed returns the member numbers on the result list, in order.
func listed(view string) []string {
	var out []string
	for _, line := range strings.Split(view, "\n") {
		f := strings.Fields(strings.TrimLeft(line, " ▸"))
		if len(f) > 0 && len(f[0]) == 10 && strings.Trim(f[0], "0123456789") == "" {
			out = append(out, f[0])
		}
	}
	return out
}

func TestSearchAsYouTypeFindsSatoInEveryScript(t *testing.T) {
	// Tall enough for all 50 hits: the kana forms must list the same members.
	tm := startConsole(t, ui.LangJA, 120, 60)
	tm.Type("佐藤")
	// The answer for "佐" stays on screen until "佐藤"'s lands: wait for it.
	v := waitView(t, tm, func(v string) bool {
		for _, no := range listed(v) {
			if !strings.Contains(lineWith(v, no), "佐藤") {
				return false
			}
		}
		return !strings.Contains(v, "検索中") && strings.Contains(v, "佐藤 花子") && strings.Contains(v, "佐藤 健一")
	}, "only members named 佐藤, 花子 and 健一 among them")
	want := sortedListed(v)
	if want == "" {
		t.Fatalf("no member numbers in:\n%s", v)
	}
	for _, q := range []string{"さとう", "サトウ", "ｻﾄｳ"} {
		tm.Send(keyEsc) // clears the input
		waitView(t, tm, func(v string) bool { return len(listed(v)) == 0 }, "a cleared list")
		tm.Type(q)
		waitView(t, tm, func(v string) bool { return sortedListed(v) == want }, q+" listing the 佐藤 members")
	}
}

func sortedListed(v string) string {
	l := listed(v)
	slices.Sort(l)
	return strings.Join(l, ",")
}

func TestListFocusMovesWithJK(t *testing.T) {
	tm := startConsole(t, ui.LangEN, 100, 30)
	tm.Type("佐藤")
	rows := listed(waitSato(t, tm))
	tm.Send(keyDown) // arrows move while typing
	waitView(t, tm, func(v string) bool { return strings.Contains(lineWith(v, "▸"), rows[1]) }, "cursor on row 2")
	tm.Send(keyTab) // to the list: j/k work, and are not typed
	tm.Type("jj")
	waitView(t, tm, func(v string) bool { return strings.Contains(lineWith(v, "▸"), rows[3]) }, "cursor on row 4")
	tm.Type("k")
	v := waitView(t, tm, func(v string) bool { return strings.Contains(lineWith(v, "▸"), rows[2]) }, "cursor on row 3")
	if !strings.Contains(v, "Search 佐藤 ") || strings.Contains(v, "佐藤j") {
		t.Errorf("j/k reached the search box:\n%s", v)
	}
	tm.Send(keyEnter)
	waitFor(t, tm, "Profile", rows[2])
}

func TestOpenMemberAndSwitchTabs(t *testing.T) {
	tm := startConsole(t, ui.LangJA, 100, 30)
	tm.Type(suspendedNo)
	waitFor(t, tm, "鈴木 一郎", "[停止]")
	tm.Send(keyEnter)
	waitFor(t, tm, "基本情報", "鈴木 一郎", "スズキ イチロウ", "1958年9月30日", "JCB 下4桁 0571", "停止 1")
	tm.Send(tea.KeyPressMsg{Code: '2', Text: "2"})
	v := waitFor(t, tm, "9392-xxxx-xxxx-3017", "[停止]", "2022年10月17日", "2027年10月16日")
	if strings.Contains(v, "9392 1000 0000 3017") || strings.Contains(v, "9392100000003017") {
		t.Errorf("the Cards tab shows the full card number; only the card test screen may:\n%s", v)
	}
	tm.Send(tea.KeyPressMsg{Code: '3', Text: "3"})
	waitFor(t, tm, "案件はありません")
	tm.Send(keyTab)
	waitFor(t, tm, "郵送物はありません")
	tm.Send(keyTab)
	waitFor(t, tm, "操作記録はありません")
	tm.Send(keyTab)
	waitFor(t, tm, "通話の記録はまだありません")
	tm.Send(keyTab) // wraps to Profile
	waitFor(t, tm, "保護者の同意")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // and back to Calls
	waitFor(t, tm, "通話の記録はまだありません")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"}) // back to the search, text kept
	v = waitFor(t, tm, "検索 "+suspendedNo)
	if strings.Contains(v, "基本情報") {
		t.Errorf("still on the member screen:\n%s", v)
	}
}

func TestExpiredCardIsMarked(t *testing.T) {
	tm := startConsole(t, ui.LangEN, 100, 30)
	tm.Type(manyCardsNo)
	waitFor(t, tm, "小林 直樹")
	tm.Send(keyEnter)
	tm.Send(tea.KeyPressMsg{Code: '2', Text: "2"})
	v := waitFor(t, tm, "9392-xxxx-xxxx-0012", "[expired]", "2026-02-28")
	if !strings.Contains(lineWith(v, "9392-xxxx-xxxx-0012"), "[expired]") {
		t.Errorf("expired mark not on the expired card:\n%s", v)
	}
}

// waitSato waits for the answer to 佐藤: a list of 佐藤 only (which of
// them are on top is the store's ranking, not the console's business).
func waitSato(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	return waitView(t, tm, func(v string) bool {
		l := listed(v)
		for _, no := range l {
			if !strings.Contains(lineWith(v, no), "佐藤") {
				return false
			}
		}
		return len(l) >= 4 && !strings.Contains(v, "searching") && !strings.Contains(v, "検索中")
	}, "a list of 佐藤 only")
}

func lineWith(view, s string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestQIsTextWhileTyping(t *testing.T) {
	tm := startConsole(t, ui.LangEN, 100, 30)
	tm.Type("q?")
	// q went into the box; ? opened the key overlay (no member field has one).
	waitFor(t, tm, "Keys", "? or esc closes")
	tm.Send(keyEsc)
	waitView(t, tm, func(v string) bool {
		return !strings.Contains(v, "or esc closes") && strings.Contains(v, "Search q")
	}, "the overlay closed and q in the box")
}

func TestHelpOverlayListsScreenKeys(t *testing.T) {
	tm := startConsole(t, ui.LangJA, 100, 30)
	tm.Send(tea.KeyPressMsg{Code: '?', Text: "?"})
	waitFor(t, tm, "キー一覧", "会員を開く", "ctrl+c", "終了")
	tm.Send(tea.KeyPressMsg{Code: '?', Text: "?"})
	waitView(t, tm, func(v string) bool { return !strings.Contains(v, "閉じる") }, "the overlay closed")
}

func TestResizeBelowMinimumAndBack(t *testing.T) {
	tm := startConsole(t, ui.LangJA, 100, 30)
	tm.Type("佐藤")
	waitSato(t, tm)
	tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	v := waitFor(t, tm, "ウィンドウが小さすぎます", "60×20")
	checkFrame(t, v, 60, 20)
	tm.Send(tea.WindowSizeMsg{Width: 79, Height: 24})
	waitFor(t, tm, "79×24")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	v = waitSato(t, tm)
	checkFrame(t, v, 80, 24)
}

func TestQuitFromMemberScreen(t *testing.T) {
	tm := startConsole(t, ui.LangEN, 100, 30)
	tm.Type("佐藤")
	waitSato(t, tm)
	tm.Send(keyEnter)
	waitFor(t, tm, "Profile")
	tm.Send(keyCtrlC)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if out, _ := readAll(t, tm); bytes.Contains(out, []byte("panic")) {
		t.Fatalf("panic in output")
	}
}

func readAll(t *testing.T, tm *teatest.TestModel) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(tm.FinalOutput(t))
	return b.Bytes(), err
}

// checkFrame: exactly h lines of exactly w cells.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells, want %d: %q", i, got, w, l)
		}
	}
}
