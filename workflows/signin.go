package workflows

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"spdesk/store"
)

// MaxSignInLockout caps how far ahead a lock may stand: tries during a
// lock push its end out, but never more than this from the last try, so
// a guesser who stops lets the owner in within a day at most.
const MaxSignInLockout = 24 * time.Hour

// decoy is verified against when the login names no account, so an
// unknown login costs the same argon2 work as a wrong password.
var decoy struct {
	once sync.Once
	hash string
}

// SignIn checks login and password and returns the account. Every refusal
// is the same EFORBIDDEN "signin.wrong", whatever the reason (unknown
// login, wrong password, locked or disabled account) and whatever the
// password: see the top of accounts.go. The unlock screen of an idle
// console calls it too: a wrong password there counts like any other.
func (s *Service) SignIn(ctx context.Context, login, password string) (store.Operator, error) {
	refused := refuse(EFORBIDDEN, "signin.wrong")
	login = strings.TrimSpace(login)
	o, err := s.st.OperatorByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) || (err == nil && login == "") {
		decoy.once.Do(func() { decoy.hash, _ = HashPassword("decoy", s.pwParams, s.rand) })
		VerifyPassword(decoy.hash, password)
		return store.Operator{}, refused
	}
	if err != nil {
		return store.Operator{}, wrapStore(err, "operator")
	}
	// Verified on every path, locked and disabled too: the same work, so
	// the time taken tells nothing either.
	right := VerifyPassword(o.PasswordHash, password)
	now := s.clock.Now()
	granted := false
	err = wrapStore(s.st.Write(ctx, now, func(tx *store.Tx) error {
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
		return o, wrapStore(err, "operator")
	}
	if o.Disabled {
		return o, refuse(EFORBIDDEN, "account.disabled", "operator", o.Login)
	}
	return o, nil
}
