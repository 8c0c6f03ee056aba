package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/internal/jpwrap"
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

// Notice centres the first of texts that fits w×h whole once wrapped by
// Japanese line-breaking rules, drawn as a warning: texts go from the fullest to the shortest, so
// even a window too small for anything else reads a whole message rather
// than a cut one. When none fits, the last is cut to the window.
func Notice(st Styles, w, h int, texts ...string) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	pick := []string{}
	for i, t := range texts {
		lines := jpwrap.Lines(t, w)
		fits := len(lines) <= h
		for _, l := range lines {
			fits = fits && lipgloss.Width(l) <= w
		}
		if fits || i == len(texts)-1 {
			pick = lines
			break
		}
	}
	for i := range pick {
		pick[i] = st.Error.Render(pick[i])
	}
	return FitBlock(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(pick, "\n")), w, h)
}
