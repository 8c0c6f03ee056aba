package cardops

import (
	"context"
	"sync"
	"time"
)

// DefaultTimeout bounds one transmit (and connect, and close). Profile
// commands take milliseconds; a card silent this long is mute.
const DefaultTimeout = 2 * time.Second

// maxGetResponse bounds the 61xx chain: a card that keeps saying "more
// data" is broken, not generous.
const maxGetResponse = 16

// Session is a connected card with the transmit discipline every caller
// needs:
//
//   - every call has a deadline. A mute card blocks SCardTransmit forever
//     (neither pcscd nor vpcd times out, SCardCancel does not help), so the
//     call runs in a goroutine and is given up on. The card is then unusable
//     until it is removed: later calls fail at once with the same error, and
//     Close leaves the stuck handle to a goroutine that finishes when the
//     card goes away;
//   - 61xx is followed by GET RESPONSE, 6Cxx by a resend with the right Le;
//   - a response without a status word is an error.
//
// A Session is safe for concurrent use; calls are serialised.
type Session struct {
	card    Card
	timeout time.Duration

	mu     sync.Mutex
	broken error // set once a call was given up on
	closed bool
}

// NewSession wraps card; timeout ≤ 0 means DefaultTimeout.
func NewSession(card Card, timeout time.Duration) *Session {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Session{card: card, timeout: timeout}
}

// Card is the wrapped card.
func (s *Session) Card() Card { return s.card }

// Transmit sends one raw command APDU under the deadline and returns the
// parsed response, without 61xx/6Cxx handling.
func (s *Session) Transmit(ctx context.Context, cmd []byte) (Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.transmitLocked(ctx, cmd)
}

func (s *Session) transmitLocked(ctx context.Context, cmd []byte) (Response, error) {
	if s.closed {
		return Response{}, newError(KindIO, "transmit", "session closed")
	}
	if s.broken != nil {
		return Response{}, s.broken
	}
	reader := s.card.Reader()
	raw, err := callWithDeadline(ctx, "transmit", s.timeout,
		func() ([]byte, error) { return s.card.Transmit(cmd) },
		func([]byte, error) { stuckReaders.add(reader, -1) })
	if err != nil {
		if isGiveUp(err) {
			stuckReaders.add(reader, +1)
			s.broken = err
		}
		return Response{}, err
	}
	return ParseResponse(raw)
}

// Exchange sends cmd and follows the card's 61xx and 6Cxx answers, so the
// result is the final data and status word.
func (s *Session) Exchange(ctx context.Context, cmd Command) (Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, err := cmd.Bytes()
	if err != nil {
		return Response{}, newError(KindIO, "transmit", "%v", err)
	}
	resp, err := s.transmitLocked(ctx, raw)
	if err != nil {
		return Response{}, err
	}
	if resp.SW1() == swWrongLeFamily {
		// The card names the right Le; send the same command once more
		// with it. A second 6Cxx is returned to the caller as is.
		cmd.Ne = neOf(resp.SW2())
		if raw, err = cmd.Bytes(); err != nil {
			return Response{}, newError(KindIO, "transmit", "%v", err)
		}
		if resp, err = s.transmitLocked(ctx, raw); err != nil {
			return Response{}, err
		}
	}
	data := resp.Data
	for i := 0; resp.SW1() == swMoreDataFamily; i++ {
		if i == maxGetResponse {
			return Response{}, newError(KindIO, "get response", "card still has data after %d GET RESPONSEs", i)
		}
		get := Command{CLA: cmd.CLA & 0x03, INS: insGetResponse, Ne: neOf(resp.SW2())}
		raw, _ := get.Bytes() // cannot fail: no data, Ne ≤ 256
		if resp, err = s.transmitLocked(ctx, raw); err != nil {
			return Response{}, err
		}
		data = append(data[:len(data):len(data)], resp.Data...)
	}
	resp.Data = data
	return resp, nil
}

// Close releases the card. If a call was given up on, the handle is still
// stuck in the driver; Close hands it to a goroutine that releases it once
// the card is removed, and returns at once.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.broken != nil {
		go s.card.Close()
		return nil
	}
	_, err := callWithDeadline(context.Background(), "close", s.timeout, func() (struct{}, error) {
		return struct{}{}, s.card.Close()
	}, nil)
	return err
}

// stuckReaders counts, per reader, calls given up on that are still
// running in the driver. A reader with one is not "in use by another
// program", which is what the driver says when asked to connect: its card
// is mute and must be removed. Counts may dip below zero for a moment (the
// release can run before the hold); only their sum matters.
var stuckReaders = stuckCounter{n: map[string]int{}}

type stuckCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *stuckCounter) add(reader string, d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n[reader] += d; s.n[reader] == 0 {
		delete(s.n, reader)
	}
}

func (s *stuckCounter) stuck(reader string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[reader] > 0
}

// isGiveUp reports an error after which the call is still running in
// the driver, so the card handle must not be used again.
func isGiveUp(err error) bool {
	e, ok := err.(*Error)
	return ok && e.stuck
}

// callWithDeadline runs f in a goroutine and waits for it at most timeout,
// or until ctx is done. If it gives up, the call keeps running; cleanup (if
// not nil) receives its result when it finally returns, so a late Connect
// can still be closed. The error is then an *Error of kind KindMute
// (deadline) or KindIO (ctx done), marked as stuck.
func callWithDeadline[T any](ctx context.Context, op string, timeout time.Duration, f func() (T, error), cleanup func(T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var zero T
	var why *Error
	select {
	case r := <-done:
		return r.v, r.err
	case <-timer.C:
		why = newError(KindMute, op, "no answer within %v", timeout)
	case <-ctx.Done():
		why = &Error{Kind: KindIO, Op: op, Err: ctx.Err()}
	}
	why.stuck = true
	if cleanup != nil {
		go func() {
			r := <-done
			cleanup(r.v, r.err)
		}()
	}
	return zero, why
}
