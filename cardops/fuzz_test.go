package cardops

import (
	"bytes"
	"errors"
	"testing"
)

// The seeds below run as ordinary tests on every `go test`; `go test
// -fuzz FuzzParseTLV` explores from them.

func FuzzParseATR(f *testing.F) {
	for _, seed := range [][]byte{
		ProfileATR(),
		ForeignATR(),
		{0x3B, 0x02, 0x14, 0x50},
		{0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x4A, 0x43, 0x4F, 0x50, 0x76, 0x32, 0x34, 0x31, 0xB7},
		{0x3F, 0xFF, 0x95, 0x00, 0xFF, 0x91, 0x81, 0x71, 0xFF, 0x47, 0x00, 0x44, 0x4E},
		{0x3B, 0x8B, 0x80, 0x01},
		{0x3B, 0x80},
		{0x3B},
		{},
		bytes.Repeat([]byte{0x3B}, 40),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := ParseATR(raw)
		DescribeATR(raw, nil) // must not panic on anything
		if err != nil && !errors.Is(err, ErrATRBadTCK) {
			if a != nil {
				t.Fatalf("structural error %v with an ATR", err)
			}
			return
		}
		if !bytes.Equal(a.Raw, raw) || len(raw) > maxATRLen {
			t.Fatalf("Raw % X, input % X", a.Raw, raw)
		}
		// Every byte is accounted for: TS, T0, interface, historical, TCK.
		n := 2 + len(a.Historical)
		for _, g := range a.Groups {
			for _, has := range []bool{g.HasTA, g.HasTB, g.HasTC, g.HasTD} {
				if has {
					n++
				}
			}
		}
		if a.HasTCK {
			n++
		}
		if n != len(raw) {
			t.Fatalf("decoded %d bytes of %d", n, len(raw))
		}
		if int(a.T0&0x0F) != len(a.Historical) {
			t.Fatalf("K %d, %d historical bytes", a.T0&0x0F, len(a.Historical))
		}
		if (err == nil) != a.TCKOK || ATRValid(raw) != (err == nil) {
			t.Fatalf("TCKOK %v with err %v", a.TCKOK, err)
		}
	})
}

func FuzzParseTLV(f *testing.F) {
	good, _ := sampleData().Encode()
	for _, seed := range [][]byte{
		good,
		append(append([]byte(nil), good...), 0x5F, 0x24, 0x20, 0x29),
		{0x70, 0x06, 0x5A, 0x01, 0x11, 0xC2, 0x01, 0x01},
		{0x5F, 0x24, 0x03, 0x30, 0x12, 0x31},
		{0xDF, 0x81, 0x01, 0x01, 0xAA},
		{0xC1, 0x82, 0x00, 0x02, 0x31, 0x32},
		{0xC1, 0x83, 0x01, 0x00, 0x00},
		{0x70, 0x80, 0x00, 0x00},
		{0x00, 0xFF, 0x5A, 0x00},
		bytes.Repeat([]byte{0x70, 0x02}, 20),
		{0x5F},
		{0x5F, 0x80, 0x24, 0x00},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := ParseTLV(data)
		ParseCardData(data) // must not panic either
		if err != nil {
			if objs != nil {
				t.Fatalf("error %v with objects", err)
			}
			return
		}
		// What parses re-encodes (minimally) to bytes that parse to the
		// same tree.
		enc, err := EncodeTLV(objs...)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		back, err := ParseTLV(enc)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if !tlvEqual(objs, back) {
			t.Fatalf("round trip changed the tree:\n%+v\n%+v", objs, back)
		}
		if len(enc) > len(data) {
			t.Fatalf("minimal encoding longer (%d) than the input (%d)", len(enc), len(data))
		}
	})
}

// FuzzVirtualCard: whatever arrives, the card answers with a status word
// and keeps working.
func FuzzVirtualCard(f *testing.F) {
	for _, seed := range []string{apduSelectApp, apduSelectEF, apduRead, apduTries, apduAuth00, "00", "80 CA 9F 7F 00", "00 A4 04 00 00"} {
		f.Add(mustHex(f, seed))
	}
	card := newTestCard(f, VariantGood, 0)
	f.Fuzz(func(t *testing.T, apdu []byte) {
		if len(apdu) > 4 && apdu[1] == 0x20 {
			return // VERIFY with data spends tries: not what this checks
		}
		resp, answered := card.Process(apdu)
		if !answered || len(resp) < 2 {
			t.Fatalf("% X answered % X (%v)", apdu, resp, answered)
		}
	})
}
