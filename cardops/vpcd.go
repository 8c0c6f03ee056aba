package cardops

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// DefaultVPCDAddr is where pcscd's vpcd driver listens for the first
// virtual reader, "Virtual PCD 00 00"; the second (00 01) is on 35964.
const DefaultVPCDAddr = "127.0.0.1:35963"

// vpcd control codes: a one-byte payload.
const (
	vpcdPowerOff = 0
	vpcdPowerOn  = 1
	vpcdReset    = 2
	vpcdATR      = 4
)

// Redial back-off while vpcd is not listening (pcscd not started yet, or
// restarting).
const (
	vpcdRedialMin = 50 * time.Millisecond
	vpcdRedialMax = time.Second
)

// ServeVPCD plugs card into pcscd through the vsmartcard vpcd driver: it
// dials addr (DefaultVPCDAddr if empty) and answers vpcd's frames until ctx
// is done, which is the card's removal. Frames are a 2-byte big-endian
// length and a payload; a 1-byte payload is a control code (0 power off,
// 1 power on, 2 reset: no reply; 4: reply with the ATR), a longer one a
// command APDU answered with the response APDU. If vpcd is not there or
// drops the connection (pcscd restarted), ServeVPCD dials again. It returns
// nil once ctx is done.
func ServeVPCD(ctx context.Context, addr string, card *VirtualCard) error {
	if addr == "" {
		addr = DefaultVPCDAddr
	}
	var d net.Dialer
	wait := vpcdRedialMin
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			wait = vpcdRedialMin
			err = serveVPCDConn(ctx, conn, card)
		}
		if ctx.Err() != nil {
			return nil
		}
		var perm *net.AddrError
		if errors.As(err, &perm) {
			return fmt.Errorf("vpcd %s: %w", addr, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, vpcdRedialMax)
	}
}

// serveVPCDConn answers one vpcd connection until it fails or ctx is done.
func serveVPCDConn(ctx context.Context, conn net.Conn, card *VirtualCard) error {
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()
	tcp, _ := conn.(*net.TCPConn)
	var hdr [2]byte
	buf := make([]byte, 0xFFFF)
	for {
		// vpcd writes a frame's length and payload in two sends; without
		// an immediate ACK its Nagle waits out our delayed ACK, ~40 ms a
		// frame. The kernel clears quick-ack mode by itself, so it is set
		// before every read.
		setQuickAck(tcp)
		if _, err := io.ReadFull(conn, hdr[:]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint16(hdr[:]))
		setQuickAck(tcp)
		if _, err := io.ReadFull(conn, buf[:n]); err != nil {
			return err
		}
		var reply []byte
		switch {
		case n == 1:
			switch buf[0] {
			case vpcdPowerOff, vpcdPowerOn, vpcdReset:
				card.Reset()
				continue
			case vpcdATR:
				reply = card.ATR()
			default:
				continue // unknown control code: vpcd expects no reply
			}
		default:
			resp, answered := card.Process(buf[:n])
			if !answered {
				// Mute: never answer. vpcd, and pcscd with it, wait
				// until the card is pulled (ctx done closes conn) or
				// vpcd goes away (EOF); vpcd sends nothing meanwhile.
				io.Copy(io.Discard, conn)
				return errors.New("vpcd: connection ended while the card was mute")
			}
			reply = resp
		}
		if ctx.Err() != nil {
			// Pulled out while working: the answer never leaves.
			return ctx.Err()
		}
		// One write per frame, so it goes out as one segment.
		frame := make([]byte, 2+len(reply))
		binary.BigEndian.PutUint16(frame, uint16(len(reply)))
		copy(frame[2:], reply)
		if _, err := conn.Write(frame); err != nil {
			return err
		}
	}
}
