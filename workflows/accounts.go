package workflows

// Accounts and roles: operator accounts, sign-in with lockout, and the
// role check every supervisor function makes.
//
// Role check for other workflows: call
//
//	if err := s.requireSupervisor(ctx, op, "what", &store.AuditEvent{CaseID: id}); err != nil {
//		return ..., err
//	}
//
// BEFORE s.write (not inside its transaction). It refuses with EFORBIDDEN
// when op is not an enabled supervisor account and commits an audit row
// with action "denied" in a transaction of its own, so the denial is on
// record although the refused change rolls back. The *store.AuditEvent is
// optional (nil): fill the member, case, card, letter or batch the refused
// call was about, never Action or Operator.
//
// Decisions:
//   - Every write checks its operator inside the transaction (s.write): a
//     disabled account is refused with EFORBIDDEN "account.disabled" (the
//     console goes to its lock screen on it, see IsAccountDisabled), and
//     once any account exists an operator name that is no account is
//     refused too. A database with no account at all (a fresh file, a test,
//     a bulk load) accepts free operator names for ordinary steps, as
//     before accounts existed, but never for supervisor functions.
//   - Sign-in answers every refusal with one text, "signin.wrong": an
//     unknown login, a wrong password, a locked account and a disabled
//     one, whatever password was typed. The text says the account may be
//     locked or disabled, so its owner knows to ask a supervisor (who sees
//     the lock in `spdesk operator list`). Saying "locked until" only to
//     the right password told a guesser when they had found it; saying it
//     to every password would tell anyone which logins exist (an unknown
//     login never locks). Every path does the same argon2 work (a decoy
//     hash for an unknown login); the one difference left is that a known
//     login writes its audit row, a millisecond against argon2's tenth of
//     a second.
//   - Five wrong passwords in a row lock an account for SignInLockout.
//     Every try during a lock, right or wrong, is counted on the audit
//     trail ("operator.sign_in_locked") and pushes the end of the lock out
//     by another SignInLockout, never more than MaxSignInLockout (24 h)
//     ahead: guessing stops for as long as the guesser keeps trying, and
//     a guesser who stops lets the owner back in within a day. A try on a
//     disabled account is on record too ("operator.sign_in_refused").
//   - The CLI signs in like the console (cmd/spdesk/signin.go): every
//     command that changes something asks for --operator's password and
//     calls SignIn, so its failures count toward the same lock and are on
//     the same trail. The first supervisor of an empty database is the one
//     account made without. Read-only commands do not sign in: they change
//     nothing to attribute, and the file's permissions guard what they read.
//   - A caller's deadline bounds the database work of a sign-in or password
//     change, not its argon2 (dbDeadline in signin.go); a deadline that runs
//     out is EBUSY "busy", never "internal error".

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Account defaults: 5 wrong passwords lock an account for 15 minutes; the
// console locks after 13 minutes without a key (the Safety Pass service's
// own idle timeout). A zero in Settings means these.
const (
	DefaultSignInAttempts = 5
	DefaultSignInLockout  = 15 * time.Minute
	DefaultIdleLock       = 13 * time.Minute
	MinOperatorPassword   = 10
	DemoOperatorPassword  = "demo" // the demo accounts' password, printed by `spdesk demo`
)

// SignInAttempts is how many wrong passwords in a row lock an account.
func (s *Service) SignInAttempts() int {
	if s.settings.SignInAttempts > 0 {
		return s.settings.SignInAttempts
	}
	return DefaultSignInAttempts
}

// SignInLockout is how long a locked account stays locked.
func (s *Service) SignInLockout() time.Duration {
	if s.settings.SignInLockout > 0 {
		return s.settings.SignInLockout
	}
	return DefaultSignInLockout
}

// IdleLock is how long the console waits for a key before it locks.
func (s *Service) IdleLock() time.Duration {
	if s.settings.IdleLock > 0 {
		return s.settings.IdleLock
	}
	return DefaultIdleLock
}

func init() {
	Messages.Add(msg.Set{
		"account.disabled":   {"アカウント {operator} は無効にされています。監督者に連絡してください", "account {operator} is disabled: ask a supervisor"},
		"account.unknown":    {"{operator} という操作者アカウントはありません（spdesk operator list で確認してください）", "there is no operator account {operator} (see spdesk operator list)"},
		"account.supervisor": {"{function}は監督者だけが行えます（{operator} さんは操作者です）", "only a supervisor may {function} ({operator} is an operator)"},
		"signin.wrong": {"ログイン名かパスワードが違うか、アカウントがロック中または無効です（ロック中に試すとロックが延びます。続くときは監督者に確認してください）",
			"wrong login or password, or the account is locked or disabled (each try while locked extends the lock; if this goes on, ask a supervisor)"},
		"busy": {"コンピューターが混み合っていて時間内に終わりませんでした。何も変わっていません。少し待ってからもう一度試してください",
			"the machine is busy and did not finish in time: nothing was changed; wait a moment and try again"},
		"operator.login":     {"ログイン名は英小文字・数字・. _ - の 1〜32 文字で指定してください", "a login is 1-32 characters of a-z, 0-9, . _ -"},
		"operator.name":      {"表示名を 1〜64 文字で指定してください（制御文字不可）", "give a display name of 1-64 characters, no control characters"},
		"operator.role":      {"役割は operator か supervisor です", "the role is operator or supervisor"},
		"operator.password":  {"パスワードは {min} 文字以上 128 文字以下で、ログイン名と異なるものにしてください", "a password has {min} to 128 characters and is not the login"},
		"operator.exists":    {"ログイン名 {login} は使われています", "login {login} is taken"},
		"operator.first":     {"最初のアカウントは監督者です（--role supervisor）", "the first account must be a supervisor (--role supervisor)"},
		"operator.self":      {"自分のアカウントは無効にできません。別の監督者に依頼してください", "you cannot disable your own account: ask another supervisor"},
		"operator.not_found": {"操作者 {login} が見つかりません", "operator {login} not found"},
	})
}

