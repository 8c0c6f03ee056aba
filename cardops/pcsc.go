//go:build cgo && !nopcsc

package cardops

import (
	"context"
	"errors"
	"time"

	"github.com/ebfe/scard"
)

// PCSCBuiltIn reports whether this binary has real reader support.
const PCSCBuiltIn = true

// removalGrace is how long a failed transmit waits to learn whether the
// card was pulled: pcscd notices a removal within ~0.5 s.
const removalGrace = 800 * time.Millisecond

// NewPCSC returns the real reader system: pcscd through
// github.com/ebfe/scard. It does not need pcscd to be running yet;
// operations report KindPCSCDown until it is, and Watch picks it up when
// it starts.
func NewPCSC() (Provider, error) { return pcscProvider{}, nil }

// pcscProvider has no state of its own. Each connected card gets its own
// PC/SC context: pcsc-lite holds a context's lock for the whole of a
// transmit, so a mute card would otherwise freeze every later call made
// through that context. Reader state comes from the process-wide watcher
// (hub), the one place that calls SCardGetStatusChange.
type pcscProvider struct{}

func (pcscProvider) Readers() ([]ReaderStatus, error) { return hub.readers() }

func (pcscProvider) Watch(ctx context.Context) (<-chan Event, error) { return hub.watch(ctx) }

func (pcscProvider) Connect(reader string) (Card, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return nil, pcscError("connect", err, KindIO)
	}
	card, err := ctx.Connect(reader, scard.ShareExclusive, scard.ProtocolAny)
	if err != nil {
		ctx.Release()
		return nil, pcscError("connect", err, KindNoCard)
	}
	st, err := card.Status()
	if err != nil {
		card.Disconnect(scard.LeaveCard)
		ctx.Release()
		return nil, pcscError("connect", err, KindNoCard)
	}
	return &pcscCard{ctx: ctx, card: card, reader: reader, atr: st.Atr}, nil
}

type pcscCard struct {
	ctx    *scard.Context
	card   *scard.Card
	reader string
	atr    []byte
}

func (c *pcscCard) Reader() string { return c.reader }
func (c *pcscCard) ATR() []byte    { return append([]byte(nil), c.atr...) }

func (c *pcscCard) Transmit(cmd []byte) ([]byte, error) {
	resp, err := c.card.Transmit(cmd)
	if err == nil && len(resp) >= 2 {
		return resp, nil
	}
	// A card pulled mid-command shows as a plain communication error
	// (USB readers) or as an empty response (vpcd); pcscd only sees the
	// card gone a moment later. Ask the watcher before blaming the card.
	if err == nil {
		if hub.waitRemoved(c.reader, removalGrace) {
			return nil, newError(KindRemoved, "transmit", "the card was removed")
		}
		return resp, nil // the Session refuses it: no status word
	}
	e := pcscError("transmit", err, KindRemoved)
	if e.Kind == KindIO && hub.waitRemoved(c.reader, removalGrace) {
		e.Kind = KindRemoved
	}
	return nil, e
}

func (c *pcscCard) Close() error {
	err := c.card.Disconnect(scard.LeaveCard)
	c.ctx.Release()
	if err != nil {
		var se scard.Error
		if errors.As(err, &se) && (se == scard.ErrRemovedCard || se == scard.ErrResetCard) {
			return nil // gone is as closed as it gets
		}
		return pcscError("close", err, KindIO)
	}
	return nil
}

// pcscError classifies a PC/SC error. noCard is the kind for "card not
// there": KindNoCard when connecting, KindRemoved once connected.
func pcscError(op string, err error, noCard ErrorKind) *Error {
	var se scard.Error
	if !errors.As(err, &se) {
		return &Error{Kind: KindIO, Op: op, Err: err}
	}
	kind := KindIO
	switch se {
	case scard.ErrNoService, scard.ErrServiceStopped, scard.ErrCommError:
		// pcsc-lite's client says "RPC transport error" (COMM_ERROR)
		// when the socket to pcscd breaks, e.g. pcscd stopped.
		kind = KindPCSCDown
	case scard.ErrNoReadersAvailable, scard.ErrUnknownReader, scard.ErrReaderUnavailable:
		kind = KindNoReader
	case scard.ErrSharingViolation:
		kind = KindReaderBusy
	case scard.ErrNoSmartcard, scard.ErrRemovedCard, scard.ErrResetCard, scard.ErrUnpoweredCard:
		kind = noCard
	case scard.ErrUnresponsiveCard, scard.ErrTimeout:
		kind = KindMute
	case scard.ErrUnsupportedCard, scard.ErrInvalidAtr, scard.ErrProtoMismatch:
		kind = KindBadATR
	}
	return &Error{Kind: kind, Op: op, Err: err}
}
