package cardops

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseTLV(t *testing.T) {
	tests := []struct {
		name    string
		hex     string
		wantErr error
		tags    []uint32
	}{
		{"empty", "", nil, nil},
		{"one primitive", "5A 02 12 34", nil, []uint32{0x5A}},
		{"two-byte tag 5F24", "5F 24 03 30 12 31", nil, []uint32{0x5F24}},
		{"three-byte tag", "DF 81 01 01 AA", nil, []uint32{0xDF8101}},
		{"81 length", "C1 81 02 31 32", nil, []uint32{0xC1}},
		{"82 length", "C1 82 00 02 31 32", nil, []uint32{0xC1}},
		{"zero length", "C3 00", nil, []uint32{0xC3}},
		{"constructed", "70 06 5A 01 11 C2 01 01", nil, []uint32{0x70}},
		{"padding between and after", "00 5A 01 11 FF FF C2 01 01 00 00", nil, []uint32{0x5A, 0xC2}},
		{"length past end", "5A 08 12 34", ErrTLVLength, nil},
		{"81 length past end", "C1 81 80 00", ErrTLVLength, nil},
		{"length missing", "5A", ErrTLVTruncated, nil},
		{"81 without byte", "5A 81", ErrTLVTruncated, nil},
		{"82 short", "5A 82 01", ErrTLVTruncated, nil},
		{"indefinite length", "70 80 5A 00 00 00", ErrTLVBadLength, nil},
		{"83 length", "5A 83 00 00 01 00", ErrTLVTooLong, nil},
		{"84 length", "5A 84 00 00 00 01 00", ErrTLVTooLong, nil},
		{"tag ends early", "5F", ErrTLVTruncated, nil},
		{"tag of four bytes", "DF 81 81 01 00", ErrTLVBadTag, nil},
		{"non-minimal two-byte tag", "5F 1E 00", ErrTLVBadTag, nil},
		{"leading zero in tag", "5F 80 24 00", ErrTLVBadTag, nil},
		{"child past its parent", "70 03 5A 05 11 22 33 44 55", ErrTLVLength, nil},
		{"garbage in constructed", "70 02 5A 05", ErrTLVLength, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := ParseTLV(mustHex(t, tt.hex))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var tags []uint32
			for _, o := range objs {
				tags = append(tags, o.Tag)
			}
			if len(tags) != len(tt.tags) {
				t.Fatalf("tags = %X, want %X", tags, tt.tags)
			}
			for i := range tags {
				if tags[i] != tt.tags[i] {
					t.Fatalf("tags = %X, want %X", tags, tt.tags)
				}
			}
		})
	}
}

func TestParseTLVNested(t *testing.T) {
	objs, err := ParseTLV(mustHex(t, "70 0A 5A 01 11 A5 05 5F 24 02 25 12"))
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 || len(objs[0].Children) != 2 {
		t.Fatalf("got %+v", objs)
	}
	inner := objs[0].Children[1]
	if inner.Tag != 0xA5 || !inner.Constructed() || len(inner.Children) != 1 || inner.Children[0].Tag != 0x5F24 {
		t.Fatalf("inner = %+v", inner)
	}
	if got := inner.Children[0].Value; !bytes.Equal(got, []byte{0x25, 0x12}) {
		t.Errorf("5F24 value = % X", got)
	}
}

// nest wraps v in n constructed 70 objects.
func nest(t *testing.T, n int, v []byte) []byte {
	t.Helper()
	for i := 0; i < n; i++ {
		b, err := EncodeTLV(TLV{Tag: 0x70, Value: v})
		if err != nil {
			t.Fatal(err)
		}
		v = b
	}
	return v
}

func TestParseTLVDepth(t *testing.T) {
	leaf := []byte{0x5A, 0x01, 0x11}
	if _, err := ParseTLV(nest(t, MaxTLVDepth-1, leaf)); err != nil {
		t.Errorf("depth %d refused: %v", MaxTLVDepth, err)
	}
	if _, err := ParseTLV(nest(t, MaxTLVDepth, leaf)); !errors.Is(err, ErrTLVTooDeep) {
		t.Errorf("depth %d: err = %v, want ErrTLVTooDeep", MaxTLVDepth+1, err)
	}
	// A thousand levels costs no stack: the limit stops it early.
	if _, err := ParseTLV(bytes.Repeat([]byte{0x70, 0x80}, 1000)); err == nil {
		t.Error("deep indefinite nesting accepted")
	}
}

func TestParseTLV64K(t *testing.T) {
	big := bytes.Repeat([]byte{0xAB}, MaxTLVValueLen)
	enc, err := EncodeTLV(TLV{Tag: 0xC1, Value: big})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(enc, []byte{0xC1, 0x82, 0xFF, 0xFF}) {
		t.Fatalf("encoded header % X", enc[:4])
	}
	objs, err := ParseTLV(enc)
	if err != nil || len(objs) != 1 || len(objs[0].Value) != MaxTLVValueLen {
		t.Fatalf("64 KiB value: %v", err)
	}
	if _, err := EncodeTLV(TLV{Tag: 0xC1, Value: make([]byte, MaxTLVValueLen+1)}); !errors.Is(err, ErrTLVTooLong) {
		t.Errorf("encoding 64 KiB: err = %v, want ErrTLVTooLong", err)
	}
	// 64 KiB of input claiming one byte more than it has.
	short := append([]byte{0xC1, 0x82, 0xFF, 0xFF}, big[:MaxTLVValueLen-1]...)
	if _, err := ParseTLV(short); !errors.Is(err, ErrTLVLength) {
		t.Errorf("short 64 KiB value: err = %v, want ErrTLVLength", err)
	}
}

func TestEncodeTLVRoundTrip(t *testing.T) {
	objs := []TLV{
		{Tag: 0x5A, Value: []byte{1, 2}},
		{Tag: 0x5F24, Value: bytes.Repeat([]byte{7}, 200)},
		{Tag: 0x70, Children: []TLV{{Tag: 0xC2, Value: []byte{1}}, {Tag: 0xDF8101, Value: nil}}},
	}
	enc, err := EncodeTLV(objs...)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseTLV(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !tlvEqual(objs, back) {
		t.Errorf("round trip changed the objects:\n%+v\n%+v", objs, back)
	}
	if _, ok := FindTLV(back, 0x5F24); !ok {
		t.Error("FindTLV missed 5F24")
	}
	if _, err := EncodeTLV(TLV{Tag: 0}); err == nil {
		t.Error("tag 0 encoded")
	}
}

// tlvEqual compares trees by tag and, for primitives, value.
func tlvEqual(a, b []TLV) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Tag != b[i].Tag {
			return false
		}
		if a[i].Constructed() && len(a[i].Children)+len(b[i].Children) > 0 {
			if !tlvEqual(a[i].Children, b[i].Children) {
				return false
			}
		} else if !bytes.Equal(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

func TestTLVErrorsSayWhere(t *testing.T) {
	_, err := ParseTLV(mustHex(t, "5A 01 11 5F 24 09 25"))
	if err == nil || !strings.Contains(err.Error(), "offset 3") || !strings.Contains(err.Error(), "5F24") {
		t.Errorf("error %q should name tag 5F24 at offset 3", err)
	}
}
