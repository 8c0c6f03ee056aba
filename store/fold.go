package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"spdesk/internal/kanjivar"
	"spdesk/internal/romaji"
)

// Fold turns what an operator types, and what we index, into one form:
// NFKC (half-width katakana to full-width, full-width latin and digits to
// ASCII, compatibility characters to their plain form), hiragana to
// katakana, variant kanji to their standard form (髙→高, see kanjivar),
// lower case, and no spaces, control characters or variation selectors.
// The indexer and the query side both call it, so they always agree.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r = Katakana(r); {
		case unicode.IsSpace(r), unicode.IsControl(r), r == '・', kanjivar.IsSelector(r):
		default:
			b.WriteRune(unicode.ToLower(kanjivar.Rune(r))) // katakana has no case: unchanged
		}
	}
	return b.String()
}

// SoundKey is the second reading key: a reading as it sounds, so that
// spellings of one sound meet. On Fold's katakana it writes small kana
// full-size (ァ→ア, ッ→ツ), ヂ as ジ, ヅ as ズ, ヲ as オ, ヴ as ブ (ヴァ→バ),
// and drops long vowels, whether written ー or as a vowel that repeats
// the one before (オオノ, オーノ → オノ; サトウ, サトー → サト; ユウキ →
// ユキ). Anything else passes as Fold leaves it. An exact reading is
// still found first by the first key (Fold).
func SoundKey(s string) string {
	rs := []rune(Fold(s))
	var b strings.Builder
	prev := rune(0) // the vowel of the kana before, as written
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 'ヴ' && i+1 < len(rs) {
			if v, ok := vuSmall[rs[i+1]]; ok {
				r = v
				i++
			}
		}
		if f, ok := soundSame[r]; ok {
			r = f
		}
		v := vowelOf(r)
		switch {
		case r == 'ー':
			continue // prev stays: オーー is one long o
		case prev != 0 && (v == prev && isVowelKana(r) || prev == 'o' && r == 'ウ'):
			prev = 0 // a third vowel is said again (オオオ is rare; ウウ after o is not long twice)
			continue
		}
		b.WriteRune(r)
		prev = v
	}
	return b.String()
}

var vuSmall = map[rune]rune{'ァ': 'バ', 'ィ': 'ビ', 'ェ': 'ベ', 'ォ': 'ボ'}

var soundSame = map[rune]rune{
	'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ', 'ッ': 'ツ', 'ャ': 'ヤ', 'ュ': 'ユ', 'ョ': 'ヨ',
	'ヮ': 'ワ', 'ヵ': 'カ', 'ヶ': 'ケ', 'ヂ': 'ジ', 'ヅ': 'ズ', 'ヲ': 'オ', 'ヴ': 'ブ',
}

func isVowelKana(r rune) bool {
	return r == 'ア' || r == 'イ' || r == 'ウ' || r == 'エ' || r == 'オ'
}

// vowelOf is the vowel a katakana ends in ('a'…'o'), 0 for ン and
// anything not kana.
func vowelOf(r rune) rune {
	if r < 'ァ' || r > 'ヺ' {
		return 0
	}
	return kanaVowels[r-'ァ']
}

// kanaVowels are read off the romaji table once: the vowel each
// katakana's Hepburn spelling ends in.
var kanaVowels = func() (v ['ヺ' - 'ァ' + 1]rune) {
	for r := 'ァ'; r <= 'ヺ'; r++ {
		if sp := romaji.Hepburn(string(r)); sp != "" && strings.IndexByte("aiueo", sp[len(sp)-1]) >= 0 {
			v[r-'ァ'] = rune(sp[len(sp)-1])
		}
	}
	return v
}()

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
	sound                        string // SoundKey of family and given reading, joined; "" if the same as kana
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
	// Kept only where it differs from the reading (サトウ → サト, not
	// ヤマダ): the query probes kana_key with its sound too, and the
	// index holds the other half of the members not at all.
	if snd := SoundKey(m.FamilyKana) + SoundKey(m.GivenKana); snd != k.kana {
		k.sound = snd
	}
	// A newline never survives Fold, so no query can match across fields.
	k.text = k.name + "\n" + k.kana + "\n" + Fold(m.Address)
	return k
}
