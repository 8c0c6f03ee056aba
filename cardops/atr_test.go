package cardops

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	var h HexBytes
	if err := h.UnmarshalText([]byte(s)); err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return h
}

func TestProfileATR(t *testing.T) {
	raw := ProfileATR()
	if got, want := HexBytes(raw).Spaced(), "3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 06"; got != want {
		t.Fatalf("ProfileATR = %s, want %s", got, want)
	}
	a, err := ParseATR(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !IsProfileATR(a) || !a.HasTCK || !a.TCKOK || a.TCK != 0x06 {
		t.Errorf("profile ATR decoded wrong: %+v", a)
	}
	if got := a.Protocols(); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("protocols = %v, want [0 1]", got)
	}
	if len(a.Groups) != 2 || a.Groups[0].TD != 0x80 || a.Groups[1].TD != 0x01 || a.Groups[1].Protocol != 0 {
		t.Errorf("groups = %+v", a.Groups)
	}
}

func TestParseATR(t *testing.T) {
	tests := []struct {
		name    string
		hex     string
		wantErr error
		hist    string
		groups  int
		tck     bool
	}{
		{"T=0 only, no TCK", "3B 02 14 50", nil, "14 50", 0, false},
		{"TA1 TB1 TC1", "3B 72 94 00 00 4A 50", nil, "4A 50", 1, false},
		{"JPKI, T=1", "3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", nil, "00 00 05 E0 B3 81 A1 00", 2, true},
		{"inverse convention", "3F 00", nil, "", 0, false},
		{"T=1 with TA3 TB3", "3B F8 13 00 00 81 31 FE 45 4A 43 4F 50 76 32 34 31 B7", nil, "4A 43 4F 50 76 32 34 31", 3, true},
		{"empty", "", ErrATRTruncated, "", 0, false},
		{"bad TS", "3C 00", ErrATRBadTS, "", 0, false},
		{"no T0", "3B", ErrATRTruncated, "", 0, false},
		{"TD missing", "3B 80", ErrATRTruncated, "", 0, false},
		{"historical missing", "3B 8B 80 01 53 41", ErrATRTruncated, "", 0, false},
		{"TCK missing", "3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01", ErrATRTruncated, "", 0, false},
		{"extra byte", "3B 02 14 50 00", ErrATRTooLong, "", 0, false},
		{"wrong TCK", "3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 07", ErrATRBadTCK, "53 41 46 45 54 59 50 41 53 53 01", 2, true},
		{"over 33 bytes", "3B" + strings.Repeat(" 00", 33), ErrATRTooLong, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseATR(mustHex(t, tt.hex))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrATRBadTCK) {
				if a != nil {
					t.Fatalf("structural error returned an ATR: %+v", a)
				}
				return
			}
			if got := a.Historical.Spaced(); got != tt.hist {
				t.Errorf("historical = %q, want %q", got, tt.hist)
			}
			if len(a.Groups) != tt.groups || a.HasTCK != tt.tck {
				t.Errorf("groups = %d tck = %v, want %d %v", len(a.Groups), a.HasTCK, tt.groups, tt.tck)
			}
			if (err == nil) != a.TCKOK {
				t.Errorf("TCKOK = %v with err %v", a.TCKOK, err)
			}
		})
	}
}

