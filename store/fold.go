package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns what an operator types, and what we index, into one form:
// NFKC (half-width katakana to full-width, full-width latin and digits to
// ASCII, compatibility characters to their plain form), hiragana to
// katakana, lower case, and no spaces or control characters. The indexer
// and the query side both call it, so they always agree.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r = Katakana(r); {
		case unicode.IsSpace(r), unicode.IsControl(r), r == '・':
		default:
			b.WriteRune(unicode.ToLower(r)) // katakana has no case: unchanged
		}
	}
	return b.String()
}

// Katakana turns a hiragana letter or iteration mark (ゝゞ) into its
// katakana; any other rune comes back as it is. Search keys (Fold) and
// stored readings (workflows.FoldReading) both write kana this way, so a
// reading typed in hiragana is found by a query in either script.
func Katakana(r rune) rune {
	if r >= 'ぁ' && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
		// x/text has no kana transform; the blocks are parallel, 0x60 apart.
		return r + 0x60
	}
	return r
}

// Digits keeps only the ASCII digits of an NFKC-normalised string, so
// "０９０-１２３４-５６７８" and "090 1234 5678" both become 09012345678.
func Digits(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// searchKeys are the folded forms of a member that the search indexes hold.
type searchKeys struct {
	name, given, kana, givenKana string
	text                         string // name, reading and address for the trigram index
}

// keysOf folds a member's names, readings and address. Family and given
// parts are folded apart and joined, so name starts with family exactly as
// a query for the family name alone folds.
func keysOf(m *Member) searchKeys {
	family, given := Fold(m.FamilyName), Fold(m.GivenName)
	familyKana, givenKana := Fold(m.FamilyKana), Fold(m.GivenKana)
	k := searchKeys{
		name:      family + given,
		given:     given,
		kana:      familyKana + givenKana,
		givenKana: givenKana,
	}
	// A newline never survives Fold, so no query can match across fields.
	k.text = k.name + "\n" + k.kana + "\n" + Fold(m.Address)
	return k
}
