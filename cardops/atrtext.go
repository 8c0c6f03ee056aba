package cardops

import (
	"fmt"
	"strings"
)

// Tables of ISO 7816-3 (as pcsc-tools' ATR_analysis prints them).
var (
	// 0 stands for RFU.
	atrFi   = [16]int{372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0}
	atrFMax = [16]float64{4, 5, 6, 8, 12, 16, 20, 0, 0, 5, 7.5, 10, 15, 20, 0, 0}
	atrDi   = [16]int{0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0}
	atrXI   = [4]string{"not supported", "state L", "state H", "no preference"}
)

// DescribeATR renders an ATR the way pcsc_scan (ATR_analysis) does: every
// byte with its meaning, the historical bytes, the TCK check and, when
// names is not nil, the card names smartcard_list.txt gives for it.
// It never fails: a malformed ATR is described as far as it goes.
func DescribeATR(raw []byte, names *ATRList) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ATR: %s\n", HexBytes(raw).Spaced())
	a, err := ParseATR(raw)
	if a == nil {
		fmt.Fprintf(&b, " ERROR! %v\n", err)
		return b.String()
	}
	if a.TS == 0x3B {
		b.WriteString("+ TS = 3B --> Direct Convention\n")
	} else {
		b.WriteString("+ TS = 3F --> Inverse Convention\n")
	}
	fmt.Fprintf(&b, "+ T0 = %02X, Y(1): %04b, K: %d (historical bytes)\n", a.T0, a.T0>>4, a.T0&0x0F)
	for _, g := range a.Groups {
		if g.HasTA {
			fmt.Fprintf(&b, "  TA(%d) = %02X --> %s\n", g.Index, g.TA, describeTA(g))
		}
		if g.HasTB {
			fmt.Fprintf(&b, "  TB(%d) = %02X --> %s\n", g.Index, g.TB, describeTB(g))
		}
		if g.HasTC {
			fmt.Fprintf(&b, "  TC(%d) = %02X --> %s\n", g.Index, g.TC, describeTC(g))
		}
		if g.HasTD {
			t := g.TD & 0x0F
			extra := ""
			if t == 15 {
				extra = " - Global interface bytes following"
			}
			fmt.Fprintf(&b, "  TD(%d) = %02X --> Y(i+1) = %04b, Protocol T = %d%s\n-----\n", g.Index, g.TD, g.TD>>4, t, extra)
		}
	}
	fmt.Fprintf(&b, "+ Historical bytes: %s\n", a.Historical.Spaced())
	describeHistorical(&b, a.Historical)
	if a.HasTCK {
		if a.TCKOK {
			fmt.Fprintf(&b, "+ TCK = %02X (correct checksum)\n", a.TCK)
		} else {
			fmt.Fprintf(&b, "+ TCK = %02X WRONG CHECKSUM, expected %02X\n", a.TCK, a.TCK^checksumTCK(raw[1:]))
		}
	}
	if names != nil {
		b.WriteString("\nPossibly identified card:\n")
		found := names.Lookup(raw)
		if len(found) == 0 {
			b.WriteString("\tNONE\n")
		}
		for _, n := range found {
			fmt.Fprintf(&b, "\t%s\n", n)
		}
	}
	return b.String()
}

func describeTA(g InterfaceGroup) string {
	v := g.TA
	switch {
	case g.Index == 1:
		fi, di, fmax := atrFi[v>>4], atrDi[v&0x0F], atrFMax[v>>4]
		s := fmt.Sprintf("Fi=%s, Di=%s", rfu(fi), rfu(di))
		if fi != 0 && di != 0 {
			etu := float64(fi) / float64(di)
			s += fmt.Sprintf(", %g cycles/ETU\n    %d bits/s at 4 MHz, fMax for Fi = %g MHz => %d bits/s",
				etu, int(4e6/etu), fmax, int(fmax*1e6/etu))
		}
		return s
	case g.Index == 2:
		s := fmt.Sprintf("Protocol to be used in spec mode: T=%d", v&0x0F)
		if v&0x80 != 0 {
			s += " - Unable to change"
		} else {
			s += " - Capable to change"
		}
		if v&0x10 != 0 {
			return s + " - implicity defined"
		}
		return s + " - defined by interface bytes"
	case g.Protocol == 1:
		return fmt.Sprintf("IFSC: %d", v)
	default:
		var class []string
		for i, c := range []string{"A 5V", "B 3V", "C 1.8V", "D RFU", "E RFU"} {
			if v&(1<<i) != 0 {
				class = append(class, c)
			}
		}
		return fmt.Sprintf("Clock stop: %s - Class accepted by the card: (3G) %s", atrXI[v>>6], strings.Join(class, " "))
	}
}

