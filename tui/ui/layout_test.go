package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestFitBlockMeasuresWideCharacters: every line of a block comes out
// exactly w cells and there are exactly h lines, whether the text is
// shorter, longer, or cut through a double-width character.
func TestFitBlockMeasuresWideCharacters(t *testing.T) {
	in := "会員番号 1000001014\n佐藤 愛子 サトウ アイコ 東京都葛飾区宮前4丁目19-6\nabc\n\n余分な行"
	for _, size := range [][2]int{{80, 24}, {21, 3}, {20, 5}, {1, 1}, {3, 2}} {
		w, h := size[0], size[1]
		out := FitBlock(in, w, h)
		lines := strings.Split(out, "\n")
		if len(lines) != h {
			t.Fatalf("%dx%d: %d lines", w, h, len(lines))
		}
		for i, l := range lines {
			if got := lipgloss.Width(l); got != w {
				t.Errorf("%dx%d line %d is %d cells: %q", w, h, i, got, l)
			}
		}
	}
	if got := Fit("佐藤", 3); got != "佐…" {
		t.Errorf("Fit(佐藤, 3) = %q, want 佐…: the cut says so and stays in 3 cells", got)
	}
}
