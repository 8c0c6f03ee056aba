package tui

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The wrap-up of an unidentified caller's call says where esc goes: back
// to the call's own screen, not "to the member" (there is none). esc
// does go there, and the call stays open.
func TestUnidentifiedCallersWrapUpSaysWhereEscGoes(t *testing.T) {
	for _, c := range []struct{ lang, back, member, onCall string }{
		{ui.LangJA, "esc で通話中の画面に戻ります", "会員", "通話中"},
		{ui.LangEN, "esc goes back to the call screen", "member", "On call"},
	} {
		d, _ := callDesk(t, c.lang)
		d.press(press(tea.KeyF2))
		d.press(ctrlKey('x'))
		d.typeText("52") // an article read: a reason is ticked, and the hint shows
		d.press(keyEnter)
		d.press(keyEsc)
		d.press(keyEsc)
		v := d.view()
		if !strings.Contains(v, c.back) {
			t.Fatalf("%s: the wrap-up does not say where esc goes:\n%s", c.lang, v)
		}
		if hint := lineWith(v, "esc"); strings.Contains(hint, c.member) {
			t.Errorf("%s: the hint names a member the caller is not: %q", c.lang, hint)
		}
		d.press(keyEsc)
		if d.m.top().Kind() != ui.PageCall || !strings.Contains(d.view(), c.onCall) {
			t.Fatalf("%s: esc did not go back to the call screen:\n%s", c.lang, d.view())
		}
	}
}

// With nothing done during the call the reason list opens on "other", at
// its end, at 80×24 in Japanese: the reasons above it are out of sight,
// and the form says so (which are shown, of how many, and an ↑ beside
// the first one shown). Moving up to the first reason shows ↓ instead.
func TestWrapUpReasonListSaysMoreLieAbove(t *testing.T) {
	d, _ := callDesk(t, ui.LangJA)
	d.typeText(fixtures.DemoMemberNo["active"])
	d.press(keyEnter)
	d.press(keyEsc) // leave the member: the wrap-up
	v := d.view()
	checkFrame(t, d.m.render(), 80, 24)
	reasons := workflows.CallReasons()
	n := len(reasons)
	if !strings.Contains(v, "／全"+strconv.Itoa(n)+"件") {
		t.Fatalf("the form does not say how many reasons there are:\n%s", v)
	}
	first := workflows.ReasonLabel(reasons[0].Code, ui.LangJA)
	if strings.Contains(v, first) {
		t.Fatalf("the list was not scrolled (the first reason %q shows):\n%s", first, v)
	}
	if !strings.Contains(v, "〜"+strconv.Itoa(n)+"／") || !strings.Contains(v, " ↑ [ ]") {
		t.Fatalf("no sign of the reasons above:\n%s", v)
	}
	for range n {
		d.press(press(tea.KeyUp))
	}
	v = d.view()
	if !strings.Contains(v, "1〜") || !strings.Contains(v, " ↓ [ ]") || !strings.Contains(v, first) {
		t.Fatalf("at the top, no sign of the reasons below:\n%s", v)
	}
}