func rfu(n int) string {
	if n == 0 {
		return "RFU"
	}
	return fmt.Sprint(n)
}

func describeTB(g InterfaceGroup) string {
	v := g.TB
	switch {
	case g.Index == 1:
		if v&0x1F == 0 {
			return "VPP is not electrically connected"
		}
		return fmt.Sprintf("Programming Param P: %d Volts, I: %d milliamperes", v&0x1F, v>>5)
	case g.Index == 2:
		if v > 49 && v < 251 {
			return fmt.Sprintf("Programming param PI2 (PI1 should be ignored): %d (dV)", v)
		}
		return fmt.Sprintf("Programming param PI2 (PI1 should be ignored): %d is RFU", v)
	case g.Protocol == 1:
		return fmt.Sprintf("Block Waiting Integer: %d - Character Waiting Integer: %d", v>>4, v&0x0F)
	}
	return "specific"
}

func describeTC(g InterfaceGroup) string {
	v := g.TC
	switch {
	case g.Index == 1:
		if v == 255 {
			return "Extra guard time: 255 (special value)"
		}
		return fmt.Sprintf("Extra guard time: %d", v)
	case g.Index == 2:
		return fmt.Sprintf("Work waiting time: 960 x %d x (Fi/F)", v)
	case g.Protocol == 1:
		switch v {
		case 0:
			return "Error detection code: LRC"
		case 1:
			return "Error detection code: CRC"
		}
		return "Error detection code: RFU"
	}
	return "specific"
}

// describeHistorical explains the category indicator and, for the ISO
// categories 00 and 80, the COMPACT-TLV objects that follow.
func describeHistorical(b *strings.Builder, h []byte) {
	if len(h) == 0 {
		return
	}
	cat := h[0]
	fmt.Fprintf(b, "  Category indicator byte: %02X", cat)
	switch {
	case cat == 0x00:
		b.WriteString(" (compact TLV data object)\n")
		if len(h) < 4 {
			fmt.Fprintf(b, "    Error in the ATR: expecting 3 bytes and got %d\n", len(h)-1)
			return
		}
		describeCompactTLV(b, h[1:len(h)-3])
		st := h[len(h)-3:]
		fmt.Fprintf(b, "    Mandatory status indicator (3 last bytes)\n      LCS (life card cycle): %02X\n      SW: %02X%02X\n", st[0], st[1], st[2])
	case cat == 0x80:
		b.WriteString(" (compact TLV data object)\n")
		describeCompactTLV(b, h[1:])
	case cat == 0x10:
		b.WriteString(" (next byte is the DIR data reference)\n")
		if len(h) > 1 {
			fmt.Fprintf(b, "   DIR data reference: %02X\n", h[1])
		}
	case cat >= 0x81 && cat <= 0x8F:
		b.WriteString(" (Reserved for future use)\n")
	default:
		b.WriteString(" (proprietary format)\n")
	}
}

var compactTags = map[byte]string{
	0x1: "country code, ISO 3166-1",
	0x2: "issuer identification number, ISO 7812-1",
	0x3: "card service data byte",
	0x4: "initial access data",
	0x5: "card issuer's data",
	0x6: "pre-issuing data",
	0x7: "card capabilities",
	0x8: "status indicator",
	0xF: "application identifier",
}

func describeCompactTLV(b *strings.Builder, p []byte) {
	for len(p) > 0 {
		tag, n := p[0]>>4, int(p[0]&0x0F)
		p = p[1:]
		name, ok := compactTags[tag]
		if !ok {
			name = "unknown"
		}
		fmt.Fprintf(b, "    Tag: %X, len: %X (%s)\n", tag, n, name)
		if n > len(p) {
			fmt.Fprintf(b, "      Error in the ATR: expecting %d bytes and got %d\n", n, len(p))
			return
		}
		if n > 0 {
			fmt.Fprintf(b, "      Value: %s\n", HexBytes(p[:n]).Spaced())
		}
		p = p[n:]
	}
}
