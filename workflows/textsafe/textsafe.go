// Package textsafe owns what "safe text" means in spdesk: member data,
// notes, operator names and anything else read from the database, a card
// or a file may hold control characters, and none of them may reach a
// terminal or a letter raw, nor be stored by a workflow.
//
// Refused or replaced, everywhere:
//   - C0 controls U+0000–U+001F (ESC starts every terminal escape
//     sequence; BEL ends OSC; CR and BS overwrite what is shown),
//   - DEL U+007F,
//   - C1 controls U+0080–U+009F (a terminal reads U+009B as CSI and U+009D
//     as OSC, even UTF-8 encoded),
//   - format characters (Unicode category Cf): bidi embeddings, overrides
//     and isolates (U+202A–U+202E, U+2066–U+2069), LRM/RLM/ALM, zero-width
//     spaces and joiners, BOM, soft hyphen, tag characters. They reorder or
//     hide what is shown, so two different names could look alike,
//   - line and paragraph separators U+2028 and U+2029, which some
//     terminals and printers treat as line breaks,
//   - bytes that are not UTF-8 (a terminal may read a lone 0x9B as CSI).
//
// Kept: every printable character, including combining marks and the
// ideographic variation selectors that Japanese names need.
//
// Show replaces what it refuses with a visible mark, so an operator sees
// that the data is odd instead of a silently cleaned value: C0 becomes its
// Control Pictures symbol (ESC → ␛, LF → ␊), DEL ␡, the separators ␤, and
// C1, format characters and broken bytes U+FFFD (�). The package is a leaf
// with no imports outside the standard library, so every layer may use it.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replacement marks for what has no Control Pictures symbol of its own.
const (
	markDEL     = '␡' // U+2421
	markNewline = '␤' // U+2424, for U+2028 and U+2029
	markOther   = '\uFFFD'
)

// Bad reports whether r may not be shown raw or stored. utf8.RuneError
// is not bad by itself (U+FFFD is a real character); broken bytes are
// found by the functions that read strings.
func Bad(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r < 0xAD:
		return false // fast path: printable ASCII and Latin-1
	case r == 0x2028, r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// mark is what Show puts in place of a bad rune.
func mark(r rune) rune {
	switch {
	case r < 0x20:
		return 0x2400 + r // ␀ … ␟
	case r == 0x7F:
		return markDEL
	case r == 0x2028, r == 0x2029:
		return markNewline
	}
	return markOther
}

// clean reports whether s needs no change, without allocating.
func clean(s string, keepLines bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7F {
				if !keepLines || (c != '\n' && c != '\t') {
					return false
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || Bad(r) {
			return false
		}
		i += n
	}
	return true
}

// Show returns s safe to show on one line of a terminal or a letter:
// every bad character, line breaks and tabs included, becomes its visible
// mark. A clean s is returned as it is.
func Show(s string) string {
	if clean(s, false) {
		return s
	}
	return show(s, false)
}

// ShowLines is Show for text of several lines (notes, knowledge-base
// articles, card-test reports): line feeds and tabs stay (neither can
// start a sequence; a screen that lays out cells expands tabs itself), CR
// LF becomes a line feed; everything else is as Show.
func ShowLines(s string) string {
	if clean(s, true) {
		return s
	}
	return show(s, true)
}

func show(s string, lines bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(markOther)
		case lines && (r == '\n' || r == '\t'):
			b.WriteByte(byte(r))
		case lines && r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CR LF is one line break; the LF writes it.
		case Bad(r):
			b.WriteRune(mark(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Problem is the first character Check refused: where it is (in
// characters, from 1) and what it is, as U+XXXX or as a broken byte.
type Problem struct {
	Pos  int
	Rune rune // utf8.RuneError for a broken byte
	Byte byte // the broken byte, when Rune is utf8.RuneError
}

// Char names the character for a message: "U+001B", or "0xFF" for a
// byte that is not UTF-8.
func (p *Problem) Char() string {
	if p.Rune == utf8.RuneError {
		return fmt.Sprintf("0x%02X", p.Byte)
	}
	return fmt.Sprintf("U+%04X", p.Rune)
}

func (p *Problem) Error() string {
	return fmt.Sprintf("control character %s at character %d", p.Char(), p.Pos)
}

// Check is the validator for text a workflow stores: nil when s holds no
// bad character and is UTF-8, else the first Problem. lines allows line
// feeds and tabs (free text such as notes); a single-line field gets
// lines false.
func Check(s string, lines bool) *Problem {
	pos := 0
	for i := 0; i < len(s); {
		pos++
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return &Problem{Pos: pos, Rune: utf8.RuneError, Byte: s[i]}
		case lines && (r == '\n' || r == '\t'):
		case Bad(r):
			return &Problem{Pos: pos, Rune: r}
		}
		i += n
	}
	return nil
}
