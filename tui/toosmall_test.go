package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/ui"
)

// TestTooSmallMessageFitsAnySize: the "window too small" message is
// never itself cut: at 20×5 it is whole in both languages (the size and
// the 80×24 it asks for readable), and every size down to 1×1 draws
// exactly the window.
func TestTooSmallMessageFitsAnySize(t *testing.T) {
	for _, lang := range []string{ui.LangJA, ui.LangEN} {
		m := New(ui.Options{Lang: lang, Operator: "tester", Now: func() time.Time { return testNow }}).(model)
		for _, size := range [][2]int{{79, 23}, {40, 10}, {20, 5}, {12, 3}, {10, 1}, {1, 1}} {
			w, h := size[0], size[1]
			mm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			v := ansi.Strip(mm.(model).render())
			lines := strings.Split(v, "\n")
			if len(lines) != h {
				t.Fatalf("%s %dx%d: %d lines", lang, w, h, len(lines))
			}
			for i, l := range lines {
				if lipgloss.Width(l) != w {
					t.Errorf("%s %dx%d: line %d is %d cells", lang, w, h, i, lipgloss.Width(l))
				}
			}
			if w >= 10 && (strings.Contains(v, "…") || !strings.Contains(strings.ReplaceAll(v, "\n", ""), "80")) {
				t.Errorf("%s %dx%d: the message is cut:\n%s", lang, w, h, v)
			}
			if w >= 20 && h >= 5 && !strings.Contains(v, fmt.Sprint(w)) {
				t.Errorf("%s %dx%d: the size is not said:\n%s", lang, w, h, v)
			}
		}
	}
}
