package cardops

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func sampleData() CardData {
	return CardData{CardNo: "9800000000000011", MemberNo: "1000000016", Kind: CardCredit, Company: "JCB",
		Issued: date(2024, 4, 1), Expires: date(2029, 3, 31)}
}

func TestCardDataRoundTrip(t *testing.T) {
	d := sampleData()
	enc, err := d.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := mustHex(t, "5A 08 98 00 00 00 00 00 00 11  5F25 03 24 04 01  5F24 03 29 03 31"+
		" C1 0A 31 30 30 30 30 30 30 30 31 36  C2 01 02  C3 03 4A 43 42")
	if !bytes.Equal(enc, want) {
		t.Fatalf("Encode =\n% X\nwant\n% X", enc, want)
	}
	back, err := ParseCardData(enc)
	if err != nil {
		t.Fatal(err)
	}
	if back != d {
		t.Errorf("round trip: %+v, want %+v", back, d)
	}
}

func TestParseCardDataRejects(t *testing.T) {
	good, _ := sampleData().Encode()
	std := sampleData()
	std.Kind, std.Company = CardStandard, ""
	stdEnc, _ := std.Encode()
	tests := []struct {
		name string
		data []byte
	}{
		{"bad Luhn card number", bytes.Replace(good, []byte{0x00, 0x11}, []byte{0x00, 0x12}, 1)},
		{"non-BCD card number", bytes.Replace(good, []byte{0x98}, []byte{0x9A}, 1)},
		{"bad Luhn member number", bytes.Replace(good, []byte("1000000016"), []byte("1000000017"), 1)},
		{"letters in member number", bytes.Replace(good, []byte("1000000016"), []byte("10000000A6"), 1)},
		{"no such month", bytes.Replace(good, []byte{0x24, 0x04, 0x01}, []byte{0x24, 0x13, 0x01}, 1)},
		{"February 30", bytes.Replace(good, []byte{0x29, 0x03, 0x31}, []byte{0x29, 0x02, 0x30}, 1)},
		{"expires before issue", bytes.Replace(good, []byte{0x29, 0x03, 0x31}, []byte{0x23, 0x03, 0x31}, 1)},
		{"unknown kind", bytes.Replace(good, []byte{0xC2, 0x01, 0x02}, []byte{0xC2, 0x01, 0x03}, 1)},
		{"credit without company", good[:len(good)-5]},
		{"standard with company", append(append([]byte(nil), stdEnc...), 0xC3, 0x01, 'X')},
		{"duplicate tag", append(append([]byte(nil), good...), 0xC2, 0x01, 0x02)},
		{"missing tag", good[10:]},
		{"length past end", append(append([]byte(nil), good...), 0x5F, 0x24, 0x20, 0x29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCardData(tt.data)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrCardData) && !errors.Is(err, ErrTLVLength) {
				t.Errorf("err = %v, want a card data or TLV error", err)
			}
		})
	}
	// Unknown tags are room for later versions, not corruption.
	if _, err := ParseCardData(append(append([]byte(nil), good...), 0xDF, 0x20, 0x01, 0x00)); err != nil {
		t.Errorf("unknown tag refused: %v", err)
	}
}

func TestKeysAndMAC(t *testing.T) {
	want := sha256.Sum256([]byte("spdesk-demo-master-key"))
	if !bytes.Equal(DemoMasterKey(), want[:]) {
		t.Fatal("demo master key is not SHA-256 of spdesk-demo-master-key")
	}
	k1 := CardKey(DemoMasterKey(), "9800000000000011")
	k2 := CardKey(DemoMasterKey(), "9800000000000029")
	if len(k1) != 32 || bytes.Equal(k1, k2) {
		t.Fatal("card keys must be 32 bytes and differ per card")
	}
	ch := bytes.Repeat([]byte{0x42}, ChallengeLen)
	if mac := CardMAC(k1, ch); len(mac) != ChallengeLen || bytes.Equal(mac, CardMAC(k2, ch)) {
		t.Fatal("MAC must be 16 bytes and depend on the card key")
	}
}

func TestLoadMasterKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hexKey := strings.ToUpper(HexBytes(DemoMasterKey()).String())
	key, err := LoadMasterKey(write("ok", "# issuer key, 2025\n"+hexKey[:32]+"\n"+hexKey[32:]+"\n"))
	if err != nil || !bytes.Equal(key, DemoMasterKey()) {
		t.Fatalf("LoadMasterKey = % X, %v", key, err)
	}
	if _, err := LoadMasterKey(write("colons", "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff")); err != nil {
		t.Errorf("colon-separated key refused: %v", err)
	}
	for name, content := range map[string]string{"short": "0011", "nothex": strings.Repeat("zz", 16), "odd": strings.Repeat("a", 33)} {
		if _, err := LoadMasterKey(write(name, content)); err == nil {
			t.Errorf("%s key accepted", name)
		}
	}
	if _, err := LoadMasterKey(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestCardKindText(t *testing.T) {
	for _, k := range []CardKind{CardStandard, CardCredit} {
		back, err := ParseCardKind(k.String())
		if err != nil || back != k {
			t.Errorf("%v does not round-trip: %v %v", k, back, err)
		}
	}
	if _, err := ParseCardKind("gold"); err == nil {
		t.Error("unknown kind accepted")
	}
}
