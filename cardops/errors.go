package cardops

import (
	"context"
	"errors"
	"fmt"
)

// ErrPCSCNotBuilt is returned by [NewPCSC] in a binary built without PC/SC
// support (the nopcsc tag, or no cgo). The console shows it as is.
var ErrPCSCNotBuilt = errors.New("the real reader support is not built in")

// ErrorKind names what went wrong with a reader or card in terms an operator
// can act on. Its string form is stable: it appears in JSON and in message
// keys.
type ErrorKind string

// The error kinds. The comment says when each is used.
const (
	KindNone       ErrorKind = ""
	KindNotBuilt   ErrorKind = "pcsc_not_built" // binary built without PC/SC
	KindPCSCDown   ErrorKind = "pcscd_down"     // pcscd is not running or went away
	KindNoReader   ErrorKind = "no_reader"      // no reader attached, or the named one is gone
	KindReaderBusy ErrorKind = "reader_busy"    // another program holds the card (sharing violation)
	KindNoCard     ErrorKind = "no_card"        // the reader is empty
	KindRemoved    ErrorKind = "card_removed"   // the card went away during the test
	KindMute       ErrorKind = "mute"           // the card did not answer within the deadline
	KindBadATR     ErrorKind = "bad_atr"        // the ATR is malformed or its TCK is wrong
	KindForeign    ErrorKind = "foreign"        // not a Safety Pass card
	KindWrongAID   ErrorKind = "wrong_aid"      // Safety Pass ATR, but the application is missing
	KindCorrupt    ErrorKind = "corrupt"        // the card data is malformed or inconsistent
	KindBadMAC     ErrorKind = "bad_mac"        // the card failed the genuineness check
	KindBlocked    ErrorKind = "blocked"        // the password is blocked (10 wrong entries)
	KindTriesLeft  ErrorKind = "tries_left"     // some password tries used, not yet blocked
	KindExpired    ErrorKind = "expired"        // past the expiry date written on the card
	KindIO         ErrorKind = "io"             // any other reader or card failure
)

// MessageKey is the stable catalog key for the kind, e.g. "card.err.mute".
// [Advice] has ja and en text for every key.
func (k ErrorKind) MessageKey() string {
	if k == KindNone {
		return ""
	}
	return "card.err." + string(k)
}

// Error is a reader or card failure with its kind. Op names the operation
// ("connect", "transmit", "list readers"...).
type Error struct {
	Kind ErrorKind
	Op   string
	Err  error

	// stuck: the operation was given up on while still running in the
	// driver (see callWithDeadline).
	stuck bool
}

func (e *Error) Error() string {
	msg := string(e.Kind)
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return "cardops: " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// newError builds an *Error; a printf-style detail becomes the wrapped error.
func newError(kind ErrorKind, op string, format string, args ...any) *Error {
	var err error
	if format != "" {
		err = fmt.Errorf(format, args...)
	}
	return &Error{Kind: kind, Op: op, Err: err}
}

// KindOf returns the kind of err: the Kind of the first *Error in its chain,
// KindNotBuilt for ErrPCSCNotBuilt, KindMute for a passed deadline, KindIO
// for anything else, and KindNone for nil.
func KindOf(err error) ErrorKind {
	if err == nil {
		return KindNone
	}
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Kind
	case errors.Is(err, ErrPCSCNotBuilt):
		return KindNotBuilt
	case errors.Is(err, context.DeadlineExceeded):
		return KindMute
	default:
		return KindIO
	}
}
