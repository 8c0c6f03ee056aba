package cardops

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// HexBytes is a byte string shown as upper-case hex, in JSON too.
type HexBytes []byte

// String is upper-case hex without spaces, e.g. "3B8B8001...".
func (h HexBytes) String() string { return strings.ToUpper(hex.EncodeToString(h)) }

// Spaced is upper-case hex with a space between bytes, as pcsc_scan shows.
func (h HexBytes) Spaced() string {
	var b strings.Builder
	for i, c := range h {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02X", c)
	}
	return b.String()
}

// MarshalText implements encoding.TextMarshaler.
func (h HexBytes) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; spaces are allowed.
func (h *HexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(strings.ReplaceAll(string(text), " ", ""))
	if err != nil {
		return err
	}
	*h = b
	return nil
}
