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
