// Package romaji owns the one table between katakana and latin letters:
// Hepburn spells a reading the way people write their names in e-mail
// addresses (the fixtures use it), and Kana reads what an operator types
// without an IME (Hepburn or kunrei, macrons, any case) back into
// katakana for the search.
package romaji

import (
	"strings"
	"unicode"
)

// Hepburn spells a katakana reading in plain ASCII the way people spell
// their names in e-mail addresses: Hepburn without macrons, so サトウ is
// "sato" and ユウキ "yuki", while イノウエ keeps its "oue".
func Hepburn(kana string) string {
	rs := []rune(kana)
	var b strings.Builder
	double := false // after ッ: double the next consonant
	for i := 0; i < len(rs); i++ {
		var s string
		if i+1 < len(rs) {
			if d, ok := kanaDigraphs[string(rs[i:i+2])]; ok {
				s = d
				i++
			}
		}
		if s == "" {
			switch rs[i] {
			case 'ッ':
				double = true
				continue
			case 'ー', '・', ' ':
				continue
			}
			s = kanaSyllables[rs[i]]
		}
		if double && s != "" {
			if strings.HasPrefix(s, "ch") {
				b.WriteByte('t')
			} else {
				b.WriteByte(s[0])
			}
			double = false
		}
		b.WriteString(s)
	}
	return shortenLongVowels(b.String())
}

// shortenLongVowels drops the second vowel of oo and uu, and of ou when a
// consonant or the end follows: there they are one long sound, while the
// ou of イノウエ (i-no-u-e) is two.
func shortenLongVowels(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if i+1 >= len(s) {
			continue
		}
		switch s[i : i+2] {
		case "oo", "uu":
			i++
		case "ou":
			if i+2 == len(s) || !strings.ContainsRune("aeiou", rune(s[i+2])) {
				i++
			}
		}
	}
	return b.String()
}

var kanaSyllables = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o",
	'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'ガ': "ga", 'ギ': "gi", 'グ': "gu", 'ゲ': "ge", 'ゴ': "go",
	'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so",
	'ザ': "za", 'ジ': "ji", 'ズ': "zu", 'ゼ': "ze", 'ゾ': "zo",
	'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
	'ダ': "da", 'ヂ': "ji", 'ヅ': "zu", 'デ': "de", 'ド': "do",
	'ナ': "na", 'ニ': "ni", 'ヌ': "nu", 'ネ': "ne", 'ノ': "no",
	'ハ': "ha", 'ヒ': "hi", 'フ': "fu", 'ヘ': "he", 'ホ': "ho",
	'バ': "ba", 'ビ': "bi", 'ブ': "bu", 'ベ': "be", 'ボ': "bo",
	'パ': "pa", 'ピ': "pi", 'プ': "pu", 'ペ': "pe", 'ポ': "po",
	'マ': "ma", 'ミ': "mi", 'ム': "mu", 'メ': "me", 'モ': "mo",
	'ヤ': "ya", 'ユ': "yu", 'ヨ': "yo",
	'ラ': "ra", 'リ': "ri", 'ル': "ru", 'レ': "re", 'ロ': "ro",
	'ワ': "wa", 'ヲ': "o", 'ン': "n", 'ヴ': "vu",
}

var kanaDigraphs = map[string]string{
	"キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
	"シャ": "sha", "シュ": "shu", "ショ": "sho", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
	"チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
	"ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
	"ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
	"リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ティ": "ti", "ディ": "di", "ファ": "fa",
	"フィ": "fi", "フェ": "fe", "フォ": "fo", "ウィ": "wi", "ウェ": "we", "ウォ": "wo",
	"シェ": "she", "ジェ": "je", "チェ": "che", "ヴァ": "va", "ヴィ": "vi",
}

