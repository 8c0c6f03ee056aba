// Package uitest holds checks that page packages' tests share: what the
// ui.Page contract promises, tested the same way for every page.
package uitest

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
)

// Sizer is the part of ui.Page these checks use.
type Sizer interface {
	SetSize(w, h int)
	View() string
}

// FillsItsSize fails t unless p draws exactly each size it is given:
// that many lines, each that many cells (wide characters counted as two),
// so the root's frame never shows what a larger one left.
func FillsItsSize(t testing.TB, p Sizer, sizes ...[2]int) {
	t.Helper()
	for _, size := range sizes {
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

// Japanese is a context in Japanese on a dark background, with no desk:
// a page before any answer has come.
func Japanese() *ui.Shared {
	return &ui.Shared{Cat: ui.NewCatalog("ja"), Styles: ui.NewStyles(true), Now: ui.WallClock{}.Now}
}
