package textsafe

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON makes encoded JSON safe to print on a terminal without changing
// what it means: encoding/json already writes C0 controls as \u00XX and
// broken bytes as U+FFFD, but leaves DEL, C1 controls and format
// characters raw. They can only occur inside strings, so each is written
// as its \u escape (a surrogate pair above U+FFFF); a JSON reader gets
// the data back exactly.
func JSON(b []byte) []byte {
	if clean(string(b), true) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = utf8.AppendRune(out, markOther)
		case r == '\n', r == '\t', r == '\r', !Bad(r):
			out = append(out, b[i:i+n]...)
		case r > 0xFFFF:
			a, z := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, a, z)
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += n
	}
	return out
}
