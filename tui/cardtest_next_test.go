package tui

import (
	"strings"
	"testing"

	"spdesk/tui/ui"
)

// TestCardTestEveryVerdictHasANextStep: each card of the demo tray gives
// a verdict that says what to do next (workflows.CardNextStep) and, where
// a step can be taken, the key for it: a counterfeit goes to a
// supervisor, never to a broken-card form; a suspended card with no case
// offers its resume and says whether the login service confirmed the stop.
func TestCardTestEveryVerdictHasANextStep(t *testing.T) {
	e := startCardTest(t, ui.LangEN, "", "")
	tm := e.tm
	framed(t, tm, "Card tray (demo)")
	cases := []struct {
		pick string
		want []string
		not  string
	}{
		{"1", []string{"the card is fine: nothing to do"}, ""},
		{"3", []string{"the password is locked", "Next: p open password reset case"}, ""},
		{"5", []string{"five years have run out"}, ""},
		{"6", []string{"may be counterfeit"}, "b open broken-card case"},
		{"7", []string{"not a Safety Pass"}, ""},
		{"8", []string{"b open broken-card case"}, ""},
	}
	for _, c := range cases {
		tm.Send(key1([]rune(c.pick)[0]))
		v := framed(t, tm, c.want...)
		if c.not != "" && strings.Contains(v, c.not) {
			t.Errorf("card %s offers %q:\n%s", c.pick, c.not, v)
		}
		tm.Send(key1('r'))
		framed(t, tm, "(the tested card has been removed)")
	}
	// The tenth card (the database says suspended): down to it, insert.
	for range 11 {
		tm.Send(key1('k'))
	}
	for range 9 {
		tm.Send(key1('j'))
	}
	tm.Send(key1('i'))
	framed(t, tm, "no case holds it", "Next: s start card resume", "login service")
	tm.Send(key1('r'))
	framed(t, tm, "(the tested card has been removed)")
	tm.Send(key1('j'))
	tm.Send(key1('i'))
	framed(t, tm, "revoked")
}
