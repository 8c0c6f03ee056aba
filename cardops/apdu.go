package cardops

import (
	"errors"
	"fmt"
)

// Status words of the profile (DESIGN.md "Card profile"), plus the ISO ones
// a client has to understand from other cards.
const (
	SWOK               uint16 = 0x9000
	SWWrongLength      uint16 = 0x6700
	SWSecurityStatus   uint16 = 0x6982
	SWBlocked          uint16 = 0x6983
	SWNotAllowed       uint16 = 0x6986
	SWNotFound         uint16 = 0x6A82
	SWWrongOffset      uint16 = 0x6B00 // READ BINARY past the end (ISO 7816-4)
	SWINSNotSupported  uint16 = 0x6D00
	SWCLANotSupported  uint16 = 0x6E00
	swWrongLeFamily    byte   = 0x6C // 6Cxx: resend with Le = xx
	swMoreDataFamily   byte   = 0x61 // 61xx: xx bytes wait for GET RESPONSE
	swTriesLeftFamily  uint16 = 0x63C0
	insGetResponse     byte   = 0xC0
	maxShortNe                = 256
	maxShortCommandLen        = 255
)

// Command is a short command APDU (ISO 7816-4). Extended lengths are not
// used by the profile and not supported.
type Command struct {
	CLA, INS, P1, P2 byte
	Data             []byte
	// Ne is the number of response bytes expected: 0 means no Le field,
	// 1..256 is encoded as a one-byte Le (256 as 00).
	Ne int
}

// Bytes encodes the command.
func (c Command) Bytes() ([]byte, error) {
	if len(c.Data) > maxShortCommandLen {
		return nil, fmt.Errorf("apdu: %d data bytes do not fit a short APDU", len(c.Data))
	}
	if c.Ne < 0 || c.Ne > maxShortNe {
		return nil, fmt.Errorf("apdu: Ne %d does not fit a short APDU", c.Ne)
	}
	b := make([]byte, 0, 4+1+len(c.Data)+1)
	b = append(b, c.CLA, c.INS, c.P1, c.P2)
	if len(c.Data) > 0 {
		b = append(b, byte(len(c.Data)))
		b = append(b, c.Data...)
	}
	if c.Ne > 0 {
		b = append(b, byte(c.Ne)) // 256 wraps to 00, as ISO encodes it
	}
	return b, nil
}

// errAPDULength is why a command APDU could not be parsed; a card answers
// it with 6700.
var errAPDULength = errors.New("apdu: length fields do not match the command length")

// ParseCommand decodes a short command APDU of any of the four ISO cases.
// An extended-length APDU is refused with the same error as a wrong length:
// the profile has no use for one and a card answers 6700.
func ParseCommand(b []byte) (Command, error) {
	if len(b) < 4 {
		return Command{}, errAPDULength
	}
	c := Command{CLA: b[0], INS: b[1], P1: b[2], P2: b[3]}
	body := b[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2
		c.Ne = neOf(body[0])
		return c, nil
	}
	lc := int(body[0])
	if lc == 0 { // extended length
		return Command{}, errAPDULength
	}
	switch len(body) {
	case 1 + lc: // case 3
		c.Data = body[1:]
	case 1 + lc + 1: // case 4
		c.Data = body[1 : 1+lc]
		c.Ne = neOf(body[1+lc])
	default:
		return Command{}, errAPDULength
	}
	return c, nil
}

func neOf(le byte) int {
	if le == 0 {
		return maxShortNe
	}
	return int(le)
}

// Response is a response APDU split into data and status word.
type Response struct {
	Data []byte
	SW   uint16
}

// ParseResponse splits a response APDU. A response without a status word
// (fewer than 2 bytes) is an error: it means the reader or card misbehaved,
// and guessing would hide it.
func ParseResponse(b []byte) (Response, error) {
	if len(b) < 2 {
		return Response{}, newError(KindIO, "transmit", "response of %d bytes has no status word", len(b))
	}
	n := len(b) - 2
	return Response{Data: b[:n:n], SW: uint16(b[n])<<8 | uint16(b[n+1])}, nil
}

// Bytes encodes the response APDU.
func (r Response) Bytes() []byte {
	b := make([]byte, 0, len(r.Data)+2)
	b = append(b, r.Data...)
	return append(b, byte(r.SW>>8), byte(r.SW))
}

// SW1 and SW2 are the two status bytes.
func (r Response) SW1() byte { return byte(r.SW >> 8) }
func (r Response) SW2() byte { return byte(r.SW) }

// OK reports status 9000.
func (r Response) OK() bool { return r.SW == SWOK }

// swError describes an unexpected status word.
func swError(kind ErrorKind, op string, sw uint16) *Error {
	return newError(kind, op, "card answered %04X", sw)
}

// The profile's commands, as a client sends them.
var (
	cmdSelectApp = Command{CLA: 0x00, INS: 0xA4, P1: 0x04, P2: 0x00, Data: ProfileAID(), Ne: maxShortNe}
	cmdSelectEF  = Command{CLA: 0x00, INS: 0xA4, P1: 0x02, P2: 0x0C, Data: []byte{0x01, 0x01}}
	cmdReadData  = Command{CLA: 0x00, INS: 0xB0, P1: 0x00, P2: 0x00, Ne: maxShortNe}
	cmdTriesLeft = Command{CLA: 0x00, INS: 0x20, P1: 0x00, P2: 0x81}
)

// cmdInternalAuth is INTERNAL AUTHENTICATE with a 16-byte challenge.
func cmdInternalAuth(challenge []byte) Command {
	return Command{CLA: 0x00, INS: 0x88, P1: 0x00, P2: 0x00, Data: challenge, Ne: maxShortNe}
}
