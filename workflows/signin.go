package workflows

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"spdesk/store"
)

// decoy is verified against when the login names no account, so an
// unknown login costs the same argon2 work as a wrong password.
var decoy struct {
	once sync.Once
	hash string
}

// SignIn checks login and password and returns the account. Every refusal
// for an unknown login or a wrong password is the same EFORBIDDEN
// "signin.wrong"; see the top of accounts.go for when "locked until" and
// "disabled" are said. The unlock screen of an idle console calls it too:
// a wrong password there counts like any other.
func (s *Service) SignIn(ctx context.Context, login, password string) (store.Operator, error) {
	wrong := refuse(EFORBIDDEN, "signin.wrong")
	login = strings.TrimSpace(login)
	o, err := s.st.OperatorByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) || (err == nil && login == "") {
		decoy.once.Do(func() { decoy.hash, _ = HashPassword("decoy", s.pwParams, s.rand) })
		VerifyPassword(decoy.hash, password)
		return store.Operator{}, wrong
	}
	if err != nil {
		return store.Operator{}, wrapStore(err, "operator")
	}
	ok := VerifyPassword(o.PasswordHash, password)
	now := s.clock.Now()
	switch {
	case now.Before(o.LockedUntil):
		if ok {
			return store.Operator{}, refuse(EFORBIDDEN, "signin.locked", "until", tokyoClock(o.LockedUntil))
		}
		return store.Operator{}, wrong // not counted: see accounts.go
	case o.Disabled:
		if ok {
			return store.Operator{}, refuse(EFORBIDDEN, "signin.disabled")
		}
		return store.Operator{}, wrong
	}
	err = wrapStore(s.st.Write(ctx, now, func(tx *store.Tx) error {
		cur, err := tx.OperatorByLogin(o.Login) // a parallel attempt may have counted meanwhile
		if err != nil {
			return err
		}
		ev := store.AuditEvent{Operator: cur.Login, Action: "operator.sign_in"}
		if ok {
			if cur.Failed == 0 && cur.LockedUntil.IsZero() {
				return tx.AppendAudit(&ev)
			}
			cur.Failed, cur.LockedUntil = 0, time.Time{}
		} else {
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
	if !ok {
		return store.Operator{}, wrong
	}
	return o, nil
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
