package workflows

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// testSupervisors are the names the workflow tests act as; they are
// supervisors so that state-machine tests test states, not roles.
// testOperator is a plain operator, for the role tests; testOperators
// are the plain operators other tests act as.
var (
	testSupervisors = []string{"alice", "bob", "carol"}
	testOperators   = []string{testOperator, "op1", "op"}
)

const testOperator = "olga"

// seedAccounts creates the test accounts (password "password-" + login).
func (e *env) seedAccounts() {
	e.t.Helper()
	add := func(login string, role store.Role) {
		if _, err := e.svc.insertOperator(e.ctx, "setup", OperatorRequest{Login: login, DisplayName: login,
			Role: role, Password: "password-" + login}, func(*store.Tx) error { return nil }); err != nil &&
			ErrorCode(err) != ECONFLICT { // the crash test's child seeds every round
			e.t.Fatal(err)
		}
	}
	for _, l := range testSupervisors {
		add(l, store.RoleSupervisor)
	}
	for _, l := range testOperators {
		add(l, store.RoleOperator)
	}
}

// lastAudit is the newest audit row.
func (e *env) lastAudit() store.AuditEvent {
	e.t.Helper()
	n := e.auditCount()
	evs, err := e.st.AuditAfter(e.ctx, n-1, 1)
	if err != nil || len(evs) != 1 {
		e.t.Fatalf("last audit row: %v %v", evs, err)
	}
	return evs[0]
}

// supervisorFunctions is every function only a supervisor may call: each
// row prepares what the call needs and calls it as op. Other supervisor
// functions (reassign, reprint approval, audit export) add their row here.
// A roleOnly row calls with a request that names nothing: the supervisor
// passes the role check and is refused for the request instead.
var supervisorFunctions = []struct {
	name     string
	what     string // the denied row's note
	call     func(e *env, op string) error
	roleOnly bool
}{
	{"Approve", "cancel.approve", func(e *env, op string) error {
		k := e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm})
		_, err := e.svc.Approve(e.ctx, op, stepOf(k))
		return err
	}, false},
	{"PrintLetters", "letters.print", func(e *env, op string) error {
		e.issued()
		_, err := e.svc.PrintLetters(e.ctx, op, filepath.Join(e.t.TempDir(), "spool"))
		return err
	}, false},
	{"MarkBatchMailed", "letters.mark_mailed", func(e *env, op string) error {
		e.issued()
		b, err := e.svc.PrintLetters(e.ctx, "carol", filepath.Join(e.t.TempDir(), "spool"))
		if err != nil {
			e.t.Fatal(err)
		}
		_, err = e.svc.MarkBatchMailed(e.ctx, op, b.No())
		return err
	}, false},
	{"PrintSelected", "letters.print", func(e *env, op string) error {
		e.issued()
		_, err := e.svc.PrintSelected(e.ctx, op, filepath.Join(e.t.TempDir(), "spool"), PrintOptions{})
		return err
	}, false},
	{"ExportAudit", ActionAuditExport, func(e *env, op string) error {
		_, err := e.svc.ExportAudit(e.ctx, op, store.AuditFilter{}, io.Discard)
		return err
	}, false},
	{"ReassignCase", "reassign_case", func(e *env, op string) error {
		c := e.reach(store.CaseLostCard, false, nil)
		_, err := e.svc.ReassignCase(e.ctx, op, ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "op1"})
		return err
	}, false},
	{"ApproveReprint", "letters.reprint_approve", func(e *env, op string) error {
		_, err := e.svc.ApproveReprint(e.ctx, op, 0, 0)
		return err
	}, true},
	{"RejectReprint", "letters.reprint_reject", func(e *env, op string) error {
		_, err := e.svc.RejectReprint(e.ctx, op, 0, 0, "returned by the post office")
		return err
	}, true},
	{"ReleaseLetter", "letters.release", func(e *env, op string) error {
		_, err := e.svc.ReleaseLetter(e.ctx, op, 0, 0, "")
		return err
	}, true},
	{"AddOperator", "operator.add", func(e *env, op string) error {
		_, err := e.svc.AddOperator(e.ctx, op, OperatorRequest{Login: "newbie", DisplayName: "新人",
			Role: store.RoleOperator, Password: "correct horse battery"})
		return err
	}, false},
	{"DisableOperator", "operator.disable", func(e *env, op string) error {
		_, err := e.svc.DisableOperator(e.ctx, op, "op1")
		return err
	}, false},
	{"ResetOperatorPassword", "operator.reset_password", func(e *env, op string) error {
		_, err := e.svc.ResetOperatorPassword(e.ctx, op, "op1", "a new long password")
		return err
	}, false},
	{"UndeliveredEvents", FnEventsRead, func(e *env, op string) error {
		_, err := e.svc.UndeliveredEvents(e.ctx, op)
		return err
	}, true},
	{"RetryEvent", FnEventsRetry, func(e *env, op string) error {
		_, err := e.svc.RetryEvent(e.ctx, op, 1)
		return err
	}, true},
}

