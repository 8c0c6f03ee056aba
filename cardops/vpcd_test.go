package cardops

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

// fakeVPCD plays pcscd's side of the vpcd protocol.
type fakeVPCD struct {
	t  *testing.T
	ln net.Listener
}

func newFakeVPCD(t *testing.T) *fakeVPCD {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return &fakeVPCD{t: t, ln: ln}
}

func (f *fakeVPCD) accept() net.Conn {
	f.t.Helper()
	f.ln.(*net.TCPListener).SetDeadline(time.Now().Add(5 * time.Second))
	c, err := f.ln.Accept()
	if err != nil {
		f.t.Fatal(err)
	}
	// Nagle on, like vpcd's C socket: the second half of a frame waits
	// for the card's ACK of the first.
	c.(*net.TCPConn).SetNoDelay(false)
	return c
}

func send(t *testing.T, c net.Conn, payload []byte) {
	t.Helper()
	// Length and payload in two writes, as Debian's vpcd does.
	var hdr [2]byte
	binary.BigEndian.PutUint16(hdr[:], uint16(len(payload)))
	if _, err := c.Write(hdr[:]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(payload); err != nil {
		t.Fatal(err)
	}
}

func recv(t *testing.T, c net.Conn) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hdr [2]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, binary.BigEndian.Uint16(hdr[:]))
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServeVPCDFraming(t *testing.T) {
	f := newFakeVPCD(t)
	card := newTestCard(t, VariantGood, 0)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- ServeVPCD(ctx, f.ln.Addr().String(), card) }()
	c := f.accept()
	defer c.Close()

	send(t, c, []byte{vpcdPowerOn}) // no reply expected
	send(t, c, []byte{vpcdATR})
	if got := recv(t, c); !bytes.Equal(got, ProfileATR()) {
		t.Fatalf("ATR % X", got)
	}
	send(t, c, mustHex(t, apduSelectApp))
	if got := recv(t, c); !bytes.Equal(got, []byte{0x90, 0x00}) {
		t.Fatalf("SELECT answered % X", got)
	}
	send(t, c, []byte{vpcdReset}) // the selection is gone
	send(t, c, mustHex(t, apduTries))
	if got := recv(t, c); !bytes.Equal(got, []byte{0x69, 0x82}) {
		t.Fatalf("after reset, VERIFY answered % X", got)
	}
	// Round trips are quick: no delayed-ACK stall per frame.
	start := time.Now()
	for i := 0; i < 50; i++ {
		send(t, c, mustHex(t, apduSelectApp))
		recv(t, c)
	}
	if per := time.Since(start) / 50; per > 20*time.Millisecond {
		t.Errorf("%v per APDU: TCP_QUICKACK not effective?", per)
	}

	cancel() // card pulled: the connection closes
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after removal, read = %v, want EOF", err)
	}
	if err := <-served; err != nil {
		t.Errorf("ServeVPCD = %v", err)
	}
}

func TestServeVPCDMuteAndRedial(t *testing.T) {
	f := newFakeVPCD(t)
	card := newTestCard(t, VariantMute, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error)
	go func() { served <- ServeVPCD(ctx, f.ln.Addr().String(), card) }()

	c := f.accept()
	send(t, c, []byte{vpcdATR})
	if got := recv(t, c); !bytes.Equal(got, ProfileATR()) {
		t.Fatalf("mute card ATR % X", got)
	}
	send(t, c, mustHex(t, apduSelectApp))
	c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, err := c.Read(make([]byte, 2)); err == nil {
		t.Fatalf("mute card answered %d bytes", n)
	}
	// vpcd goes away (pcscd restart): the card dials again.
	c.Close()
	c2 := f.accept()
	defer c2.Close()
	send(t, c2, []byte{vpcdATR})
	if got := recv(t, c2); !bytes.Equal(got, ProfileATR()) {
		t.Fatalf("after redial, ATR % X", got)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("ServeVPCD = %v", err)
	}
}

func TestServeVPCDWaitsForVPCD(t *testing.T) {
	// Take a free port, then free it: nothing listens there yet.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	card := newTestCard(t, VariantGood, 0)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- ServeVPCD(ctx, addr, card) }()
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("port %s taken meanwhile: %v", addr, err)
	}
	defer ln.Close()
	f := &fakeVPCD{t: t, ln: ln}
	c := f.accept()
	send(t, c, []byte{vpcdATR})
	if got := recv(t, c); !bytes.Equal(got, ProfileATR()) {
		t.Fatalf("ATR % X", got)
	}
	c.Close()
	cancel()
	if err := <-served; err != nil {
		t.Errorf("ServeVPCD = %v", err)
	}
}
