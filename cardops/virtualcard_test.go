package cardops

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

func newTestCard(t testing.TB, v Variant, tries int) *VirtualCard {
	t.Helper()
	c, err := VirtualCardFor(v, tries, "", "", nil, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// exchange sends hex APDUs in order and returns the status words (and
// data, if any) as "9000" or "0102 9000".
func exchange(t *testing.T, c *VirtualCard, apdus ...string) []string {
	t.Helper()
	var out []string
	for _, a := range apdus {
		resp, answered := c.Process(mustHex(t, a))
		if !answered {
			out = append(out, "silent")
			continue
		}
		r, err := ParseResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		s := fmt.Sprintf("%04X", r.SW)
		if len(r.Data) > 0 {
			s = HexBytes(r.Data).String() + " " + s
		}
		out = append(out, s)
	}
	return out
}

const (
	apduSelectApp     = "00 A4 04 00 07 D3 92 F0 00 53 50 01 00"
	apduSelectAppNoLe = "00 A4 04 00 07 D3 92 F0 00 53 50 01"
	apduSelectEF      = "00 A4 02 0C 02 01 01"
	apduRead          = "00 B0 00 00 00"
	apduTries         = "00 20 00 81"
	apduTriesLe       = "00 20 00 81 00"
	apduAuth00        = "00 88 00 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 00"
	apduAuth10        = "00 88 00 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10"
	apduAuth08        = "00 88 00 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 08"
	apduAuthNoLe      = "00 88 00 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"
)

func TestVirtualCardStatusWords(t *testing.T) {
	tests := []struct {
		name  string
		apdus []string
		want  []string // last status words; "*" skips
	}{
		{"select app with Le", []string{apduSelectApp}, []string{"9000"}},
		{"select app without Le", []string{apduSelectAppNoLe}, []string{"9000"}},
		{"select app P2=0C", []string{"00 A4 04 0C 07 D3 92 F0 00 53 50 01"}, []string{"9000"}},
		{"other AID under our RID", []string{"00 A4 04 00 07 D3 92 F0 00 26 01 00 00"}, []string{"6A82"}},
		{"partial AID", []string{"00 A4 04 00 05 D3 92 F0 00 53 00"}, []string{"6A82"}},
		{"select MF", []string{"00 A4 00 0C 02 3F 00"}, []string{"6A82"}},
		{"select by name, no name", []string{"00 A4 04 00"}, []string{"6A82"}},
		{"EF before app", []string{apduSelectEF}, []string{"6A82"}},
		{"read with no EF", []string{apduRead}, []string{"6986"}},
		{"read with app but no EF", []string{apduSelectApp, apduRead}, []string{"9000", "6986"}},
		{"auth before app", []string{apduAuth00}, []string{"6982"}},
		{"verify before app", []string{apduTries}, []string{"6982"}},
		{"unknown INS", []string{"00 CA 00 6E 00"}, []string{"6D00"}},
		{"invalid INS 60", []string{"00 60 00 00"}, []string{"6D00"}},
		{"unknown CLA", []string{"80 CA 9F 7F 00"}, []string{"6E00"}},
		{"secure messaging CLA", []string{"0C A4 04 00 07 D3 92 F0 00 53 50 01"}, []string{"6E00"}},
		{"CLA checked before INS", []string{"B0 FF 00 00"}, []string{"6E00"}},
		{"too short", []string{"00 A4 04"}, []string{"6700"}},
		{"Lc lies", []string{"00 A4 04 00 09 D3 92 F0 00 53 50 01"}, []string{"6700"}},
		{"extended length", []string{"00 B0 00 00 00 01 00"}, []string{"6700"}},
		{"select EF wrong length", []string{apduSelectApp, "00 A4 02 0C 03 01 01 00"}, []string{"9000", "6700"}},
		{"select other EF", []string{apduSelectApp, "00 A4 02 0C 02 01 02"}, []string{"9000", "6A82"}},
		{"read with data", []string{apduSelectApp, apduSelectEF, "00 B0 00 00 01 00"}, []string{"9000", "9000", "6700"}},
		{"read without Le", []string{apduSelectApp, apduSelectEF, "00 B0 00 00"}, []string{"9000", "9000", "6C25"}},
		{"read Le too big", []string{apduSelectApp, apduSelectEF, "00 B0 00 00 40"}, []string{"9000", "9000", "6C25"}},
		{"read part", []string{apduSelectApp, apduSelectEF, "00 B0 00 00 02"}, []string{"9000", "9000", "5A08 9000"}},
		{"read from offset", []string{apduSelectApp, apduSelectEF, "00 B0 00 22 00"}, []string{"9000", "9000", "C20101 9000"}},
		{"read at end", []string{apduSelectApp, apduSelectEF, "00 B0 00 25 00"}, []string{"9000", "9000", "9000"}},
		{"read past end", []string{apduSelectApp, apduSelectEF, "00 B0 00 26 00"}, []string{"9000", "9000", "6B00"}},
		{"read by SFI", []string{apduSelectApp, apduSelectEF, "00 B0 81 00 00"}, []string{"9000", "9000", "6986"}},
		{"tries, no Le", []string{apduSelectApp, apduTries}, []string{"9000", "63CA"}},
		{"tries, Le 00", []string{apduSelectApp, apduTriesLe}, []string{"9000", "63CA"}},
		{"verify other reference", []string{apduSelectApp, "00 20 00 82"}, []string{"9000", "6A82"}},
		{"verify data and Le", []string{apduSelectApp, "00 20 00 81 02 31 32 00"}, []string{"9000", "6700"}},
		{"auth Le 00", []string{apduSelectApp, apduAuth00}, []string{"9000", "*"}},
		{"auth Le 10", []string{apduSelectApp, apduAuth10}, []string{"9000", "*"}},
		{"auth other Le", []string{apduSelectApp, apduAuth08}, []string{"9000", "6C10"}},
		{"auth no Le", []string{apduSelectApp, apduAuthNoLe}, []string{"9000", "6C10"}},
		{"auth short challenge", []string{apduSelectApp, "00 88 00 00 08 00 01 02 03 04 05 06 07 00"}, []string{"9000", "6700"}},
		{"auth other key", []string{apduSelectApp, "00 88 00 01 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 00"}, []string{"9000", "6A82"}},
		{"get response with nothing waiting", []string{"00 C0 00 00 10"}, []string{"6986"}},
		{"failed select keeps the application", []string{apduSelectApp, "00 A4 04 00 07 A0 00 00 00 03 10 10 00", apduSelectEF}, []string{"9000", "6A82", "9000"}},
		{"new app select drops the EF", []string{apduSelectApp, apduSelectEF, apduSelectApp, apduRead}, []string{"9000", "9000", "9000", "6986"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exchange(t, newTestCard(t, VariantGood, 0), tt.apdus...)
			for i, w := range tt.want {
				if w != "*" && got[i] != w {
					t.Fatalf("answers %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestVirtualCardMAC(t *testing.T) {
	c := newTestCard(t, VariantGood, 0)
	ch := mustHex(t, "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F")
	want := CardMAC(CardKey(DemoMasterKey(), c.Spec().CardNo), ch)
	got := exchange(t, c, apduSelectApp, apduAuth00, apduAuth10)
	for _, g := range got[1:] {
		if g != HexBytes(want).String()+" 9000" {
			t.Errorf("auth answered %q, want the MAC %X", g, want)
		}
	}
	bad := exchange(t, newTestCard(t, VariantBadMAC, 0), apduSelectApp, apduAuth00)
	if bad[1] == got[1] || !strings.HasSuffix(bad[1], " 9000") || len(bad[1]) != 32+5 {
		t.Errorf("badmac answered %q", bad[1])
	}
}

func TestVirtualCardReset(t *testing.T) {
	c := newTestCard(t, VariantGood, 0)
	exchange(t, c, apduSelectApp, apduSelectEF)
	c.Reset()
	if got := exchange(t, c, apduRead, apduAuth00); got[0] != "6986" || got[1] != "6982" {
		t.Errorf("after reset: %q, want nothing selected", got)
	}
}

func TestVirtualCardTries(t *testing.T) {
	if got := exchange(t, newTestCard(t, VariantTriesLeft, 3), apduSelectApp, apduTries); got[1] != "63C3" {
		t.Errorf("tries-left 3: %q", got)
	}
	if got := exchange(t, newTestCard(t, VariantBlocked, 0), apduSelectApp, apduTries, apduTriesLe); got[1] != "6983" || got[2] != "6983" {
		t.Errorf("blocked: %q", got)
	}
	// A presented password spends a try: the card knows none.
	c := newTestCard(t, VariantTriesLeft, 2)
	got := exchange(t, c, apduSelectApp, "00 20 00 81 04 31 32 33 34", apduTries, "00 20 00 81 04 31 32 33 34", apduTries)
	if strings.Join(got[1:], " ") != "63C1 63C1 6983 6983" {
		t.Errorf("wrong passwords: %q", got)
	}
	if c.TriesLeft() != 0 {
		t.Errorf("TriesLeft = %d", c.TriesLeft())
	}
}

func TestVirtualCardVariants(t *testing.T) {
	foreign := newTestCard(t, VariantForeign, 0)
	if !bytes.Equal(foreign.ATR(), ForeignATR()) {
		t.Errorf("foreign ATR % X", foreign.ATR())
	}
	if got := exchange(t, foreign, apduSelectApp, apduSelectEF, apduRead, apduTries); strings.Join(got, " ") != "6A82 6A82 6986 6982" {
		t.Errorf("foreign: %q", got)
	}
	corrupt := exchange(t, newTestCard(t, VariantCorrupt, 0), apduSelectApp, apduSelectEF, apduRead)
	data, _, _ := strings.Cut(corrupt[2], " ")
	if _, err := ParseCardData(mustHex(t, data)); err == nil {
		t.Errorf("corrupt card data parsed: %s", data)
	}
	mute := newTestCard(t, VariantMute, 0)
	if got := exchange(t, mute, apduSelectApp); got[0] != "silent" {
		t.Errorf("mute answered %q", got)
	}
	if !bytes.Equal(mute.ATR(), ProfileATR()) || mute.Commands() != 1 {
		t.Error("mute card must still give the profile ATR and count the command")
	}
	expired := newTestCard(t, VariantExpired, 0).Spec()
	if !expired.Expires.Before(testNow) {
		t.Errorf("expired variant expires %v", expired.Expires)
	}
	credit := newTestCard(t, VariantCredit, 0).Spec()
	if credit.Kind != CardCredit || credit.Company == "" {
		t.Errorf("credit variant: %+v", credit)
	}
}

// TestVirtualCardSurvivesProbes sends what PC/SC tools throw at an unknown
// card (opensc-tool's drivers, pcsc_scan, other Japanese applications under
// our RID) and checks the card answers each with a status word and still
// works afterwards.
func TestVirtualCardSurvivesProbes(t *testing.T) {
	c := newTestCard(t, VariantGood, 0)
	probes := []string{
		"00 A4 00 0C 02 3F 00", "00 A4 04 00 0C A0 00 00 00 63 50 4B 43 53 2D 31 35",
		"00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01", "00 A4 04 00 0A D3 92 10 00 31 00 01 01 04 08",
		"00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "00 CA 01 00 00", "80 CA 9F 7F 00",
		"00 B2 01 0C 00", "00 84 00 00 08", "00 A4 08 04 04 3F 00 50 15 00", "00 C0 00 00 00",
		"FF CA 00 00 00", "00 22 41 B6 00", "00 70 00 00 01", "00 A4 04 00 00", "00",
		"00 A4 04 00 FF" + strings.Repeat(" 00", 255), "00 B0 80 00 00", "90 5A 00 00 03 00 00 00 00",
	}
	for _, p := range probes {
		resp, answered := c.Process(mustHex(t, p))
		if !answered || len(resp) < 2 {
			t.Fatalf("probe %s: answered=%v resp % X", p, answered, resp)
		}
	}
	got := exchange(t, c, apduSelectApp, apduSelectEF, apduRead, apduTries, apduAuth00)
	for i, g := range got {
		if !strings.HasSuffix(g, "9000") && g != "63CA" {
			t.Fatalf("after probes, profile command %d answered %q", i, g)
		}
	}
}

func TestParseVariant(t *testing.T) {
	tests := []struct {
		in    string
		v     Variant
		n     int
		isErr bool
	}{
		{"good", VariantGood, 0, false},
		{"BadMAC", VariantBadMAC, 0, false},
		{"tries-left:3", VariantTriesLeft, 3, false},
		{"tries-left=9", VariantTriesLeft, 9, false},
		{"tries-left", "", 0, true},
		{"tries-left:0", "", 0, true},
		{"tries-left:10", "", 0, true},
		{"tries-left:x", "", 0, true},
		{"good:1", "", 0, true},
		{"shiny", "", 0, true},
	}
	for _, tt := range tests {
		v, n, err := ParseVariant(tt.in)
		if (err != nil) != tt.isErr || v != tt.v || n != tt.n {
			t.Errorf("ParseVariant(%q) = %q, %d, %v", tt.in, v, n, err)
		}
	}
	for _, v := range Variants() {
		arg := string(v)
		if v == VariantTriesLeft {
			arg += ":4"
		}
		vv, n, err := ParseVariant(arg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := VirtualCardFor(vv, n, "", "", nil, testNow); err != nil {
			t.Errorf("VirtualCardFor(%s): %v", v, err)
		}
	}
}

func TestNewVirtualCardRejects(t *testing.T) {
	good := newTestCard(t, VariantGood, 0).Spec()
	for name, mutate := range map[string]func(*VirtualCardSpec){
		"bad card number":     func(s *VirtualCardSpec) { s.CardNo = "1234567890123456" },
		"no master key":       func(s *VirtualCardSpec) { s.MasterKey = nil },
		"tries 11":            func(s *VirtualCardSpec) { s.TriesLeft = 11 },
		"unknown variant":     func(s *VirtualCardSpec) { s.Variant = "shiny" },
		"tries-left, 10 left": func(s *VirtualCardSpec) { s.Variant = VariantTriesLeft },
	} {
		s := good
		mutate(&s)
		if _, err := NewVirtualCard(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