func TestSupervisorFunctionsRefuseOperators(t *testing.T) {
	for _, f := range supervisorFunctions {
		t.Run(f.name, func(t *testing.T) {
			e := newEnv(t, 4, 0)
			before := e.auditCount()
			err := f.call(e, testOperator)
			wantCode(t, err, EFORBIDDEN)
			if msg := Message(err, "ja"); !strings.Contains(msg, "監督者") {
				t.Errorf("ja message does not say a supervisor is needed: %s", msg)
			}
			if msg := Message(err, "en"); !strings.Contains(msg, "supervisor") {
				t.Errorf("en message does not say a supervisor is needed: %s", msg)
			}
			// The preparation may have written rows; the denial is the last.
			if e.auditCount() <= before {
				t.Fatal("no audit row for the denial")
			}
			last := e.lastAudit()
			if last.Action != "denied" || last.Operator != testOperator || last.Note != f.what {
				t.Errorf("denial row = %s by %s (%s), want denied by %s (%s)", last.Action, last.Operator,
					last.Note, testOperator, f.what)
			}
			// A supervisor may.
			err = f.call(e, "carol")
			var we *Error
			if f.roleOnly && errors.As(err, &we) && strings.HasPrefix(we.Key, "account.") {
				t.Errorf("supervisor refused for the role: %v", err)
			}
			if !f.roleOnly && err != nil {
				t.Errorf("supervisor refused: %v", err)
			}
		})
	}
}

func TestUnknownAndDisabledAccounts(t *testing.T) {
	e := newEnv(t, 4, 0)
	// Once accounts exist, a name that is none changes nothing.
	_, err := e.svc.OpenCase(e.ctx, "mallory", OpenCaseRequest{MemberID: e.member(false), Type: store.CaseContactChange})
	wantCode(t, err, EFORBIDDEN)
	err = e.svc.requireSupervisor(e.ctx, "mallory", "letters.print", nil)
	wantCode(t, err, EFORBIDDEN)
	if last := e.lastAudit(); last.Action != "denied" || last.Operator != "mallory" {
		t.Errorf("unknown supervisor call not on record: %+v", last)
	}
	// Only the account's own spelling acts: "CAROL" could otherwise approve
	// carol's own request.
	_, err = e.svc.OpenCase(e.ctx, "OLGA", OpenCaseRequest{MemberID: e.member(false), Type: store.CaseContactChange})
	wantCode(t, err, EFORBIDDEN)
	err = e.svc.requireSupervisor(e.ctx, "CAROL", "letters.print", nil)
	wantCode(t, err, EFORBIDDEN)
	// A disabled operator's next step is refused with the key the console locks on.
	if _, err := e.svc.DisableOperator(e.ctx, "carol", "op1"); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: e.member(false), Type: store.CaseContactChange})
	wantCode(t, err, EFORBIDDEN)
	if !IsAccountDisabled(err) {
		t.Errorf("disabled refusal is not IsAccountDisabled: %v", err)
	}
	// Nobody disables their own account.
	_, err = e.svc.DisableOperator(e.ctx, "carol", "carol")
	wantCode(t, err, EFORBIDDEN)
}

