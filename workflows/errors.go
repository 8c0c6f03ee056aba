package workflows

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Error codes: what a program (or a test) compares. People read the
// catalog message of the Key instead.
const (
	ECONFLICT  = "conflict"  // stale version, or the thing is already in hand elsewhere
	EINVALID   = "invalid"   // the request itself is wrong: a field's format, a missing reason
	ENOTFOUND  = "not_found" // no such member, card, case or batch
	ESTATE     = "state"     // the step is not allowed in the current state
	EIDENTITY  = "identity"  // the step needs a passed identity check first
	EFORBIDDEN = "forbidden" // this operator may not do it (same approver as requester)
	EIO        = "io"        // the spool folder or another file could not be written
	// EOFFLINE: the database could not be reached; nothing was saved, and
	// the same step may be tried again once it answers.
	EOFFLINE = "offline"
	// EUNSETTLED: the connection was lost while the step was being saved,
	// and whether it was is not known yet: the record is read again
	// before the step is repeated, so nothing is done twice.
	EUNSETTLED = "unsettled"
	EINTERNAL  = "internal" // anything else: a bug or a broken database
)

// Error is a refusal or failure of a workflow. Code is for programs, Key
// and Args select and fill a catalog message, Err keeps the cause for logs.
type Error struct {
	Code string
	Key  string
	Args map[string]string
	Err  error
	// Ref names an internal error's line in the log (see report): the
	// message on screen shows it, so the administrator finds the cause.
	Ref string

	logged bool // report has written it to the log
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(Message(e, "en"))
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// refuse builds an Error; args come in name, value pairs.
func refuse(code, key string, args ...string) *Error {
	e := &Error{Code: code, Key: key, Args: map[string]string{}}
	for i := 0; i+1 < len(args); i += 2 {
		e.Args[args[i]] = args[i+1]
	}
	return e
}

// ErrorCode returns the code of err: EINTERNAL for errors that are not an
// *Error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// wrapStore turns store errors into workflow errors: a stale version is
// the one a user can act on ("reload"); a missing row is ENOTFOUND;
// anything else is EINTERNAL with its cause, which the service logs under
// a ref on its way out (s.write does, and s.wrapStore outside one).
func wrapStore(err error, what string) error {
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case errors.Is(err, store.ErrStale):
		return &Error{Code: ECONFLICT, Key: "stale", Args: map[string]string{"what": what}, Err: err}
	case errors.Is(err, store.ErrNotFound):
		return &Error{Code: ENOTFOUND, Key: "not_found", Args: map[string]string{"what": what}, Err: err}
	case errors.Is(err, store.ErrCommitUnknown):
		// Before the lost connection: the store settles a lost commit by
		// its write key and reaches here only while the server stays away.
		return &Error{Code: EUNSETTLED, Key: "db.unsettled", Err: fmt.Errorf("%s: %w", what, err)}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: EBUSY, Key: "busy", Err: fmt.Errorf("%s: %w", what, err)} // signin.go
	case store.ConnectionLost(err):
		// Lost before the commit was sent (and still lost after the
		// store's reconnects): rolled back by the server, nothing saved.
		return &Error{Code: EOFFLINE, Key: "db.offline", Err: fmt.Errorf("%s: %w", what, err)}
	case errors.Is(err, store.ErrDemoOnly):
		return &Error{Code: EFORBIDDEN, Key: "demo.only", Err: err}
	case errors.Is(err, store.ErrCorrupt):
		return &Error{Code: EINTERNAL, Key: "store.corrupt", Err: err}
	default:
		return &Error{Code: EINTERNAL, Key: "internal", Err: fmt.Errorf("%s: %w", what, err)}
	}
}

func init() {
	Messages.Add(msg.Set{
		"db.unsettled": {"保存の途中でデータベースとの接続が切れたため、保存できたかどうかがまだ分かりません。同じ操作をもう一度行う前に、記録を読み込み直して結果を確かめてください",
			"the connection to the database broke while this was being saved, so it is not known yet whether it was: reload the record and look before doing it again"},
		"db.offline": {"データベースに接続できないため、保存していません。データベースにつながるようになってから、もう一度行ってください",
			"not saved: the database cannot be reached. Do it again once the database answers"},
		"db.offline.read": {"データベースに接続できないため、読み込めませんでした。接続が戻ってからもう一度読み込んでください",
			"could not read: the database cannot be reached. Read again once it is back"},
	})
}

// ConnectionLost reports whether err is a read or step that failed
// because the database could not be reached (EOFFLINE, EUNSETTLED, or a
// read's error as the store returned it): Message says so in words.
func ConnectionLost(err error) bool {
	c := ErrorCode(err)
	return c == EOFFLINE || c == EUNSETTLED || store.ConnectionLost(err)
}

func stale(what string) *Error { return refuse(ECONFLICT, "stale", "what", what) }

// listActions renders the allowed next steps for a message.
func listActions(as []Action) string {
	if len(as) == 0 {
		return "-"
	}
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}
