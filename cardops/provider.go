package cardops

import "context"

// Provider is a source of readers and cards: real PC/SC ([NewPCSC]) or the
// in-process [VirtualReader]. The card test and the console are written
// against it only.
type Provider interface {
	// Readers lists the attached readers and what is in them.
	Readers() ([]ReaderStatus, error)
	// Connect opens the card in the named reader for exclusive use.
	Connect(reader string) (Card, error)
	// Watch reports readers and cards coming and going until ctx is done,
	// then closes the channel. It starts with what is already there: one
	// EventReaderAttached per reader and one EventCardInserted per card.
	Watch(ctx context.Context) (<-chan Event, error)
}

// Card is one connected card. Its methods are the raw operations and may
// block: a mute card blocks Transmit (and, on PC/SC, Close) until it is
// removed. Use a [Session], which puts a deadline on every call, rather
// than calling Transmit directly.
type Card interface {
	// Reader is the name of the reader the card is in.
	Reader() string
	// ATR is the card's answer to reset.
	ATR() []byte
	// Transmit sends one command APDU and returns the response APDU,
	// data and status word.
	Transmit(cmd []byte) ([]byte, error)
	// Close releases the card and leaves it powered.
	Close() error
}

// ReaderStatus is one reader as listed by [Provider.Readers].
type ReaderStatus struct {
	Name        string `json:"name"`
	CardPresent bool   `json:"card_present"`
	// ATR of the card, when present and it answered.
	ATR HexBytes `json:"atr,omitempty"`
	// Mute: a card is present but gave no ATR.
	Mute bool `json:"mute,omitempty"`
	// InUse: another connection holds the card exclusively.
	InUse bool `json:"in_use,omitempty"`
}