// kunrei are the kunrei-shiki and other spellings Hepburn does not write,
// read as well as Hepburn's own.
var kunrei = map[string]string{
	"si": "シ", "ti": "チ", "tu": "ツ", "hu": "フ", "zi": "ジ", "di": "ヂ", "du": "ヅ", "wo": "ヲ",
	"sya": "シャ", "syu": "シュ", "syo": "ショ", "tya": "チャ", "tyu": "チュ", "tyo": "チョ",
	"zya": "ジャ", "zyu": "ジュ", "zyo": "ジョ", "jya": "ジャ", "jyu": "ジュ", "jyo": "ジョ",
	"cya": "チャ", "cyu": "チュ", "cyo": "チョ", "dya": "ヂャ", "dyu": "ヂュ", "dyo": "ヂョ",
	"ye": "イェ", "vu": "ヴ", "ve": "ヴェ", "vo": "ヴォ", "nn": "ン", "n'": "ン",
}

// toKana is every spelling Kana reads, longest first when matching.
var toKana = func() map[string]string {
	m := map[string]string{}
	for k, v := range kanaSyllables {
		if k != 'ヲ' && k != 'ヂ' && k != 'ヅ' {
			m[v] = string(k)
		}
	}
	for k, v := range kanaDigraphs {
		if _, ok := m[v]; !ok {
			m[v] = k
		}
	}
	m["ti"], m["di"] = "チ", "ヂ" // kunrei, where Hepburn wrote ティ and ディ
	for k, v := range kunrei {
		m[k] = v
	}
	return m
}()

// macrons are the long vowels as written with a mark (ō, ô): the vowel twice.
var macrons = map[rune]string{
	'ā': "aa", 'ī': "ii", 'ū': "uu", 'ē': "ee", 'ō': "ou",
	'â': "aa", 'î': "ii", 'û': "uu", 'ê': "ee", 'ô': "ou",
}

// Is tells whether s is written in latin letters only (with spaces,
// apostrophes, hyphens and the marked vowels): a query to read as romaji.
func Is(s string) bool {
	letters := 0
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			letters++
		case macrons[r] != "":
			letters++
		case r == ' ' || r == '\'' || r == '-' || r == '\u3000':
		default:
			return false
		}
	}
	return letters > 0
}

// Kana reads romaji as katakana, word by word (words stay apart, joined
// by one space): "SATO AIKO" is "サト アイコ", "satō" is "サトウ",
// "Ohno" is "オオノ", "Homma" is "ホンマ". ok is false when some part
// is no syllable of Japanese ("xyz", "l").
func Kana(s string) (string, bool) {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		var b strings.Builder
		for _, r := range w {
			if m, ok := macrons[r]; ok {
				b.WriteString(m)
			} else {
				b.WriteRune(r)
			}
		}
		k, ok := wordKana(b.String())
		if !ok {
			return "", false
		}
		words = append(words, k)
	}
	return strings.Join(words, " "), len(words) > 0
}

func wordKana(w string) (string, bool) {
	var b strings.Builder
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	for i := 0; i < len(w); {
		c := w[i]
		switch {
		case c == '\'':
			i++
			continue
		// n before a consonant or at the end, and Hepburn's m before b, m,
		// p. Before y too: names say シンヤ (shinya), not シニャ.
		case c == 'n' && (i+1 == len(w) || !vowel(w[i+1]) && w[i+1] != '\'' && w[i+1] != 'n'),
			c == 'm' && i+1 < len(w) && strings.IndexByte("bmp", w[i+1]) >= 0:
			b.WriteRune('ン')
			i++
			continue
		// A doubled consonant is a small ツ (kk, ss, tt, pp; tch).
		case i+1 < len(w) && c == w[i+1] && !vowel(c) && c != 'n':
			b.WriteRune('ッ')
			i++
			continue
		case c == 't' && strings.HasPrefix(w[i:], "tch"):
			b.WriteRune('ッ')
			i++
			continue
		// Passport Hepburn's oh (Ohno): a long o before a consonant or the end.
		case c == 'h' && i > 0 && w[i-1] == 'o' && (i+1 == len(w) || !vowel(w[i+1]) && w[i+1] != 'y'):
			b.WriteRune('ウ')
			i++
			continue
		}
		matched := false
		for n := min(3, len(w)-i); n > 0; n-- {
			if k, ok := toKana[w[i:i+n]]; ok {
				b.WriteString(k)
				i += n
				matched = true
				break
			}
		}
		if !matched {
			return "", false
		}
	}
	return b.String(), true
}
