// Package custbar owns Japan Post's customer barcode (カスタマバーコード):
// taking the address number (住所表示番号) out of an address by the rules of
// Japan Post's 「郵便番号・バーコードマニュアル」 (バーコードに必要な文字情報
// の抜き出し法, zipmanual pages 17–21), and encoding a postal code and that
// number as the 23 characters and 67 bars the same manual lays out (page 12,
// カスタマバーコード: start, 7 postal digits, 13 address characters, check
// digit, stop).
package custbar

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Bar is one bar's shape.
type Bar byte

const (
	Long        Bar = 'F' // ロングバー: the full height
	Upper       Bar = 'A' // セミロングバー (上): timing part and the upper third
	Lower       Bar = 'D' // セミロングバー (下): timing part and the lower third
	Timing      Bar = 'T' // タイミングバー: the middle third only
	nBars           = 67
	nChars          = 20 // postal code 7 + address number 13
	addrLen         = 13
	startCode       = "FD"
	stopCode        = "DF"
	cc4             = 14 // the filler, CC4
	ccLetters       = 11 // CC1; CC2 = 12, CC3 = 13
	hyphenValue     = 10
)

// patterns is the three-bar pattern of each character value: 0–9, the
// hyphen (10) and CC1–CC8 (11–18); the table of the manual's page 11
// (バーコードの種類と組合せ).
var patterns = [19]string{
	"FTT", "FFT", "FDA", "DFA", "FAD", "FTF", "DAF", "AFD", "ADF", "TFF", // 0–9
	"TFT",                                                  // -
	"DAT", "DTA", "ADT", "TDA", "ATD", "TAD", "TTF", "FFF", // CC1–CC8
}

// Code is an encoded customer barcode.
type Code struct {
	Data  string // the 20 characters before the check digit, letters as CC codes spelled out
	Check int    // the check digit's value, 0–18
	Bars  []Bar  // 67 bars: start, 20 characters, check digit, stop
}

// ErrNoCode says why an address has no barcode; the letter is printed
// without one.
var (
	ErrPostalCode     = errors.New("the postal code is not 7 digits")
	ErrRepresentative = errors.New("the postal code is a town's representative code (ends in 00): the manual gives no barcode for it")
	ErrNoNumber       = errors.New("no address number (丁目・番地・号) found in the address")
)

// Encode makes the barcode of a postal code (hyphen allowed) and an
// address; the address number is taken from the address (AddressNumber).
func Encode(postal, address string) (Code, error) {
	z := digitsOf(postal)
	if len(z) != 7 {
		return Code{}, ErrPostalCode
	}
	if strings.HasSuffix(z, "00") {
		return Code{}, ErrRepresentative
	}
	num := AddressNumber(address)
	if num == "" {
		return Code{}, ErrNoNumber
	}
	return EncodeNumber(z, num)
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range width.Fold.String(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == '－' || r == '‐' || r == '−' || r == 'ー':
		default:
			return ""
		}
	}
	return b.String()
}

// EncodeNumber encodes a 7-digit postal code and an address number as
// AddressNumber gives it (digits, hyphens, capital letters).
func EncodeNumber(postal, number string) (Code, error) {
	if len(postal) != 7 || digitsOf(postal) != postal {
		return Code{}, ErrPostalCode
	}
	var vals []int
	for _, r := range postal {
		vals = append(vals, int(r-'0'))
	}
	var addr []int
	for _, r := range number {
		switch {
		case r >= '0' && r <= '9':
			addr = append(addr, int(r-'0'))
		case r == '-':
			addr = append(addr, hyphenValue)
		case r >= 'A' && r <= 'J':
			addr = append(addr, ccLetters, int(r-'A'))
		case r >= 'K' && r <= 'T':
			addr = append(addr, ccLetters+1, int(r-'K'))
		case r >= 'U' && r <= 'Z':
			addr = append(addr, ccLetters+2, int(r-'U'))
		default:
			return Code{}, fmt.Errorf("address number %q: %q cannot be encoded", number, r)
		}
	}
	// Past 13 characters the rest is left out; a letter's control code
	// that falls on the 13th stays without its digit (page 12).
	if len(addr) > addrLen {
		addr = addr[:addrLen]
	}
	for len(addr) < addrLen {
		addr = append(addr, cc4)
	}
	vals = append(vals, addr...)
	sum := 0
	for _, v := range vals {
		sum += v
	}
	check := (19 - sum%19) % 19
	c := Code{Check: check}
	var data strings.Builder
	bars := []Bar(startCode)
	for _, v := range append(vals, check) {
		bars = append(bars, []Bar(patterns[v])...)
	}
	for _, v := range vals {
		data.WriteString(Name(v))
	}
	bars = append(bars, []Bar(stopCode)...)
	c.Data, c.Bars = data.String(), bars
	return c, nil
}

