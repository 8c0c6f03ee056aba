package audit

import (
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
)

// TestViewFillsItsSizeInJapanese: before any answer has come, the page
// draws exactly the size it was given, in Japanese at 80x24 and when
// narrowed, so the root's frame never shows what a larger one left.
func TestViewFillsItsSizeInJapanese(t *testing.T) {
	sh := &ui.Shared{Cat: ui.NewCatalog("ja"), Styles: ui.NewStyles(true), Now: time.Now}
	p := New(sh)
	for _, size := range [][2]int{{80, 21}, {60, 10}} {
		p.SetSize(size[0], size[1])
		lines := strings.Split(p.View(), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%v: %d lines", size, len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w != size[0] {
				t.Errorf("%v: line %d is %d cells: %q", size, i, w, l)
			}
		}
	}
}
