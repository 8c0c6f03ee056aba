// Package jpwrap breaks text into lines the way Japanese is set: by the
// Unicode line-breaking algorithm (UAX #14, rivo/uniseg) with its strict
// treatment of small kana and ー, which gives the kinsoku rules of JIS X
// 4051 — no line starts with 。、）」』】〕・ー, small kana or other closing
// marks, none ends with an opening bracket — and keeps numbers, Latin
// words and case numbers such as C-0000046 whole. One tailoring is added:
// a number stays with the counter that follows it (5年, 10日, 3件).
//
// Widths are terminal cells as the console measures them (x/ansi, what
// lipgloss uses): a full-width character is two, never len(s). The text is
// plain: style it after wrapping.
package jpwrap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Width is the number of terminal cells s takes.
func Width(s string) int { return ansi.StringWidth(s) }

// Wrap breaks s into lines of at most width cells and joins them with
// "\n". Newlines in s are kept; spaces at a break are dropped.
func Wrap(s string, width int) string { return strings.Join(Lines(s, width), "\n") }

// Lines breaks s into lines of at most width cells. A unit that cannot be
// broken and is wider than a whole line (a long number, a URL) is cut by
// characters; everything else breaks only where the rules allow.
func Lines(s string, width int) []string {
	width = max(width, 2) // one full-width character must fit
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapPara(para, width)...)
	}
	return out
}

func wrapPara(p string, width int) []string {
	var out []string
	line, lineW := "", 0
	flush := func() {
		out = append(out, strings.TrimRight(line, " "))
		line, lineW = "", 0
	}
	for _, u := range units(p) {
		body := strings.TrimRight(u, " ")
		bw := Width(body)
		if lineW > 0 && lineW+bw > width {
			flush()
		}
		if bw > width { // wider than a line on its own: cut it by characters
			parts := cut(body, width)
			out = append(out, parts[:len(parts)-1]...)
			line = parts[len(parts)-1] + u[len(body):]
			lineW = Width(line)
			continue
		}
		line += u
		lineW = Width(line)
	}
	if line != "" || len(out) == 0 {
		flush()
	}
	return out
}

// units are the pieces between break opportunities (each with the spaces
// after it), with the number-counter tailoring applied.
func units(p string) []string {
	var out []string
	state := -1
	glue := false
	for p != "" {
		var seg string
		seg, p, _, state = uniseg.FirstLineSegmentInString(p, state)
		if glue && len(out) > 0 {
			out[len(out)-1] += seg
		} else {
			out = append(out, seg)
		}
		glue = endsInDigit(seg) && startsIdeographic(p)
	}
	return out
}

func endsInDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

func startsIdeographic(s string) bool {
	for _, r := range s {
		return unicode.Is(unicode.Han, r)
	}
	return false
}

// Kinsoku for the rare unit wider than a line, which must be cut inside:
// the cut still avoids putting these at a line's start or end, and avoids
// splitting a run of digits or Latin letters, where it can.
const (
	noStart = "。、，．,.）)」』】〕〉》］]｝}・ー…‥ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ！？!?：:；;％%〜"
	noEnd   = "（(「『【〔〈《［[｛{￥¥＄$"
)

// cut splits s into pieces of at most width cells, never inside a
// grapheme cluster, at the cheapest place in each piece (cutCost), the
// latest of equals.
func cut(s string, width int) []string {
	var cs []string
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cs = append(cs, g.Str())
	}
	var out []string
	for len(cs) > 0 {
		n, w := 0, 0
		for n < len(cs) && w+Width(cs[n]) <= width {
			w += Width(cs[n])
			n++
		}
		if n == len(cs) {
			out = append(out, strings.Join(cs, ""))
			break
		}
		n = max(n, 1)
		at, best := n, cutCost(cs[n-1], cs[n])
		for i := n - 1; i > 0 && best > 0; i-- {
			if c := cutCost(cs[i-1], cs[i]); c < best {
				at, best = i, c
			}
		}
		out = append(out, strings.Join(cs[:at], ""))
		cs = cs[at:]
	}
	return out
}

// cutCost ranks a cut between two characters, 0 being free: splitting a
// number from its counter costs least, then a kinsoku mark at the wrong
// end of a line, and splitting an ASCII run (a number, a word, a case
// number) most.
func cutCost(before, after string) int {
	a, _ := utf8.DecodeRuneInString(after)
	b, _ := utf8.DecodeLastRuneInString(before)
	switch {
	case isASCIIWord(a) && isASCIIWord(b):
		return 3
	case strings.ContainsRune(noStart, a), strings.ContainsRune(noEnd, b):
		return 2
	case b >= '0' && b <= '9' && unicode.Is(unicode.Han, a):
		return 1
	}
	return 0
}

func isASCIIWord(r rune) bool { return r > ' ' && r < utf8.RuneSelf }