func TestAddOperatorRules(t *testing.T) {
	e := newEnv(t, 0, 0)
	add := func(login, pw string, role store.Role) error {
		_, err := e.svc.AddOperator(e.ctx, "carol", OperatorRequest{Login: login, DisplayName: "x", Role: role, Password: pw})
		return err
	}
	wantCode(t, add("Bad Name", "long enough password", store.RoleOperator), EINVALID)
	wantCode(t, add("shorty", "short", store.RoleOperator), EINVALID)
	wantCode(t, add("samepw", "samepw", store.RoleOperator), EINVALID)
	wantCode(t, add("clerk", "long enough password", "boss"), EINVALID)
	if err := add("clerk", "long enough password", store.RoleOperator); err != nil {
		t.Fatal(err)
	}
	wantCode(t, add("clerk", "long enough password", store.RoleOperator), ECONFLICT)
	if last := e.lastAudit(); last.Action != "operator.add" || strings.Contains(last.After, "argon2") {
		t.Errorf("add row: %+v", last)
	}
}

func TestFirstAccountIsASupervisor(t *testing.T) {
	e := newEnv(t, 0, 0)
	// A fresh database: a second store on a new file.
	path := filepath.Join(t.TempDir(), "fresh.db")
	st, err := store.Open(e.ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fresh, err := New(st, WithPasswordParams(testParams))
	if err != nil {
		t.Fatal(err)
	}
	_, err = fresh.AddOperator(e.ctx, "", OperatorRequest{Login: "first", DisplayName: "最初", Role: store.RoleOperator,
		Password: "long enough password"})
	wantCode(t, err, EINVALID)
	o, err := fresh.AddOperator(e.ctx, "", OperatorRequest{Login: "first", DisplayName: "最初",
		Role: store.RoleSupervisor, Password: "long enough password"})
	if err != nil || o.CreatedBy != "first" {
		t.Fatalf("first supervisor: %+v %v", o, err)
	}
	// The second needs a supervisor.
	_, err = fresh.AddOperator(e.ctx, "nobody", OperatorRequest{Login: "second", DisplayName: "2",
		Role: store.RoleSupervisor, Password: "long enough password"})
	wantCode(t, err, EFORBIDDEN)
}

// wrongText is the one refusal of SignIn, whatever its reason.
const wrongText = "wrong login or password, or the account is locked or disabled (each try while locked extends the lock; if this goes on, ask a supervisor)"

func TestSignInLockout(t *testing.T) {
	e := newEnv(t, 0, 0)
	wrong := func(login, pw string) {
		t.Helper()
		_, err := e.svc.SignIn(e.ctx, login, pw)
		wantCode(t, err, EFORBIDDEN)
		if got := Message(err, "en"); got != wrongText {
			t.Errorf("SignIn(%s) = %q, want the same text for every refusal", login, got)
		}
	}
	wrong("nobody", "password-olga")
	wrong("olga", "password-nobody")
	wrong("", "")
	o, err := e.svc.SignIn(e.ctx, "OLGA", "password-olga")
	if err != nil || o.Login != "olga" || o.Role != store.RoleOperator {
		t.Fatalf("SignIn = %+v, %v", o, err)
	}
	for range DefaultSignInAttempts {
		wrong("olga", "guess")
	}
	if last := e.lastAudit(); last.Action != "operator.locked" {
		t.Errorf("lock not on record: %+v", last)
	}
	e.clock.Set(e.clock.Now().Add(DefaultSignInLockout))
	if _, err := e.svc.SignIn(e.ctx, "olga", "password-olga"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	// A reset lifts a lock and replaces the password.
	if _, err := e.svc.ResetOperatorPassword(e.ctx, "carol", "op1", "brand new password"); err != nil {
		t.Fatal(err)
	}
	wrong("op1", "password-op1")
	if _, err := e.svc.SignIn(e.ctx, "op1", "brand new password"); err != nil {
		t.Fatal(err)
	}
}

// TestLockedAndDisabledAnswerTheSameForAnyPassword: while an account is
// locked, and when it is disabled, the right password is refused with the
// very text a wrong one gets; every try during a lock is on record and
// extends the lock, up to MaxSignInLockout ahead.
func TestLockedAndDisabledAnswerTheSameForAnyPassword(t *testing.T) {
	e := newEnv(t, 0, 0)
	try := func(login, pw string) string {
		t.Helper()
		_, err := e.svc.SignIn(e.ctx, login, pw)
		wantCode(t, err, EFORBIDDEN)
		return Message(err, "en") + "|" + Message(err, "ja")
	}
	unknown := try("nobody", "guess")
	for range DefaultSignInAttempts {
		try("olga", "guess")
	}
	lockedUntil := func() time.Time {
		t.Helper()
		o, err := e.st.OperatorByLogin(e.ctx, "olga")
		if err != nil {
			t.Fatal(err)
		}
		return o.LockedUntil
	}
	start := e.clock.Now()
	if got := lockedUntil(); !got.Equal(start.Add(DefaultSignInLockout)) {
		t.Fatalf("locked until %v", got)
	}
	rows := e.auditCount()
	right, guess := try("olga", "password-olga"), try("olga", "guess")
	if right != guess || right != unknown {
		t.Errorf("locked: the right password reads %q, a wrong one %q, an unknown login %q", right, guess, unknown)
	}
	if n := e.auditCount() - rows; n != 2 {
		t.Errorf("%d audit rows for 2 tries during the lock", n)
	}
	if last := e.lastAudit(); last.Action != "operator.sign_in_locked" || strings.Contains(last.After, "password") {
		t.Errorf("try during the lock: %+v", last)
	}
	if got, want := lockedUntil(), start.Add(3*DefaultSignInLockout); !got.Equal(want) {
		t.Errorf("after 2 tries during the lock: locked until %v, want %v", got, want)
	}
	// Hammering never pushes the lock beyond a day from the last try.
	for range 200 {
		try("olga", "guess")
	}
	if got, want := lockedUntil(), e.clock.Now().Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("after 200 tries: locked until %v, want the cap %v", got, want)
	}
	// Still locked just before the cap, open after it.
	e.clock.Set(e.clock.Now().Add(24*time.Hour - time.Minute))
	try("olga", "password-olga")
	e.clock.Set(lockedUntil())
	if _, err := e.svc.SignIn(e.ctx, "olga", "password-olga"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}

	// A disabled account: the same text for the right password, on record.
	if _, err := e.svc.DisableOperator(e.ctx, "carol", "op1"); err != nil {
		t.Fatal(err)
	}
	right, guess = try("op1", "password-op1"), try("op1", "guess")
	if right != guess || right != unknown {
		t.Errorf("disabled: the right password reads %q, a wrong one %q", right, guess)
	}
	if last := e.lastAudit(); last.Action != "operator.sign_in_refused" || last.Operator != "op1" {
		t.Errorf("try on a disabled account: %+v", last)
	}
}

func TestNoPasswordInAudit(t *testing.T) {
	e := newEnv(t, 0, 0)
	e.svc.SignIn(e.ctx, "olga", "secret-typo-123")
	e.svc.SignIn(e.ctx, "secret-in-login", "x")
	e.svc.ResetOperatorPassword(e.ctx, "carol", "op1", "secret-new-pass")
	evs, err := e.st.AuditAfter(e.ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		row := ev.Operator + ev.Note + ev.Before + ev.After
		if strings.Contains(row, "secret") || strings.Contains(row, "argon2") {
			t.Errorf("audit row %d carries a password or hash: %s", ev.ID, row)
		}
	}
}

// TestSlowArgon2DoesNotEatTheDatabaseDeadline: on a loaded machine the
// password check may outlast the whole request deadline; the sign-in (and
// a password change) still reads and writes the database in time.
func TestSlowArgon2DoesNotEatTheDatabaseDeadline(t *testing.T) {
	e := newEnv(t, 0, 0)
	// Each call gets a deadline, and argon2 "takes" longer than all of it.
	var ctx context.Context
	e.svc.beforeArgon2 = func() { <-ctx.Done() }
	call := func() context.Context {
		c, cancel := context.WithTimeout(e.ctx, 500*time.Millisecond)
		t.Cleanup(cancel)
		ctx = c
		return c
	}
	o, err := e.svc.SignIn(call(), "olga", "password-olga")
	if err != nil || o.Login != "olga" {
		t.Fatalf("sign-in after a slow password check: %+v %v", o, err)
	}
	if last := e.lastAudit(); last.Action != "operator.sign_in" || last.Operator != "olga" {
		t.Errorf("sign-in not on record: %+v", last)
	}
	if _, err := e.svc.SignIn(call(), "olga", "guess"); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("wrong password after a slow check: %v", err)
	}
	if last := e.lastAudit(); last.Action != "operator.sign_in_failed" {
		t.Errorf("the wrong password was not counted: %+v", last)
	}
	if _, err := e.svc.ResetOperatorPassword(call(), "carol", "op1", "brand new password"); err != nil {
		t.Errorf("password reset after a slow hash: %v", err)
	}
	if _, err := e.svc.AddOperator(call(), "carol", OperatorRequest{Login: "newbie", DisplayName: "新人",
		Role: store.RoleOperator, Password: "correct horse battery"}); err != nil {
		t.Errorf("new account after a slow hash: %v", err)
	}
}

