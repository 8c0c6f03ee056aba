package cardops

import (
	"bytes"
	"errors"
	"testing"
)

func TestCommandEncoding(t *testing.T) {
	tests := []struct {
		name string
		cmd  Command
		hex  string
	}{
		{"case 1", cmdTriesLeft, "00 20 00 81"},
		{"case 2, Le 00", cmdReadData, "00 B0 00 00 00"},
		{"case 3", cmdSelectEF, "00 A4 02 0C 02 01 01"},
		{"case 4", cmdSelectApp, "00 A4 04 00 07 D3 92 F0 00 53 50 01 00"},
		{"case 2, Le 10", Command{INS: 0x88, Ne: 16}, "00 88 00 00 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.cmd.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if want := mustHex(t, tt.hex); !bytes.Equal(b, want) {
				t.Fatalf("Bytes = % X, want % X", b, want)
			}
			back, err := ParseCommand(b)
			if err != nil {
				t.Fatal(err)
			}
			if back.CLA != tt.cmd.CLA || back.INS != tt.cmd.INS || back.P1 != tt.cmd.P1 || back.P2 != tt.cmd.P2 ||
				!bytes.Equal(back.Data, tt.cmd.Data) || back.Ne != tt.cmd.Ne {
				t.Errorf("ParseCommand = %+v, want %+v", back, tt.cmd)
			}
		})
	}
	if _, err := (Command{Data: make([]byte, 256)}).Bytes(); err == nil {
		t.Error("256 data bytes encoded as a short APDU")
	}
	if _, err := (Command{Ne: 257}).Bytes(); err == nil {
		t.Error("Ne 257 encoded as a short APDU")
	}
}

func TestParseCommandRejects(t *testing.T) {
	for _, h := range []string{"", "00", "00 A4 04", "00 A4 04 00 07 D3", "00 A4 04 00 02 01 01 00 00", "00 B0 00 00 00 00 10"} {
		if _, err := ParseCommand(mustHex(t, h)); !errors.Is(err, errAPDULength) {
			t.Errorf("%q: err = %v, want a length error", h, err)
		}
	}
}

func TestParseResponse(t *testing.T) {
	r, err := ParseResponse([]byte{0x01, 0x02, 0x90, 0x00})
	if err != nil || !r.OK() || !bytes.Equal(r.Data, []byte{1, 2}) {
		t.Fatalf("ParseResponse = %+v, %v", r, err)
	}
	if r.SW1() != 0x90 || r.SW2() != 0x00 || !bytes.Equal(r.Bytes(), []byte{1, 2, 0x90, 0}) {
		t.Errorf("accessors wrong: %+v", r)
	}
	for _, b := range [][]byte{nil, {0x90}} {
		if _, err := ParseResponse(b); KindOf(err) != KindIO {
			t.Errorf("% X: err = %v, want an io error for a missing status word", b, err)
		}
	}
}

func TestKindOf(t *testing.T) {
	if KindOf(nil) != KindNone || KindOf(ErrPCSCNotBuilt) != KindNotBuilt || KindOf(errors.New("x")) != KindIO {
		t.Error("KindOf basics wrong")
	}
	wrapped := errors.Join(errors.New("ctx"), newError(KindMute, "transmit", "slow"))
	if KindOf(wrapped) != KindMute {
		t.Errorf("KindOf(wrapped) = %v", KindOf(wrapped))
	}
	if KindMute.MessageKey() != "card.err.mute" || KindNone.MessageKey() != "" {
		t.Error("message keys wrong")
	}
}
