package store

import (
	"testing"
	"unicode"
)

// TestKatakana checks the hiragana block maps one for one onto katakana
// (letters ぁ..ゖ and the marks ゝゞ) and every other rune is left alone.
func TestKatakana(t *testing.T) {
	for r := rune(0); r <= 0x3100; r++ {
		got := Katakana(r)
		hira := r >= 'ぁ' && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ'
		switch {
		case hira && !unicode.Is(unicode.Katakana, got):
			t.Errorf("%U %c became %U, not katakana", r, r, got)
		case !hira && got != r:
			t.Errorf("%U %c changed to %U", r, r, got)
		}
	}
	if Katakana('あ') != 'ア' || Katakana('ゔ') != 'ヴ' || Katakana('ゞ') != 'ヾ' {
		t.Error("あ ゔ ゞ do not map to ア ヴ ヾ")
	}
}

// TestSoundKey: spellings of one sound meet; different names stay apart.
func TestSoundKey(t *testing.T) {
	same := [][]string{
		{"オオノ", "オーノ", "おおの", "ｵｰﾉ"}, {"サトウ", "サトー", "さとう", "サト"}, {"チヂワ", "チジワ"}, {"ツヅキ", "ツズキ"},
		{"ヴァイオリン", "バイオリン"}, {"ヴ", "ブ"}, {"キョウコ", "キヨコ", "キョーコ"}, {"ハットリ", "ハツトリ"}, {"ユウキ", "ユーキ", "ユキ"},
	}
	for _, set := range same {
		for _, s := range set[1:] {
			if a, b := SoundKey(set[0]), SoundKey(s); a != b {
				t.Errorf("SoundKey(%s) = %s, SoundKey(%s) = %s: want equal", set[0], a, s, b)
			}
		}
	}
	for _, pair := range [][2]string{{"サトウ", "サイトウ"}, {"オノ", "アノ"}, {"イノウエ", "イエ"}, {"ケンジ", "ケイジ"}} {
		if SoundKey(pair[0]) == SoundKey(pair[1]) {
			t.Errorf("SoundKey(%s) = SoundKey(%s)", pair[0], pair[1])
		}
	}
	if got := SoundKey("佐藤"); got != "佐藤" {
		t.Errorf("SoundKey(佐藤) = %s", got)
	}
}

// TestFoldVariantsAndSelectors: both writings of a name fold to one key.
func TestFoldVariantsAndSelectors(t *testing.T) {
	for a, b := range map[string]string{"髙橋": "高橋", "山﨑": "山崎", "齋藤": "斎藤", "渡邊": "渡辺", "葛\U000E0100城": "葛城",
		"澤田": "沢田", "𠮷田": "𠮷田"} {
		if Fold(a) != Fold(b) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q", a, Fold(a), b, Fold(b))
		}
	}
	if Fold("\U000E0100\U000E0101") != "" {
		t.Error("a query of only variation selectors folds to something")
	}
}
