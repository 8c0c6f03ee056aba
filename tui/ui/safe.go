package ui

import (
	"strings"
	"unicode/utf8"

	"spdesk/workflows/textsafe"
)

// Data on screen. A member's name or address, a note, an audit field, a
// reader or ATR name may hold control characters (imported data, a card,
// a driver): none may reach the terminal, where ESC starts a sequence it
// obeys (a window title, a link, clear screen, concealed text). Every
// value read from the data goes through safe (one line) or safeLines
// (several) where it enters view code: grid cells (grid.View), profile
// values, titles and status lines, and every argument of Catalog.F.
// frameSafe is the net under them: the whole frame loses any sequence
// other than our own colours.

// Safe is textsafe.Show: controls become visible marks (ESC → ␛).
func Safe(s string) string { return textsafe.Show(s) }

// SafeLines keeps line breaks and expands tabs (cells are measured, a tab
// has no width the layout knows); everything else is as safe.
func SafeLines(s string) string {
	return strings.ReplaceAll(textsafe.ShowLines(s), "\t", "    ")
}

// FrameSafe removes from a frame every escape sequence but SGR (colours,
// bold, reverse: all our styles write), every other C0 control but the
// line feed, DEL, C1 controls and bytes that are not UTF-8. Removed
// sequences take no cells, as lipgloss measured them, so the frame keeps
// its size. A frame without them is returned as it is, unscanned twice.
func FrameSafe(s string) string {
	if frameClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			end := csiEnd(s, i+2)
			if end > 0 && s[end-1] == 'm' {
				b.WriteString(s[i:end])
			}
			i = max(end, i+2)
		case c == 0x1b && i+1 < len(s) && strings.IndexByte("]PX^_", s[i+1]) >= 0:
			i = stringEnd(s, i+2)
		case c == 0x1b:
			i += min(2, len(s)-i) // ESC and the byte it introduces
		case c == '\n':
			b.WriteByte(c)
			i++
		case c < 0x20 || c == 0x7f:
			i++
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == 0x9b:
				i = max(csiEnd(s, i+n), i+n) // a C1 CSI is never ours
			case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f:
				i = stringEnd(s, i+n)
			case (r == utf8.RuneError && n == 1) || (r >= 0x80 && r <= 0x9f):
				i += n
			default:
				b.WriteString(s[i : i+n])
				i += n
			}
		}
	}
	return b.String()
}

// frameClean reports whether s holds nothing frameSafe would remove.
func frameClean(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x1b:
			end := 0
			if i+1 < len(s) && s[i+1] == '[' {
				end = csiEnd(s, i+2)
			}
			if end <= 0 || s[end-1] != 'm' {
				return false
			}
			i = end - 1
		case c < 0x20 && c != '\n', c == 0x7f:
			return false
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return false
		}
	}
	return utf8.ValidString(s)
}

// csiEnd is the index just past a CSI's final byte whose parameters start
// at i, or -1 when the sequence is cut off or malformed.
func csiEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return -1
		}
	}
	return -1
}

// stringEnd is the index just past a control string (OSC, DCS, SOS, PM,
// APC) whose body starts at i: after BEL, ST (ESC \) or C1 ST, or the end.
func stringEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
	}
	return len(s)
}
