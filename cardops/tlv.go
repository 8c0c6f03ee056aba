package cardops

import (
	"errors"
	"fmt"
)

// Limits of the BER-TLV parser. A card's data has no business near any of
// them; they exist so hostile input costs nothing.
const (
	// MaxTLVValueLen is the longest value accepted: 64 KiB - 1, the most a
	// three-byte length field (82 xx xx) can say.
	MaxTLVValueLen = 0xFFFF
	// MaxTLVDepth is how deeply constructed objects may nest.
	MaxTLVDepth = 8
	// maxTagBytes: tags of up to three bytes, as ISO 7816-4 allows.
	maxTagBytes = 3
)

// TLV errors; ParseTLV wraps them with the offset. Test with errors.Is.
var (
	ErrTLVTruncated = errors.New("tlv: truncated")
	ErrTLVLength    = errors.New("tlv: length past the end of its container")
	ErrTLVBadLength = errors.New("tlv: unsupported length encoding")
	ErrTLVTooLong   = errors.New("tlv: value longer than 64 KiB")
	ErrTLVBadTag    = errors.New("tlv: malformed tag")
	ErrTLVTooDeep   = errors.New("tlv: nesting too deep")
)

// TLV is one BER-TLV data object. Tag holds the tag bytes big-endian,
// e.g. 0x5F24. A constructed object has its parsed children in Children and
// its raw content in Value.
type TLV struct {
	Tag      uint32
	Value    []byte
	Children []TLV
}

// Constructed reports whether the tag's constructed bit (b6 of the first
// byte) is set.
func (t TLV) Constructed() bool { return tagFirstByte(t.Tag)&0x20 != 0 }

func tagFirstByte(tag uint32) byte {
	for tag > 0xFF {
		tag >>= 8
	}
	return byte(tag)
}

// ParseTLV parses a sequence of BER-TLV objects strictly: every length
// must fit inside its container, a constructed object's content must be
// exactly a sequence of objects, tags are at most three bytes and minimally
// encoded, lengths use the short form or 81/82 (indefinite and longer forms
// are refused), and nesting stops at MaxTLVDepth. '00' and 'FF' bytes where
// a tag would start are padding (ISO 7816-4 §5.2.2.1) and skipped.
// Values alias data.
func ParseTLV(data []byte) ([]TLV, error) {
	return parseTLV(data, 0, 0)
}

func parseTLV(data []byte, base, depth int) ([]TLV, error) {
	if depth >= MaxTLVDepth {
		return nil, fmt.Errorf("%w: more than %d levels at offset %d", ErrTLVTooDeep, MaxTLVDepth, base)
	}
	var out []TLV
	for pos := 0; pos < len(data); {
		if data[pos] == 0x00 || data[pos] == 0xFF {
			pos++
			continue
		}
		start := pos
		tag, n, err := parseTag(data[pos:])
		if err != nil {
			return nil, fmt.Errorf("%w at offset %d", err, base+start)
		}
		pos += n
		length, n, err := parseLength(data[pos:])
		if err != nil {
			return nil, fmt.Errorf("%w (tag %X at offset %d)", err, tag, base+start)
		}
		pos += n
		if length > len(data)-pos {
			return nil, fmt.Errorf("%w: tag %X at offset %d says %d bytes, %d left",
				ErrTLVLength, tag, base+start, length, len(data)-pos)
		}
		t := TLV{Tag: tag, Value: data[pos : pos+length : pos+length]}
		if t.Constructed() {
			if t.Children, err = parseTLV(t.Value, base+pos, depth+1); err != nil {
				return nil, err
			}
		}
		out = append(out, t)
		pos += length
	}
	return out, nil
}

// parseTag reads a tag of one to three bytes.
func parseTag(b []byte) (uint32, int, error) {
	tag := uint32(b[0])
	if b[0]&0x1F != 0x1F {
		return tag, 1, nil
	}
	for i := 1; ; i++ {
		if i >= len(b) {
			return 0, 0, fmt.Errorf("%w: tag ends early", ErrTLVTruncated)
		}
		if i >= maxTagBytes {
			return 0, 0, fmt.Errorf("%w: longer than %d bytes", ErrTLVBadTag, maxTagBytes)
		}
		c := b[i]
		// A subsequent byte of 80 would be a leading zero, and a
		// two-byte tag below 1F should have been a one-byte tag:
		// neither is minimal, so neither is accepted.
		if i == 1 && (c == 0x80 || c < 0x1F) {
			return 0, 0, fmt.Errorf("%w: non-minimal encoding %02X %02X", ErrTLVBadTag, b[0], c)
		}
		tag = tag<<8 | uint32(c)
		if c&0x80 == 0 {
			return tag, i + 1, nil
		}
	}
}

// parseLength reads a length field: 00-7F, 81 xx or 82 xx xx.
func parseLength(b []byte) (int, int, error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("%w: length missing", ErrTLVTruncated)
	}
	first := b[0]
	switch {
	case first < 0x80:
		return int(first), 1, nil
	case first == 0x80:
		return 0, 0, fmt.Errorf("%w: indefinite length", ErrTLVBadLength)
	case first == 0x81 || first == 0x82:
		n := int(first & 0x7F)
		if len(b) < 1+n {
			return 0, 0, fmt.Errorf("%w: length field ends early", ErrTLVTruncated)
		}
		v := 0
		for _, c := range b[1 : 1+n] {
			v = v<<8 | int(c)
		}
		return v, 1 + n, nil
	default:
		// 83 and beyond can only say more than MaxTLVValueLen (or say
		// less, wastefully); refuse them as too long.
		return 0, 0, fmt.Errorf("%w: length form %02X", ErrTLVTooLong, first)
	}
}

// FindTLV returns the first object with the tag in a flat sequence.
func FindTLV(objs []TLV, tag uint32) (TLV, bool) {
	for _, o := range objs {
		if o.Tag == tag {
			return o, true
		}
	}
	return TLV{}, false
}

// EncodeTLV encodes objects with minimal lengths. A constructed object is
// encoded from its Children when it has any, else from Value.
func EncodeTLV(objs ...TLV) ([]byte, error) {
	var out []byte
	for _, o := range objs {
		if o.Tag == 0 || o.Tag > 0xFFFFFF {
			return nil, fmt.Errorf("%w: %X", ErrTLVBadTag, o.Tag)
		}
		value := o.Value
		if o.Constructed() && len(o.Children) > 0 {
			var err error
			if value, err = EncodeTLV(o.Children...); err != nil {
				return nil, err
			}
		}
		if len(value) > MaxTLVValueLen {
			return nil, fmt.Errorf("%w: %d bytes", ErrTLVTooLong, len(value))
		}
		switch {
		case o.Tag > 0xFFFF:
			out = append(out, byte(o.Tag>>16), byte(o.Tag>>8), byte(o.Tag))
		case o.Tag > 0xFF:
			out = append(out, byte(o.Tag>>8), byte(o.Tag))
		default:
			out = append(out, byte(o.Tag))
		}
		switch n := len(value); {
		case n < 0x80:
			out = append(out, byte(n))
		case n <= 0xFF:
			out = append(out, 0x81, byte(n))
		default:
			out = append(out, 0x82, byte(n>>8), byte(n))
		}
		out = append(out, value...)
	}
	return out, nil
}
