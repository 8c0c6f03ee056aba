package cardops

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"
)

// scriptCard answers commands from a script; a nil answer blocks until
// release is closed, like a mute card.
type scriptCard struct {
	mu      sync.Mutex
	script  []scriptStep
	sent    [][]byte
	release chan struct{}
	closed  bool
}

type scriptStep struct {
	want   string // expected command, hex; "" accepts any
	answer []byte // nil: never answers
}

func (c *scriptCard) Reader() string { return "script" }
func (c *scriptCard) ATR() []byte    { return ProfileATR() }

func (c *scriptCard) Transmit(cmd []byte) ([]byte, error) {
	c.mu.Lock()
	c.sent = append(c.sent, append([]byte(nil), cmd...))
	if len(c.script) == 0 {
		c.mu.Unlock()
		return []byte{0x6D, 0x00}, nil
	}
	st := c.script[0]
	c.script = c.script[1:]
	c.mu.Unlock()
	if st.answer == nil {
		<-c.release
		return nil, newError(KindRemoved, "transmit", "removed")
	}
	return st.answer, nil
}

func (c *scriptCard) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

func (c *scriptCard) sentHex() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, s := range c.sent {
		out = append(out, HexBytes(s).Spaced())
	}
	return out
}

func TestExchangeGetResponse(t *testing.T) {
	c := &scriptCard{script: []scriptStep{
		{answer: []byte{0xAA, 0x61, 0x02}},
		{answer: []byte{0xBB, 0xCC, 0x61, 0x01}},
		{answer: []byte{0xDD, 0x90, 0x00}},
	}}
	s := NewSession(c, time.Second)
	resp, err := s.Exchange(context.Background(), cmdReadData)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.OK() || !bytes.Equal(resp.Data, []byte{0xAA, 0xBB, 0xCC, 0xDD}) {
		t.Fatalf("resp = %+v", resp)
	}
	want := []string{"00 B0 00 00 00", "00 C0 00 00 02", "00 C0 00 00 01"}
	if got := c.sentHex(); len(got) != 3 || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("sent %q, want %q", got, want)
	}
}

func TestExchangeWrongLe(t *testing.T) {
	c := &scriptCard{script: []scriptStep{
		{answer: []byte{0x6C, 0x10}},
		{answer: append(bytes.Repeat([]byte{7}, 16), 0x90, 0x00)},
	}}
	s := NewSession(c, time.Second)
	resp, err := s.Exchange(context.Background(), Command{INS: 0x88, Data: make([]byte, 16), Ne: 8})
	if err != nil || !resp.OK() || len(resp.Data) != 16 {
		t.Fatalf("resp = %+v, %v", resp, err)
	}
	if got := c.sentHex(); len(got) != 2 || got[1][len(got[1])-2:] != "10" {
		t.Errorf("resend should carry Le 10: %q", got)
	}
}

func TestExchangeEndlessMoreData(t *testing.T) {
	var script []scriptStep
	for i := 0; i < 40; i++ {
		script = append(script, scriptStep{answer: []byte{0x00, 0x61, 0x01}})
	}
	s := NewSession(&scriptCard{script: script}, time.Second)
	if _, err := s.Exchange(context.Background(), cmdReadData); KindOf(err) != KindIO {
		t.Errorf("endless 61xx: err = %v, want an io error", err)
	}
}

func TestTransmitNoStatusWord(t *testing.T) {
	s := NewSession(&scriptCard{script: []scriptStep{{answer: []byte{0x90}}}}, time.Second)
	if _, err := s.Exchange(context.Background(), cmdTriesLeft); KindOf(err) != KindIO {
		t.Errorf("1-byte response: err = %v, want io", err)
	}
}

func TestTransmitDeadline(t *testing.T) {
	c := &scriptCard{script: []scriptStep{{answer: nil}}, release: make(chan struct{})}
	s := NewSession(c, 50*time.Millisecond)
	start := time.Now()
	_, err := s.Exchange(context.Background(), cmdSelectApp)
	if KindOf(err) != KindMute {
		t.Fatalf("err = %v, want mute", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %v", d)
	}
	// The card is still stuck: nothing more may be sent to it.
	if _, err := s.Exchange(context.Background(), cmdTriesLeft); KindOf(err) != KindMute {
		t.Errorf("second call: err = %v, want the same mute error", err)
	}
	if n := len(c.sentHex()); n != 1 {
		t.Errorf("%d commands reached a stuck card", n)
	}
	// Close must not wait for the stuck call.
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Close blocked on a stuck card")
	}
	close(c.release) // "removed": the stuck goroutine finishes and closes
}

func TestTransmitContextCancel(t *testing.T) {
	c := &scriptCard{script: []scriptStep{{answer: nil}}, release: make(chan struct{})}
	defer close(c.release)
	s := NewSession(c, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := s.Transmit(ctx, []byte{0, 0xA4, 4, 0}); err == nil || KindOf(err) != KindIO {
		t.Errorf("err = %v, want io on cancel", err)
	}
}