// TestSignInDeadlineSaysBusy: a deadline that runs out in the database
// says the machine is busy, in both languages, not "internal error".
func TestSignInDeadlineSaysBusy(t *testing.T) {
	e := newEnv(t, 0, 0)
	wantBusy := func(what string, err error) {
		t.Helper()
		if ErrorCode(err) != "busy" {
			t.Errorf("%s: code %q (%v), want busy", what, ErrorCode(err), err)
		}
		if en := Message(err, "en"); !strings.Contains(en, "busy") || !strings.Contains(en, "try again") {
			t.Errorf("%s: en %q", what, en)
		}
		if ja := Message(err, "ja"); !strings.Contains(ja, "混み合って") || !strings.Contains(ja, "もう一度") {
			t.Errorf("%s: ja %q", what, ja)
		}
	}
	// A deadline already gone.
	ctx, cancel := context.WithTimeout(e.ctx, -time.Second)
	defer cancel()
	_, err := e.svc.SignIn(ctx, "olga", "password-olga")
	wantBusy("expired deadline", err)
	_, err = e.svc.ResetOperatorPassword(ctx, "carol", "op1", "brand new password")
	wantBusy("expired deadline, password reset", err)

	// Another write holds the desk's database past the deadline: the
	// account is read, the password checked, and the write cannot start.
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- e.st.Write(e.ctx, e.clock.Now(), func(*store.Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	ctx, cancel = context.WithTimeout(e.ctx, 300*time.Millisecond)
	defer cancel()
	_, err = e.svc.SignIn(ctx, "olga", "guess")
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wantBusy("held write", err)
	// Nothing was counted: the next right password opens.
	if _, err := e.svc.SignIn(e.ctx, "olga", "password-olga"); err != nil {
		t.Fatal(err)
	}
	if last := e.lastAudit(); last.Action != "operator.sign_in" {
		t.Errorf("last row %+v", last)
	}
}

// TestUnknownLoginCostsOneKeyDerivation: an unknown login costs the very
// argon2 work of a known one with a wrong password (one derivation), also
// on the first unknown login of a process, which is every CLI command's
// only one: a second derivation there told, by time, which logins exist.
func TestUnknownLoginCostsOneKeyDerivation(t *testing.T) {
	e := newEnv(t, 0, 0)
	derivations := 0
	orig := deriveKey
	deriveKey = func(pw, salt []byte, passes, memory uint32, threads uint8, keyLen uint32) []byte {
		derivations++
		return orig(pw, salt, passes, memory, threads, keyLen)
	}
	t.Cleanup(func() { deriveKey = orig })
	count := func(login string) int {
		t.Helper()
		derivations = 0
		_, err := e.svc.SignIn(e.ctx, login, "guess")
		wantCode(t, err, EFORBIDDEN)
		return derivations
	}
	if unknown, known := count("nobody"), count("olga"); unknown != 1 || known != 1 {
		t.Errorf("argon2 derivations: an unknown login %d, a known one with a wrong password %d; want 1 each", unknown, known)
	}
}
