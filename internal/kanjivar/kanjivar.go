// Package kanjivar owns which kanji are the same name written another
// way: 髙橋 is 高橋, 齋藤 is 斎藤, 澤 is 沢. Fold gives every kanji its
// standard form and drops ideographic variation selectors (葛󠄀 → 葛), so
// a search key built from either writing is the same. The table is
// generated from Unihan and KANJIDIC2 (see vardata for what is kept).
package kanjivar

import "slices"

//go:generate go run ./gen

// Rune is r's standard form, or r.
func Rune(r rune) rune {
	if r < 0x3400 {
		return r
	}
	if t, ok := table[r]; ok {
		return t
	}
	return r
}

// IsSelector tells a variation selector (VS1-16, the ideographic VS17-256),
// which picks a glyph and never changes which character it is.
func IsSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
}

// Pairs lists the table, variant and standard, in code point order (for
// tests that sample it).
func Pairs() [][2]rune {
	out := make([][2]rune, 0, len(table))
	for r, s := range table {
		out = append(out, [2]rune{r, s})
	}
	slices.SortFunc(out, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	return out
}
