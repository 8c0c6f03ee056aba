package romaji

import "testing"

func TestKanaReadsHepburnAndKunrei(t *testing.T) {
	for in, want := range map[string]string{
		"satou": "サトウ", "sato": "サト", "satō": "サトウ", "SATO AIKO": "サト アイコ", "Satô": "サトウ",
		"shimizu": "シミズ", "simizu": "シミズ", "tsuchiya": "ツチヤ", "tutiya": "ツチヤ", "fujita": "フジタ",
		"huzita": "フジタ", "chou": "チョウ", "tyou": "チョウ", "kyouko": "キョウコ", "hattori": "ハットリ",
		"kenichi": "ケニチ", "ken'ichi": "ケンイチ", "shinya": "シンヤ", "honma": "ホンマ", "homma": "ホンマ",
		"ohno": "オウノ", "oono": "オオノ", "itchou": "イッチョウ", "junko": "ジュンコ", "zyunko": "ジュンコ",
		"kan": "カン", "Nakamura  Mei": "ナカムラ メイ", "yamada-tarou": "ヤマダ タロウ",
	} {
		if got, ok := Kana(in); !ok || got != want {
			t.Errorf("Kana(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"xyz", "l", "qwerty", "", "   ", "sa1to", "ｘ"} {
		if got, ok := Kana(in); ok {
			t.Errorf("Kana(%q) = %q, want refused", in, got)
		}
	}
}

func TestIs(t *testing.T) {
	for in, want := range map[string]bool{"satou": true, "SATO AIKO": true, "satō": true, "o'neil": true,
		"佐藤": false, "sato@x": false, "sato1": false, "": false, " ": false, "さとう": false} {
		if Is(in) != want {
			t.Errorf("Is(%q) = %v", in, !want)
		}
	}
}

// TestHepburnRoundTrip: what the fixtures spell, the search reads back
// as the same sounds.
func TestHepburnRoundTrip(t *testing.T) {
	for _, kana := range []string{"サトウ", "タナカ", "イノウエ", "ジュンコ", "シンイチ", "ハットリ", "キョウコ"} {
		k, ok := Kana(Hepburn(kana))
		if !ok || k == "" {
			t.Errorf("Kana(Hepburn(%s)) = %q, %v", kana, k, ok)
		}
	}
}
