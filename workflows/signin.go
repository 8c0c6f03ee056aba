package workflows

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"spdesk/store"
)

// MaxSignInLockout caps how far ahead a lock may stand: tries during a
// lock push its end out, but never more than this from the last try, so
// a guesser who stops lets the owner in within a day at most.
const MaxSignInLockout = 24 * time.Hour

// EBUSY is the code of a deadline that ran out: the machine was too busy
// to answer in time, and nothing was changed. The key is "busy".
const EBUSY = "busy"

// dbDeadline is the caller's deadline as a budget for database work
// alone. argon2 takes a tenth of a second on an idle desk PC and seconds
// on a loaded one, and must not eat the time the database reads and
// writes are given: each database phase gets the whole budget the
// caller's context had left when the workflow began, and the argon2 work
// between phases runs under none. The caller's cancellation (the console
// quitting) still stops every phase.
type dbDeadline struct {
	parent context.Context
	budget time.Duration
	has    bool
}

func splitDeadline(ctx context.Context) dbDeadline {
	d := dbDeadline{parent: ctx}
	if end, ok := ctx.Deadline(); ok {
		d.budget, d.has = time.Until(end), true
	}
	return d
}

// run runs one database phase under a fresh budget; a deadline that runs
// out comes back as EBUSY "busy", any other store error as it was.
func (d dbDeadline) run(fn func(ctx context.Context) error) error {
	ctx, cancel := d.parent, context.CancelFunc(func() {})
	if d.has && d.budget > 0 {
		var stop func() bool
		ctx, cancel = context.WithTimeout(context.WithoutCancel(d.parent), d.budget)
		stop = context.AfterFunc(d.parent, func() {
			if errors.Is(d.parent.Err(), context.Canceled) {
				cancel()
			}
		})
		defer stop()
	}
	defer cancel()
	err := fn(ctx)
	// A refusal stays a refusal; a store error (raw, or already wrapped
	// as internal) that met the deadline is the machine being busy.
	if err != nil && (ErrorCode(err) == EINTERNAL) &&
		(errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)) {
		return &Error{Code: EBUSY, Key: "busy", Err: err}
	}
	return err
}

// argon2 runs the password work f outside any deadline.
func (s *Service) argon2(f func()) {
	if s.beforeArgon2 != nil {
		s.beforeArgon2()
	}
	f()
}

// decoyHash is verified against when the login names no account, so an
// unknown login costs the same argon2 work as a wrong password: one key
// derivation at p. It is built, not hashed: hashing a decoy would cost a
// second derivation on the first unknown login of every process (each
// CLI command), which told an unknown login from a known one by time.
// Its key is all zeros, which no password derives to in practice.
func decoyHash(p PasswordParams) string {
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString([]byte("spdesk-decoy-slt")), enc.EncodeToString(make([]byte, 32)))
}

// SignIn checks login and password and returns the account. Every refusal
// is the same EFORBIDDEN "signin.wrong", whatever the reason (unknown
// login, wrong password, locked or disabled account) and whatever the
// password: see the top of accounts.go. The unlock screen of an idle
// console calls it too: a wrong password there counts like any other.
// ctx's deadline bounds the database reads and writes, not the argon2
// check (see dbDeadline); when it runs out the refusal is EBUSY "busy".
func (s *Service) SignIn(ctx context.Context, login, password string) (store.Operator, error) {
	refused := refuse(EFORBIDDEN, "signin.wrong")
	login = strings.TrimSpace(login)
	dl := splitDeadline(ctx)
	var o store.Operator
	err := dl.run(func(ctx context.Context) (err error) {
		o, err = s.st.OperatorByLogin(ctx, login)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && login == "") {
		s.argon2(func() { VerifyPassword(decoyHash(s.pwParams), password) })
		return store.Operator{}, refused
	}
	if err != nil {
		return store.Operator{}, s.wrapStore(err, "operator")
	}
	// Verified on every path, locked and disabled too: the same work, so
	// the time taken tells nothing either.
	var right bool
	s.argon2(func() { right = VerifyPassword(o.PasswordHash, password) })
	now := s.clock.Now()
	if s.st.ReadOnly() {
		// A read-only console writes nothing (its header says sign-ins
		// are not recorded): right or wrong, the attempt is neither
		// counted nor audited, and a locked or disabled account is refused
		// as anywhere. Guessing gains nothing there: whoever can read the
		// file can read the hashes too.
		if !right || o.Disabled || now.Before(o.LockedUntil) {
			return store.Operator{}, refused
		}
		return o, nil
	}
	granted := false
	err = s.wrapStore(dl.run(func(ctx context.Context) error {
		return s.st.Write(ctx, now, func(tx *store.Tx) error {
			granted = false
			cur, err := tx.OperatorByLogin(o.Login) // a parallel attempt may have counted meanwhile
			if err != nil {
				return err
			}
			ev := store.AuditEvent{Operator: cur.Login}
			switch {
			case cur.Disabled:
				// Not counted (nobody can sign in to it anyway), but on record.
				ev.Action, ev.After = "operator.sign_in_refused", `{"reason":"disabled"}`
				return tx.AppendAudit(&ev)
			case now.Before(cur.LockedUntil):
				// Right or wrong, a try during a lock extends it.
				cur.LockedUntil = s.extendLock(cur.LockedUntil, now)
				ev.Action = "operator.sign_in_locked"
				ev.After = jsonObject(map[string]any{"reason": "locked",
					"locked_until": cur.LockedUntil.UTC().Format(time.RFC3339)})
			case right:
				granted = true
				ev.Action = "operator.sign_in"
				if cur.Failed == 0 && cur.LockedUntil.IsZero() {
					o = cur
					return tx.AppendAudit(&ev)
				}
				cur.Failed, cur.LockedUntil = 0, time.Time{}
			default:
				cur.Failed++
				ev.Action = "operator.sign_in_failed"
				ev.After = jsonObject(map[string]any{"failed": cur.Failed})
				if cur.Failed >= s.SignInAttempts() {
					cur.Failed, cur.LockedUntil = 0, now.Add(s.SignInLockout())
					ev.Action = "operator.locked"
					ev.After = jsonObject(map[string]any{"locked_until": cur.LockedUntil.UTC().Format(time.RFC3339)})
				}
			}
			if err := tx.UpdateOperator(&cur); err != nil {
				return err
			}
			o = cur
			return tx.AppendAudit(&ev)
		})
	}), "operator")
	if err != nil {
		return store.Operator{}, err
	}
	if !granted {
		return store.Operator{}, refused
	}
	return o, nil
}

// extendLock is a lock's new end after a try at now: one more lockout
// period, at most MaxSignInLockout after now.
func (s *Service) extendLock(until, now time.Time) time.Time {
	next := until.Add(s.SignInLockout())
	if limit := now.Add(MaxSignInLockout); next.After(limit) {
		return limit
	}
	return next
}

// ActiveOperator reads login's account for a console that is signed in
// as it: EFORBIDDEN "account.disabled" once a supervisor disabled it, so
// the console can lock before the operator types a whole form for nothing.
func (s *Service) ActiveOperator(ctx context.Context, login string) (store.Operator, error) {
	o, err := s.st.OperatorByLogin(ctx, login)
	if err != nil {
		return o, s.wrapStore(err, "operator")
	}
	if o.Disabled {
		return o, refuse(EFORBIDDEN, "account.disabled", "operator", o.Login)
	}
	return o, nil
}