func TestDescribeATR(t *testing.T) {
	list, err := ParseATRList(strings.NewReader("# comment\n\n3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 ..\n\tSafety Pass (spdesk card v1)\n\thttps://example.invalid\n\n3B 02 14 50\n\tSomething else\n"))
	if err != nil {
		t.Fatal(err)
	}
	out := DescribeATR(ProfileATR(), list)
	for _, want := range []string{
		"ATR: 3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 06",
		"+ TS = 3B --> Direct Convention",
		"+ T0 = 8B, Y(1): 1000, K: 11 (historical bytes)",
		"  TD(1) = 80 --> Y(i+1) = 1000, Protocol T = 0",
		"  TD(2) = 01 --> Y(i+1) = 0000, Protocol T = 1",
		"+ Historical bytes: 53 41 46 45 54 59 50 41 53 53 01",
		"  Category indicator byte: 53 (proprietary format)",
		"+ TCK = 06 (correct checksum)",
		"\tSafety Pass (spdesk card v1)\n\thttps://example.invalid",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("description lacks %q:\n%s", want, out)
		}
	}
	bad := DescribeATR(mustHex(t, "3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 07"), nil)
	if !strings.Contains(bad, "WRONG CHECKSUM, expected 06") {
		t.Errorf("bad TCK not shown:\n%s", bad)
	}
	ta := DescribeATR(mustHex(t, "3B F8 13 00 00 81 31 FE 45 4A 43 4F 50 76 32 34 31 B7"), nil)
	for _, want := range []string{"TA(1) = 13 --> Fi=372, Di=4, 93 cycles/ETU", "TA(3) = FE --> IFSC: 254", "TB(3) = 45 --> Block Waiting Integer: 4 - Character Waiting Integer: 5"} {
		if !strings.Contains(ta, want) {
			t.Errorf("description lacks %q:\n%s", want, ta)
		}
	}
	if trunc := DescribeATR([]byte{0x3B, 0x80}, nil); !strings.Contains(trunc, "ERROR!") {
		t.Errorf("truncated ATR not flagged:\n%s", trunc)
	}
}

func TestATRListLookup(t *testing.T) {
	list, err := ParseATRList(strings.NewReader("3B 88 80 01 00 00 .. E0 B3 81 A1 00 ..\n\tJapanese card\n\n3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F\n\tJPKI exactly\n\n3B [(broken\n\tnever\n"))
	if err != nil {
		t.Fatal(err)
	}
	if list.Len() != 3 {
		t.Fatalf("Len = %d, want 3", list.Len())
	}
	got := list.Lookup(ForeignATR())
	if strings.Join(got, "|") != "Japanese card|JPKI exactly" {
		t.Errorf("Lookup = %q", got)
	}
	if got := list.Lookup(ProfileATR()); got != nil {
		t.Errorf("profile ATR named %q", got)
	}
	var none *ATRList
	if none.Lookup(ForeignATR()) != nil || none.Len() != 0 {
		t.Error("nil list must name nothing")
	}
}

func TestDefaultATRListNamesForeignVariant(t *testing.T) {
	list := DefaultATRList()
	if list == nil {
		skipReal(t, "pcsc-tools is not installed: "+DefaultATRListPath+" is missing")
	}
	got := strings.Join(list.Lookup(ForeignATR()), " ")
	if !strings.Contains(got, "JPKI") {
		t.Errorf("smartcard_list.txt names the foreign variant %q, want a JPKI card", got)
	}
}

// TestATRListWildcardMatchesRegexp checks the shortcut for plain patterns
// against the regular expressions pcsc-tools means, on the real list.
func TestATRListWildcardMatchesRegexp(t *testing.T) {
	list := DefaultATRList()
	if list == nil {
		skipReal(t, "pcsc-tools is not installed: "+DefaultATRListPath+" is missing")
	}
	atrs := []string{HexBytes(ProfileATR()).Spaced(), HexBytes(ForeignATR()).Spaced()}
	for _, e := range list.entries[:min(len(list.entries), 400)] {
		if e.simple {
			atrs = append(atrs, strings.ReplaceAll(e.pattern, ".", "0"))
		}
	}
	checked := 0
	for _, e := range list.entries {
		if !e.simple {
			continue
		}
		re := regexp.MustCompile("(?i)^(?:" + e.pattern + ")$")
		for _, a := range atrs {
			if re.MatchString(a) != wildcardMatch(e.pattern, a) {
				t.Fatalf("pattern %q on %q: regexp and wildcard disagree", e.pattern, a)
			}
		}
		checked++
		if checked == 300 { // plenty, and keeps the test quick
			break
		}
	}
}

func TestATRListCaseAndExpressions(t *testing.T) {
	list, err := ParseATRList(strings.NewReader("3b 8b 80 01 .. .. .. .. .. .. .. .. .. .. 01 06\n\tlower-case plain\n\n3B 8B 80 01 (53|54) .*\n\texpression\n\n3B \\d\n\tescape kept\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(list.Lookup(ProfileATR()), "|"); got != "lower-case plain|expression" {
		t.Errorf("Lookup = %q", got)
	}
}
