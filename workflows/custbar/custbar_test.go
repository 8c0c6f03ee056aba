package custbar

import (
	"strings"
	"testing"
)

// The worked examples are Japan Post's own, from its 「郵便番号・バーコード
// マニュアル」 (post.japanpost.jp/zipcode/zipmanual/): p17 and p21 (霞が関,
// check digit 9), p19 (鎌ケ谷市右京塚, the basic and supplementary rules),
// p20 (日立市, 札幌市南四条西 and 福井市新田塚: joining and cutting at 20
// characters). The further addresses are the list of test addresses and
// their expected 文字情報 that Japan Post gives for checking an
// implementation (reproduced, with the same values, at ssit.jp/tech-016).

func TestAddressNumberFromTheManual(t *testing.T) {
	for _, c := range []struct{ addressB, want string }{
		{"1丁目3番2号 郵便プラザ503室", "1-3-2-503"},             // p17
		{"東3丁目-20-5 郵便・A&bコーポB604号", "3-20-5B604"},     // p19
		{"6丁目7-14 ABCビル2F", "6-7-14-2"},                // p20
		{"29丁目1524-23 第2郵便ハウス501", "29-1524-23-2-501"}, // p20
		{"3丁目80-25 J1ビル2-B", "3-80-25J1-2B"},           // p20
		{"千葉市稲毛区緑町3丁目30-8 郵便ビル403号", "3-30-8-403"},
		{"秋田県大仙市堀見内 南田茂木 添60-1", "60-1"},
		{"東京都台東区台東5-6-3 ABCビル10F", "5-6-3-10"},
		{"北海道札幌市東区北六条東4丁目 郵便センター6号館", "4-6"},
		{"北海道札幌市東区北六条東8丁目 郵便センター10号館", "8-10"},
		{"山梨県韮崎市龍岡町下條南割 韮崎400", "400"},
		{"東京都青梅市河辺町十一丁目六番地一号 郵便タワー601", "11-6-1-601"},
		{"札幌市中央区南四条西２９丁目１５２４－２３", "29-1524-23"}, // full-width digits and hyphen
	} {
		if got := AddressNumber(c.addressB); got != c.want {
			t.Errorf("AddressNumber(%q) = %q, want %q", c.addressB, got, c.want)
		}
	}
}

func TestEncodeTheManualsExamples(t *testing.T) {
	for _, c := range []struct {
		postal, address, data string
		check                 int
	}{
		// p17/p21: 1000013 1-3-2-503, four CC4 to fill, check digit 9.
		{"100-0013", "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室", "10000131-3-2-503[CC4][CC4][CC4][CC4]", 9},
		// p20: 31700556-7-14-2, filled with CC4.
		{"317-0055", "茨城県日立市宮田町6丁目7-14 ABCビル2F", "31700556-7-14-2[CC4][CC4][CC4][CC4][CC4]", -1},
		// p20: past 20 characters the rest is cut: 064080429-1524-23-2-.
		{"064-0804", "札幌市中央区南四条西29丁目1524-23 第2郵便ハウス501", "064080429-1524-23-2-", -1},
		// p20: the 20th is B's CC1, kept without its digit.
		{"910-0067", "福井県福井市新田塚3丁目80-25 J1ビル2-B", "91000673-80-25[CC1]91-2[CC1]", -1},
	} {
		code, err := Encode(c.postal, c.address)
		if err != nil {
			t.Fatalf("%s %s: %v", c.postal, c.address, err)
		}
		if code.Data != c.data {
			t.Errorf("%s: data %s, want %s", c.postal, code.Data, c.data)
		}
		if c.check >= 0 && code.Check != c.check {
			t.Errorf("%s: check digit %d, want %d", c.postal, code.Check, c.check)
		}
		if len(code.Bars) != nBars || string(code.Bars[:2]) != "FD" || string(code.Bars[65:]) != "DF" {
			t.Errorf("%s: %d bars %s: want 67, start FD, stop DF", c.postal, len(code.Bars), string(code.Bars))
		}
		// Decoding the bars gives the data and a sum that is a multiple of 19.
		sum := 0
		var back strings.Builder
		for i := 2; i < 65; i += 3 {
			v := valueOf(t, string(code.Bars[i:i+3]))
			sum += v
			if i < 62 {
				back.WriteString(Name(v))
			}
		}
		if back.String() != c.data || sum%19 != 0 {
			t.Errorf("%s: bars decode to %s (sum %d)", c.postal, back.String(), sum)
		}
	}
}

func valueOf(t *testing.T, p string) int {
	for v, q := range patterns {
		if q == p {
			return v
		}
	}
	t.Fatalf("no character has the bars %s", p)
	return 0
}

// The check digit's own example on p21: the sum 1+0+0+0+0+1+3 + 1+10+3+10+
// 2+10+5+0+3 + 4×14 = 105, and 105+9 = 114 = 6×19; its bars are 9's.
func TestCheckDigitBars(t *testing.T) {
	code, err := EncodeNumber("1000013", "1-3-2-503")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(code.Bars[62:65]); got != patterns[9] {
		t.Errorf("check digit bars %s, want 9's %s", got, patterns[9])
	}
	seen := map[string]bool{}
	for _, p := range patterns {
		if seen[p] {
			t.Errorf("pattern %s used twice", p)
		}
		seen[p] = true
	}
}

func TestUnencodable(t *testing.T) {
	for _, c := range []struct {
		postal, address string
		want            error
	}{
		{"12-345", "東京都千代田区霞が関1-3-2", ErrPostalCode},
		{"100-0000", "東京都千代田区1-3-2", ErrRepresentative}, // 代表の郵便番号 (p18)
		{"100-0013", "東京都千代田区霞が関", ErrNoNumber},
	} {
		if _, err := Encode(c.postal, c.address); err != c.want {
			t.Errorf("%s %s: %v, want %v", c.postal, c.address, err, c.want)
		}
	}
}
