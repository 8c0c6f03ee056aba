package workflows

import (
	"os"
	"testing"

	"spdesk/store"
)

// Item 9: signing in on a read-only store checks the password and the
// lock as usual but writes nothing: no audit row, no failed count, and
// the file's bytes stay as they were (a chmod 444 backup).
func TestSignInReadOnlyWritesNothing(t *testing.T) {
	e := newFileEnv(t, 5, 0)
	login := testOperators[0]
	if err := e.st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(e.path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := store.OpenReadOnly(e.ctx, e.path)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(ro, WithClock(e.clock), WithPasswordParams(testParams))
	if err != nil {
		t.Fatal(err)
	}
	auditBefore, _ := ro.CountAudit(e.ctx)
	for range svc.SignInAttempts() + 1 {
		if _, err := svc.SignIn(e.ctx, login, "wrong-password"); ErrorCode(err) != EFORBIDDEN {
			t.Fatalf("wrong password = %v, want EFORBIDDEN", err)
		}
	}
	o, err := svc.SignIn(e.ctx, login, "password-"+login)
	if err != nil || o.Login != login {
		t.Fatalf("right password after many wrong ones = %+v, %v; want signed in (nothing counted)", o, err)
	}
	if o.Failed != 0 || !o.LockedUntil.IsZero() {
		t.Errorf("account after read-only sign-ins: failed %d, locked until %v", o.Failed, o.LockedUntil)
	}
	if n, _ := ro.CountAudit(e.ctx); n != auditBefore {
		t.Errorf("read-only sign-ins wrote %d audit rows", n-auditBefore)
	}
	ro.Close()
	after, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("read-only sign-ins changed the file")
	}
}
