package workflows

import (
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"spdesk/store"
)

// newDemoEnv is newEnv on a database created as a demo.
func newDemoEnv(t testing.TB, nStd, nCredit int) *env {
	t.Helper()
	return newEnvWith(t, nStd, nCredit, store.OpenOptions{Create: true, Demo: true})
}

// Item 6: on a database not created as a demo, demo cases (which print
// password notices), the demo accounts and an account named like one are
// refused, and nothing is written: no audit row, no account, no spool.
func TestDemoRefusedOnLiveDatabase(t *testing.T) {
	e := newEnv(t, 60, 10)
	before := e.auditCount()
	spool := filepath.Join(t.TempDir(), "spool")
	if _, err := SeedDemoCases(e.ctx, e.svc, spool, "demo-operator", "demo-supervisor"); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("SeedDemoCases on a live database = %v, want EFORBIDDEN", err)
	}
	if err := SeedDemoOperators(e.ctx, e.svc); ErrorCode(err) != EFORBIDDEN || Message(err, "en") == "" {
		t.Errorf("SeedDemoOperators on a live database = %v, want EFORBIDDEN", err)
	}
	_, err := e.svc.AddOperator(e.ctx, testSupervisors[0], OperatorRequest{Login: "demo-supervisor",
		DisplayName: "x", Role: store.RoleSupervisor, Password: "a-long-password-1"})
	if ErrorCode(err) != EFORBIDDEN {
		t.Errorf("AddOperator(demo-supervisor) on a live database = %v, want EFORBIDDEN", err)
	}
	if n := e.auditCount(); n != before {
		t.Errorf("refusals wrote %d audit rows", n-before)
	}
	for _, login := range store.DemoLogins {
		if _, err := e.st.OperatorByLogin(e.ctx, login); err == nil {
			t.Errorf("account %s exists in a live database", login)
		}
	}
	if _, err := os.Stat(spool); !os.IsNotExist(err) {
		t.Errorf("a spool was made: %v", err)
	}
}

// Item 6: a demo account put into a live file around spdesk (its triggers
// dropped, the row enabled, the demo password) still cannot sign in or act.
func TestDemoAccountCannotSignInOnLiveDatabase(t *testing.T) {
	e := newFileEnv(t, 5, 0)
	hash, err := HashPassword(DemoOperatorPassword, testParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER operators_demo_only`,
		`INSERT INTO operators (login, display_name, role, pw_hash, created_at, created_by)
			VALUES ('demo-supervisor', 'x', 'supervisor', ?, '2026-01-01T00:00:00.000000Z', 'x')`} {
		if _, err := raw.ExecContext(context.Background(), q, hash); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.SignIn(e.ctx, "demo-supervisor", DemoOperatorPassword); err == nil {
		t.Error("the demo supervisor signed in to a live database")
	}
	if _, err := e.svc.ActiveOperator(e.ctx, "demo-supervisor"); err == nil {
		t.Error("the demo supervisor is an active account in a live database")
	}
	if _, err := e.svc.AddOperator(e.ctx, "demo-supervisor", OperatorRequest{Login: "someone",
		DisplayName: "x", Role: store.RoleOperator, Password: "a-long-password-1"}); err == nil {
		t.Error("the demo supervisor added an account in a live database")
	}
}

func TestSeedDemoCases(t *testing.T) {
	e := newDemoEnv(t, 60, 10)
	rep, err := SeedDemoCases(e.ctx, e.svc, filepath.Join(t.TempDir(), "spool"), "demo-operator", "demo-supervisor")
	if err != nil {
		t.Fatal(err)
	}
	got := map[store.CaseType]map[store.CaseState]bool{}
	for _, c := range rep.Cases {
		if got[c.Type] == nil {
			got[c.Type] = map[store.CaseState]bool{}
		}
		got[c.Type][c.State] = true
	}
	for _, typ := range CaseTypes() {
		for _, st := range States(typ) {
			if !got[typ][st] && st != store.StateWithdrawn && st != store.StateIdentityFailed && !(st == store.StateClosed && typ != store.CaseLostCard &&
				typ != store.CasePasswordReset && typ != store.CaseContactChange) {
				t.Errorf("no demo %s case in %s", typ, st)
			}
		}
	}
	q, _ := e.st.CountQueuedLetters(e.ctx)
	for _, k := range []store.LetterKind{store.LetterPasswordNotice, store.LetterReissueForm, store.LetterChangeForm,
		store.LetterCancellationForm} {
		if q[k] == 0 {
			t.Errorf("no queued %s", k)
		}
	}
	if len(rep.Batches) != 2 || rep.Batches[0].State != store.BatchMailed {
		t.Errorf("batches %+v", rep.Batches)
	}
	checkInvariants(t, e.st)
}