// IsAccountDisabled reports whether err refused a step because the acting
// operator's account was disabled meanwhile: the console locks on it.
func IsAccountDisabled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == "account.disabled"
}

// checkAccount is the operator check every write makes in its transaction.
func checkAccount(tx *store.Tx, op string) error {
	o, err := tx.OperatorByLogin(op)
	if err == nil && o.Login != op {
		// Logins match without regard to case, but the name a change is
		// recorded under must be the account's own: "CAROL" is not carol
		// (else she could approve her own request under another spelling).
		err = store.ErrNotFound
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		any, err := tx.HasOperators()
		if err != nil {
			return err
		}
		if any {
			return refuse(EFORBIDDEN, "account.unknown", "operator", op)
		}
		return nil
	case err != nil:
		return err
	case o.Disabled:
		return refuse(EFORBIDDEN, "account.disabled", "operator", o.Login)
	}
	return nil
}

// requireSupervisor refuses op unless it is an enabled supervisor account,
// and puts the refusal on record: an audit row "denied" naming op and what
// was refused, committed on its own. Call it before s.write. on (may be
// nil) names the record the refused call was about.
func (s *Service) requireSupervisor(ctx context.Context, op, what string, on *store.AuditEvent) error {
	return s.requireRole(ctx, op, what, on, func(a Actor) *Error { return supervisorRefusal(a, what) })
}

// requireRole is requireSupervisor with the refusal given by refusal (the
// may-do function of what is refused: approveRefusal names who may).
func (s *Service) requireRole(ctx context.Context, op, what string, on *store.AuditEvent, refusal func(Actor) *Error) error {
	if err := checkOperator(op); err != nil {
		return err
	}
	a, err := s.Actor(ctx, op)
	if err != nil {
		return err
	}
	why := refusal(a) // maydo.go: what the console dims
	if why == nil {
		return nil
	}
	ev := store.AuditEvent{}
	if on != nil {
		ev = *on
	}
	ev.Operator, ev.Action, ev.Note = op, "denied", what
	ev.After = jsonObject(map[string]any{"function": what, "reason": why.Key})
	write := func(ev store.AuditEvent) error {
		return s.st.Write(ctx, s.clock.Now(), func(tx *store.Tx) error { return tx.AppendAudit(&ev) })
	}
	if err := write(ev); err != nil {
		// A reference to a record that does not exist (a mistyped case
		// ID) must not keep the denial off the record.
		bare := store.AuditEvent{Operator: ev.Operator, Action: ev.Action, Note: ev.Note, After: ev.After}
		if err := write(bare); err != nil {
			return s.wrapStore(err, "audit")
		}
	}
	return why
}

// RequireSupervisor is requireSupervisor for the commands that change the
// database outside a workflow (the CLI's seed): the refusal is on record.
func (s *Service) RequireSupervisor(ctx context.Context, op, what string) error {
	return s.requireSupervisor(ctx, op, what, nil)
}

