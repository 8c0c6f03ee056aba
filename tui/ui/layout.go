package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Fit cuts or pads one line to exactly w cells. Wide (CJK) characters take
// two cells; a cut through one leaves a cell short, which the padding fills.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - lipgloss.Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// FitBlock makes s exactly h lines of exactly w cells: longer lines are cut,
// missing lines added. Every view goes through it so a frame always covers
// the whole window and nothing from the last one survives a resize.
func FitBlock(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = Fit(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// Spread puts left and right on one line of w cells, left winning when
// both do not fit.
func Spread(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return Fit(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}