// Name is how the manual writes a character value: 0–9, "-", or CC1–CC8
// in brackets.
func Name(v int) string {
	switch {
	case v < 10:
		return string(rune('0' + v))
	case v == hyphenValue:
		return "-"
	default:
		return fmt.Sprintf("[CC%d]", v-10)
	}
}

// The characters 「漢数字」 that become Arabic numerals when one of these
// follows them (補足ルール), longest first.
var counters = []string{"丁目", "番地", "地割", "丁", "番", "号", "線", "の", "ノ"}

const kanjiDigits = "〇一二三四五六七八九"

// kanjiNumber reads a kanji numeral (一 … 九百九十九, with 十 and 百 and
// 千) as an Arabic one.
func kanjiNumber(s []rune) (string, bool) {
	total, cur := 0, 0
	for _, r := range s {
		switch {
		case strings.ContainsRune(kanjiDigits, r):
			cur = cur*10 + indexRune([]rune(kanjiDigits), r)
		case r == '十' || r == '百' || r == '千':
			unit := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
			if cur == 0 {
				cur = 1
			}
			total += cur * unit
			cur = 0
		default:
			return "", false
		}
	}
	return fmt.Sprint(total + cur), true
}

func isKanjiNumeral(r rune) bool {
	return strings.ContainsRune(kanjiDigits, r) || r == '十' || r == '百' || r == '千'
}

// AddressNumber takes the address number out of an address: the part
// after the town name (住所B), found as the first Arabic digit or the
// first kanji numeral that a 丁目・番地-type word follows. The rules are
// the manual's (pages 19–20):
//  1. letters to capitals (full-width folded to half-width first);
//  2. 「&」「/」「・」「.」 removed;
//  3. a kanji numeral before 丁目, 丁, 番地, 番, 号, 地割, 線, の or ノ
//     becomes Arabic;
//  4. digits, hyphens and single letters are kept, everything else (kanji,
//     kana, blanks, runs of two or more letters) becomes one hyphen;
//  5. a hyphen before a letter goes, and so does an F after a digit (a
//     floor, 2F), as in the manual's examples 3-20-5B604 and 6-7-14-2;
//  6. repeated hyphens become one; leading and trailing ones go.
func AddressNumber(address string) string {
	rs := []rune(width.Fold.String(address))
	// Rules 1–3.
	var t []rune
	for i := 0; i < len(rs); i++ {
		r := unicode.ToUpper(rs[i])
		switch r {
		case '&', '/', '・', '.':
			continue
		}
		if isKanjiNumeral(r) {
			j := i
			for j < len(rs) && isKanjiNumeral(rs[j]) {
				j++
			}
			if followedByCounter(rs[j:]) {
				if n, ok := kanjiNumber(rs[i:j]); ok {
					t = append(t, []rune(n)...)
					i = j - 1
					continue
				}
			}
		}
		if r == '－' || r == '‐' || r == '−' || r == '―' {
			r = '-'
		}
		t = append(t, r)
	}
	// 住所B starts at the first digit.
	start := -1
	for i, r := range t {
		if r >= '0' && r <= '9' {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	// Keep a letter run ending right before the digit (B604 after a blank
	// is its own token; the start is the digit's run anyway).
	t = t[start:]
	isLetter := func(i int) bool { return i >= 0 && i < len(t) && t[i] >= 'A' && t[i] <= 'Z' }
	var out []rune
	hy := func() {
		if len(out) > 0 && out[len(out)-1] != '-' {
			out = append(out, '-')
		}
	}
	for i := 0; i < len(t); i++ {
		r := t[i]
		switch {
		case r >= '0' && r <= '9':
			out = append(out, r)
		case r == '-':
			hy()
		case isLetter(i):
			if isLetter(i-1) || isLetter(i+1) {
				hy() // a run of letters: a name, not a number
				continue
			}
			if r == 'F' && i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
				hy() // a floor
				continue
			}
			if len(out) > 0 && out[len(out)-1] == '-' {
				out = out[:len(out)-1]
			}
			out = append(out, r)
		default:
			hy()
		}
	}
	return strings.Trim(string(out), "-")
}

func followedByCounter(rest []rune) bool {
	s := string(rest)
	for _, c := range counters {
		if strings.HasPrefix(s, c) {
			return true
		}
	}
	return false
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}
