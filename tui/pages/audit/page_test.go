package audit

import (
	"strings"
	"testing"

	"spdesk/tui/ui"

	"spdesk/tui/ui/uitest"
)

// TestViewFillsItsSizeInJapanese: before any answer has come, the page
// draws exactly the size it was given, in Japanese at 80x21 and narrowed.
func TestViewFillsItsSizeInJapanese(t *testing.T) {
	uitest.FillsItsSize(t, New(uitest.Japanese()), [2]int{80, 21}, [2]int{60, 10})
}

// The call log's audit actions have words of their own in both languages,
// not a case type glued to an action (call.start read "call: start").
func TestCallActionsHaveLabels(t *testing.T) {
	for _, lang := range []string{ui.LangJA, ui.LangEN} {
		c := ui.NewCatalog(lang)
		for _, a := range []string{"call.start", "call.wrap_up", "case.note"} {
			got := auditActionLabel(c, a)
			if got == "" || strings.Contains(got, ".") || strings.Contains(got, ":") || got == ui.ActionLabel(c, a) {
				t.Errorf("%s %s: %q", lang, a, got)
			}
		}
	}
}
