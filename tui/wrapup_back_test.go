package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
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