func jsonObject(m map[string]any) string {
	b, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// OperatorRequest is a new account.
type OperatorRequest struct {
	Login       string
	DisplayName string
	Role        store.Role
	Password    string
}

func validLogin(l string) bool {
	if l == "" || len(l) > 32 {
		return false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func checkNewPassword(login, pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinOperatorPassword || n > 128 || strings.EqualFold(pw, login) {
		return refuse(EINVALID, "operator.password", "min", strconv.Itoa(MinOperatorPassword))
	}
	return nil
}

// AddOperator creates an account. A supervisor does it; the very first
// account of a database is the exception (nobody could sign in to create
// it) and must be a supervisor, recorded as created by itself.
func (s *Service) AddOperator(ctx context.Context, op string, req OperatorRequest) (store.Operator, error) {
	req.Login = strings.TrimSpace(req.Login)
	req.DisplayName = strings.TrimSpace(req.DisplayName)
	if err := checkText("display_name", req.DisplayName, false); err != nil {
		return store.Operator{}, err
	}
	switch {
	case !validLogin(req.Login):
		return store.Operator{}, refuse(EINVALID, "operator.login")
	case req.DisplayName == "" || utf8.RuneCountInString(req.DisplayName) > 64 || hasControl(req.DisplayName):
		return store.Operator{}, refuse(EINVALID, "operator.name")
	case req.Role != store.RoleOperator && req.Role != store.RoleSupervisor:
		return store.Operator{}, refuse(EINVALID, "operator.role")
	}
	if err := checkNewPassword(req.Login, req.Password); err != nil {
		return store.Operator{}, err
	}
	first, err := s.st.HasOperators(ctx)
	if err != nil {
		return store.Operator{}, s.wrapStore(err, "operator")
	}
	first = !first
	if first {
		if req.Role != store.RoleSupervisor {
			return store.Operator{}, refuse(EINVALID, "operator.first")
		}
		op = req.Login
	} else if err := s.requireSupervisor(ctx, op, "operator.add", nil); err != nil {
		return store.Operator{}, err
	}
	check := func(tx *store.Tx) error { return checkAccount(tx, op) }
	if first {
		check = func(tx *store.Tx) error {
			// Another console may have created the first account meanwhile.
			if any, err := tx.HasOperators(); err != nil || any {
				if err == nil {
					err = refuse(ECONFLICT, "operator.exists", "login", req.Login)
				}
				return err
			}
			return nil
		}
	}
	return s.insertOperator(ctx, op, req, check)
}

// insertOperator hashes the password outside the transaction (argon2 takes
// a while; the write lock should not, and neither does ctx's deadline, see
// dbDeadline) and inserts the account with its audit row.
func (s *Service) insertOperator(ctx context.Context, op string, req OperatorRequest,
	check func(*store.Tx) error) (store.Operator, error) {
	dl := splitDeadline(ctx)
	var hash string
	var err error
	s.argon2(func() { hash, err = HashPassword(req.Password, s.pwParams, s.rand) })
	if err != nil {
		return store.Operator{}, s.wrapStore(err, "password hash")
	}
	o := store.Operator{Login: req.Login, DisplayName: req.DisplayName, Role: req.Role, PasswordHash: hash, CreatedBy: op}
	err = s.wrapStore(dl.run(func(ctx context.Context) error {
		return s.st.Write(ctx, s.clock.Now(), func(tx *store.Tx) error {
			if err := check(tx); err != nil {
				return err
			}
			if err := tx.InsertOperator(&o); errors.Is(err, store.ErrExists) {
				return refuse(ECONFLICT, "operator.exists", "login", req.Login)
			} else if err != nil {
				return err
			}
			return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "operator.add", Note: o.Login,
				After: jsonObject(map[string]any{"login": o.Login, "display_name": o.DisplayName, "role": o.Role})})
		})
	}), "operator")
	return o, err
}

// DisableOperator disables login's account: it cannot sign in, and a
// console it has open locks at its next step. A supervisor does it, never
// to their own account (the last supervisor could lock everyone out).
func (s *Service) DisableOperator(ctx context.Context, op, login string) (store.Operator, error) {
	if err := s.requireSupervisor(ctx, op, "operator.disable", nil); err != nil {
		return store.Operator{}, err
	}
	var o store.Operator
	err := s.write(ctx, op, func(tx *store.Tx) error {
		var err error
		if o, err = s.operatorIn(tx, login); err != nil {
			return err
		}
		if strings.EqualFold(o.Login, op) {
			return refuse(EFORBIDDEN, "operator.self")
		}
		if o.Disabled {
			return nil // already: nothing changes, nothing to audit
		}
		o.Disabled = true
		if err := tx.UpdateOperator(&o); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "operator.disable", Note: o.Login,
			Before: `{"disabled":false}`, After: `{"disabled":true}`})
	})
	return o, err
}

// ResetOperatorPassword gives login's account a new password and lifts a
// sign-in lock. A supervisor does it (the audit row says so, never the
// password).
func (s *Service) ResetOperatorPassword(ctx context.Context, op, login, password string) (store.Operator, error) {
	if err := s.requireSupervisor(ctx, op, "operator.reset_password", nil); err != nil {
		return store.Operator{}, err
	}
	if err := checkNewPassword(login, password); err != nil {
		return store.Operator{}, err
	}
	dl := splitDeadline(ctx) // the hash does not count against the write's deadline
	var hash string
	var err error
	s.argon2(func() { hash, err = HashPassword(password, s.pwParams, s.rand) })
	if err != nil {
		return store.Operator{}, s.wrapStore(err, "password hash")
	}
	var o store.Operator
	err = dl.run(func(ctx context.Context) error {
		return s.write(ctx, op, func(tx *store.Tx) error {
			var err error
			if o, err = s.operatorIn(tx, login); err != nil {
				return err
			}
			o.PasswordHash, o.Failed, o.LockedUntil = hash, 0, time.Time{}
			if err := tx.UpdateOperator(&o); err != nil {
				return err
			}
			return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "operator.reset_password", Note: o.Login})
		})
	})
	return o, err
}

func (s *Service) operatorIn(tx *store.Tx, login string) (store.Operator, error) {
	o, err := tx.OperatorByLogin(strings.TrimSpace(login))
	if errors.Is(err, store.ErrNotFound) {
		return o, refuse(ENOTFOUND, "operator.not_found", "login", login)
	}
	return o, err
}
