package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The case screen shows the case's notes (issue 12: cases get notes too),
// newest first with when and who, the text wrapped whole by Japanese
// rules, at 80×24 in Japanese with the steps and the key bar still on
// screen: one added here shows as soon as its result is closed, one added
// at another desk shows without a key; tab then ↑↓ read what did not fit.
func TestCaseScreenShowsItsNotes(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	m, cs := demodesk.MailedNameChange(t, st, svc)
	root := New(ui.Options{Desk: svc, Service: svc, Lang: ui.LangJA, Demo: true, Operator: "tester", Live: true,
		Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, probed{root}, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	d := &desk{t: t, tm: tm, st: st, svc: svc}
	waitFor(t, tm, "DEMO")
	tm.Type(m.No)
	waitFor(t, tm, m.Name())
	d.key("enter")
	waitFor(t, tm, "基本情報")
	d.key("3")
	waitFor(t, tm, cs.No())
	d.key("enter")
	v := waitFor(t, tm, "次の操作", "経過", cs.No(), "新規 → 書類発送済み") // the timeline: the case is read
	if strings.Contains(v, "メモ 0件") || strings.Contains(v, "件(新しい順)") {
		t.Fatalf("a case with no note shows a notes section:\n%s", v)
	}

	// Long enough to wrap at 80 columns, with a case number and a date
	// that must stay whole and sentence ends that must not start a line.
	mine := "お客さまは書類を本日投函したとのこと。到着が遅れたら案件C-0000046と同じく返送期限の延長を検討。" +
		"2026年12月18日までに届かなければ、登録住所を確認のうえ再送する。会員には再送の場合も費用はかからないと説明済み。"
	d.key("t")
	waitFor(t, tm, "案件のメモ")
	tm.Type(mine)
	waitFor(t, tm, "再送の場合も")
	d.key("enter")
	waitFor(t, tm, "実行すると", "にメモを残します")
	d.key("enter")
	waitFor(t, tm, "完了しました")
	d.key("enter")
	v = waitFor(t, tm, "メモ 1件(新しい順)", "tester", "お客さまは書類を本日投函")
	checkFrame(t, v, 80, 24)
	wantCaseScreen(t, v)
	wrappedWhole(t, v)

	// Another desk's note: no key is pressed, the change feed brings it,
	// above the older one.
	ctx := context.Background()
	other, err := store.Open(ctx, st.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	desk2, err := workflows.New(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk2.AddCaseNote(ctx, "supervisor", cs.ID, "別の席で折り返しの電話を約束"); err != nil {
		t.Fatal(err)
	}
	v = waitFor(t, tm, "メモ 2件(新しい順)", "別の席で折り返しの電話を約束")
	checkFrame(t, v, 80, 24)
	wantCaseScreen(t, v)
	newer, older := strings.Index(v, "supervisor  別の席で折り返しの電話を約束"), strings.Index(v, "tester  お客さまは書類")
	if newer < 0 || older < 0 || newer > older {
		t.Fatalf("the notes do not each say when and who, newest first:\n%s", v)
	}
	last := "済み。" // the note's end, on its own last line
	if strings.Contains(v, last) {
		t.Fatalf("at 80×24 all the notes fit; the test wants some to scroll:\n%s", v)
	}
	if !strings.Contains(v, "tab のあと ↑↓") {
		t.Fatalf("no word on how to read the rest of the notes:\n%s", v)
	}
	d.key("tab")
	waitFor(t, tm, "↑↓ でメモを移動")
	d.key("down")
	d.key("down")
	v = waitFor(t, tm, last)
	checkFrame(t, v, 80, 24)
	wantCaseScreen(t, v)
	wrappedWhole(t, v)
}

// wantCaseScreen fails unless the case screen's steps and key bar are on
// screen.
func wantCaseScreen(t *testing.T, v string) {
	t.Helper()
	for _, w := range []string{"次の操作", "[v]", "t メモを残す"} {
		if !strings.Contains(v, w) {
			t.Fatalf("%q pushed off the case screen:\n%s", w, v)
		}
	}
}

// wrappedWhole fails if a note line starts with a closing mark, or the
// case number or the date was split across lines.
func wrappedWhole(t *testing.T, v string) {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		if lipgloss.Width(l) > 80 {
			t.Fatalf("line wider than 80 cells: %q", l)
		}
		body := strings.TrimLeft(l, " ")
		for _, bad := range []string{"。", "、", "）", "」"} {
			if strings.HasPrefix(body, bad) {
				t.Fatalf("a line starts with %q:\n%s", bad, v)
			}
		}
		if strings.HasSuffix(body, "C-") || strings.HasSuffix(body, "2026") || strings.HasSuffix(body, "2026年12") {
			t.Fatalf("a number split at the line's end %q:\n%s", body, v)
		}
	}
}
