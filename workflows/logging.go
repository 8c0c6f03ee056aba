package workflows

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"runtime"
	"strings"
	"unicode"
)

// The log is for the administrator: an internal error shows the operator
// only a short ref; the log line with that ref says what failed, where
// and why. One line per event (slog's text form): time, level, msg, ref,
// op (the workflow), operator, cause.
//
// Nothing secret is logged on purpose: causes are store and file errors,
// refusals carry only their catalog arguments (which the operator sees
// anyway). The handler masks what slips through all the same: see
// NewLogHandler.

// WithLogger sets where the service logs internal errors (at Error) and
// refusals (at Debug). The default logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(s *Service) {
		if l != nil {
			s.log = l
		}
	}
}

// Logger is the service's logger, for the front end's own events.
func (s *Service) Logger() *slog.Logger { return s.log }

var discardLogger = slog.New(slog.DiscardHandler)

// NewLogHandler is the handler spdesk's log is written with: slog's text
// lines at level and above, with Redact applied to every attribute.
func NewLogHandler(w io.Writer, level slog.Leveler) slog.Handler {
	return slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: Redact})
}

// cardLike is a run of 16 or more digits, possibly grouped by single
// spaces or hyphens: a card number, or near enough to one to hide.
var cardLike = regexp.MustCompile(`\d(?:[ -]?\d){15,}`)

// Redact is a slog ReplaceAttr that masks, in case one ever reaches a log
// line: the value of any attribute whose name says password, answer or
// secret, and every card-number-like digit run in any text (the message,
// strings, errors and other values written as text).
func Redact(_ []string, a slog.Attr) slog.Attr {
	a.Value = a.Value.Resolve()
	if secretKey(a.Key) {
		return slog.String(a.Key, "[redacted]")
	}
	var text string
	switch a.Value.Kind() {
	case slog.KindString:
		text = a.Value.String()
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			text = v.Error()
		case interface{ String() string }:
			text = v.String()
		case []byte:
			text = string(v)
		default:
			return a // numbers, times and the rest hold no text
		}
	default:
		return a
	}
	return slog.String(a.Key, maskCardLike(text))
}

func secretKey(k string) bool {
	k = strings.ToLower(k)
	return strings.Contains(k, "password") || strings.Contains(k, "answer") || strings.Contains(k, "secret")
}

// maskCardLike keeps the first and last four digits of a 16-digit run, as
// MaskCardNo does; longer runs keep nothing.
func maskCardLike(s string) string {
	return cardLike.ReplaceAllStringFunc(s, func(run string) string {
		digits := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, run)
		if len(digits) == 16 {
			return MaskCardNo(digits)
		}
		return "[" + strings.Repeat("x", len(digits)) + "]"
	})
}

// newRef is a short id for one internal error: six characters an operator
// can read out over the phone and an administrator can grep.
func newRef() string { return rand.Text()[:6] }

// report logs err once on its way out of the service: an internal error
// gets its ref and an Error line with its cause; a lost connection a Warn
// line with its cause; a refusal a Debug line.
// It returns err, so a caller can write return s.report(err).
func (s *Service) report(err error, attrs ...slog.Attr) error {
	var e *Error
	if err == nil || !errors.As(err, &e) || e.logged {
		return err
	}
	e.logged = true
	ctx := context.Background()
	if e.Code == EINTERNAL {
		if e.Ref == "" {
			e.Ref = newRef()
		}
		cause := "(none recorded)"
		if e.Err != nil {
			cause = e.Err.Error()
		}
		all := append([]slog.Attr{slog.String("ref", e.Ref), slog.String("op", operation())}, attrs...)
		all = append(all, slog.String("cause", cause))
		s.log.LogAttrs(ctx, slog.LevelError, "internal error", all...)
		return err
	}
	if (e.Code == EOFFLINE || e.Code == EUNSETTLED) && e.Err != nil {
		// The administrator's clue to a server that went away.
		all := append([]slog.Attr{slog.String("op", operation()), slog.String("code", e.Code)}, attrs...)
		s.log.LogAttrs(ctx, slog.LevelWarn, "database connection lost", append(all, slog.String("cause", e.Err.Error()))...)
		return err
	}
	if !s.log.Enabled(ctx, slog.LevelDebug) {
		return err
	}
	all := append([]slog.Attr{slog.String("op", operation())}, attrs...)
	all = append(all, slog.String("code", e.Code), slog.String("key", e.Key))
	for k, v := range e.Args {
		all = append(all, slog.String("arg."+k, v))
	}
	s.log.LogAttrs(ctx, slog.LevelDebug, "refused", all...)
	return err
}

// wrapStore is the free wrapStore, reported: for store calls outside
// s.write (which reports what it returns).
func (s *Service) wrapStore(err error, what string) error { return s.report(wrapStore(err, what)) }

// operation names the exported workflow the caller is in (OpenCase,
// Queues…), read from the stack: the log says which step failed without
// every call site naming itself.
func operation() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	const pkg = "spdesk/workflows."
	for {
		f, more := frames.Next()
		if name, ok := strings.CutPrefix(f.Function, pkg); ok {
			last := name[strings.LastIndexByte(name, '.')+1:]
			if last != "" && unicode.IsUpper(rune(last[0])) {
				return last
			}
		}
		if !more {
			return "?"
		}
	}
}
