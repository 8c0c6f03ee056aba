package cardops

import (
	"errors"
	"fmt"
)

// maxATRLen is the longest ATR ISO 7816-3 allows: TS + 32 bytes.
const maxATRLen = 33

// ATR errors. ParseATR wraps them with details; test with errors.Is.
var (
	ErrATRTruncated = errors.New("atr: truncated")
	ErrATRTooLong   = errors.New("atr: extra bytes after the end")
	ErrATRBadTS     = errors.New("atr: TS is neither 3B nor 3F")
	// ErrATRBadTCK: the check byte does not match. Nothing below us
	// (reader, driver, pcscd) checks it, so we do.
	ErrATRBadTCK = errors.New("atr: wrong TCK")
)

// ATR is a decoded answer to reset (ISO 7816-3 §8).
type ATR struct {
	Raw HexBytes
	TS  byte
	T0  byte
	// Groups are the interface byte groups i = 1, 2, ...: group i holds
	// TA(i), TB(i), TC(i), TD(i), each present or not.
	Groups     []InterfaceGroup
	Historical HexBytes
	// HasTCK: a TCK is present, which is the case when any protocol other
	// than T=0 is offered.
	HasTCK bool
	TCK    byte
	// TCKOK: there is no TCK, or it is right.
	TCKOK bool
}

// InterfaceGroup is one group of interface bytes.
type InterfaceGroup struct {
	Index int // i, from 1
	// Protocol the group's TA/TB/TC apply to (i ≥ 3); for i = 1 and 2
	// they are global. It is the T of TD(i-1); T=15 means global.
	Protocol       int
	TA, TB, TC, TD byte
	HasTA, HasTB   bool
	HasTC, HasTD   bool
}

// Protocols lists the protocols the card offers, in ATR order; T=0 when
// no TD names one.
func (a *ATR) Protocols() []int {
	var ps []int
	seen := map[int]bool{}
	for _, g := range a.Groups {
		if g.HasTD {
			t := int(g.TD & 0x0F)
			if t != 15 && !seen[t] {
				seen[t] = true
				ps = append(ps, t)
			}
		}
	}
	if len(ps) == 0 {
		ps = []int{0}
	}
	return ps
}

// ParseATR decodes an ATR. Structural faults (bad TS, truncated, too long)
// return a nil ATR and an error. A wrong TCK returns the decoded ATR and an
// error wrapping ErrATRBadTCK, so the caller can still show it.
func ParseATR(b []byte) (*ATR, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrATRTruncated)
	}
	if len(b) > maxATRLen {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrATRTooLong, len(b), maxATRLen)
	}
	a := &ATR{Raw: append(HexBytes(nil), b...), TS: b[0], TCKOK: true}
	if a.TS != 0x3B && a.TS != 0x3F {
		return nil, fmt.Errorf("%w: %02X", ErrATRBadTS, a.TS)
	}
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: no T0", ErrATRTruncated)
	}
	a.T0 = b[1]
	k := int(a.T0 & 0x0F)
	y := a.T0 >> 4
	pos := 2
	next := func(what string, i int) (byte, error) {
		if pos >= len(b) {
			return 0, fmt.Errorf("%w: %s(%d) missing", ErrATRTruncated, what, i)
		}
		c := b[pos]
		pos++
		return c, nil
	}
	protocol := -1 // none named yet: groups 1 and 2 are global
	needTCK := false
	for i := 1; ; i++ {
		g := InterfaceGroup{Index: i, Protocol: protocol}
		var err error
		if y&1 != 0 {
			if g.TA, err = next("TA", i); err != nil {
				return nil, err
			}
			g.HasTA = true
		}
		if y&2 != 0 {
			if g.TB, err = next("TB", i); err != nil {
				return nil, err
			}
			g.HasTB = true
		}
		if y&4 != 0 {
			if g.TC, err = next("TC", i); err != nil {
				return nil, err
			}
			g.HasTC = true
		}
		if y&8 != 0 {
			if g.TD, err = next("TD", i); err != nil {
				return nil, err
			}
			g.HasTD = true
		}
		if g.HasTA || g.HasTB || g.HasTC || g.HasTD {
			a.Groups = append(a.Groups, g)
		}
		if !g.HasTD {
			break
		}
		protocol = int(g.TD & 0x0F)
		if protocol != 0 {
			// ISO 7816-3 §8.2.5: TCK is present if any T other than 0
			// is indicated (T=15 included).
			needTCK = true
		}
		y = g.TD >> 4
	}
	if pos+k > len(b) {
		return nil, fmt.Errorf("%w: %d historical bytes announced, %d present", ErrATRTruncated, k, len(b)-pos)
	}
	a.Historical = append(HexBytes(nil), b[pos:pos+k]...)
	pos += k
	if needTCK {
		if pos >= len(b) {
			return nil, fmt.Errorf("%w: TCK missing", ErrATRTruncated)
		}
		a.HasTCK = true
		a.TCK = b[pos]
		pos++
	}
	if pos != len(b) {
		return nil, fmt.Errorf("%w: %d byte(s)", ErrATRTooLong, len(b)-pos)
	}
	if a.HasTCK {
		// XOR of T0 through TCK inclusive is zero for a right TCK.
		var x byte
		for _, c := range b[1:] {
			x ^= c
		}
		if x != 0 {
			a.TCKOK = false
			return a, fmt.Errorf("%w: %02X, expected %02X", ErrATRBadTCK, a.TCK, a.TCK^x)
		}
	}
	return a, nil
}

// ATRValid reports whether b is a well-formed ATR with a right TCK.
func ATRValid(b []byte) bool {
	_, err := ParseATR(b)
	return err == nil
}

// checksumTCK computes the TCK for an ATR body (T0 through the last
// historical byte).
func checksumTCK(body []byte) byte {
	var x byte
	for _, c := range body {
		x ^= c
	}
	return x
}
