package workflows

import (
	"strings"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/store/pgtest"
)

// newProxyEnv is newEnv on PostgreSQL through a proxy the test can cut
// (whatever the pass: only PostgreSQL loses a connection).
func newProxyEnv(t *testing.T, nStd int) (*env, *pgtest.Proxy) {
	t.Helper()
	direct := pgtest.URLFrom(t, "workflows_live", func(url string) error {
		s, err := store.OpenWith(t.Context(), url, store.OpenOptions{Create: true})
		if err != nil {
			return err
		}
		return s.Close()
	})
	proxy, url := pgtest.NewProxy(t, direct)
	return newEnvAt(t, url, nStd, 0, store.OpenOptions{Create: true}), proxy
}

// casesOpened counts the member's cases of typ, read once the server is back.
func casesOpened(t *testing.T, e *env, member int64, typ store.CaseType) int {
	t.Helper()
	cs, err := e.svc.CasesOfMember(e.ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cs {
		if c.Type == typ {
			n++
		}
	}
	return n
}

// wantWords checks that err is code and that its message, in both
// languages, says what the operator must know and no Go error text.
func wantWords(t *testing.T, what string, err error, code string, ja, en string) {
	t.Helper()
	if ErrorCode(err) != code {
		t.Fatalf("%s: %v (code %q), want %q", what, err, ErrorCode(err), code)
	}
	mja, men := Message(err, "ja"), Message(err, "en")
	if !strings.Contains(mja, ja) || !strings.Contains(men, en) {
		t.Errorf("%s: the operator reads %q / %q, want %q / %q", what, mja, men, ja, en)
	}
	for _, raw := range []string{"conn closed", "EOF", "dial ", "pgx", "unix", "write:", "failed to"} {
		if strings.Contains(men, raw) {
			t.Errorf("%s: the message shows the Go error (%q): %s", what, raw, men)
		}
	}
}

// PostgreSQL away for longer than the store's reconnects when a step is
// taken: the operator is told it was not saved and to do it again once
// the database answers; nothing was saved, and done again it is saved
// once.
func TestStepWhileTheDatabaseIsAwayIsNotSaved(t *testing.T) {
	e, proxy := newProxyEnv(t, 1)
	id := e.std[0]
	proxy.Cut()
	_, err := e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset})
	wantWords(t, "a step with the server away", err, EOFFLINE, "保存していません", "not saved")
	proxy.Restore()
	if n := casesOpened(t, e, id, store.CasePasswordReset); n != 0 {
		t.Fatalf("%d cases after a step that was not saved", n)
	}
	must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset}))
	if n := casesOpened(t, e, id, store.CasePasswordReset); n != 1 {
		t.Errorf("%d cases after doing it again, want 1", n)
	}
}

// PostgreSQL stops in the middle of a step, at its commit, and stays
// away: whether the step was saved is not known, and the operator is
// told so and to look before doing it again. Once it is back, the record
// says which: the commit the server had is there once (repeating the
// step is refused as stale: nothing done twice); the commit it never had
// is not, and done again it is saved once.
func TestStepCutAtItsCommitIsSettledByTheRecord(t *testing.T) {
	e, proxy := newProxyEnv(t, 2)

	// The server had the commit.
	id := e.std[0]
	c := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset}))
	hit := proxy.CutAtCommit(pgtest.LoseReplyAndStay)
	req := CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: goodAnswers()}
	_, _, err := e.svc.CheckIdentity(e.ctx, "op1", req)
	<-hit
	wantWords(t, "a commit whose answer was lost", err, EUNSETTLED, "分かりません", "not known yet")
	proxy.Restore()
	after, err := e.svc.CaseByID(e.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != c.Version+1 {
		t.Errorf("the case is at version %d, want %d: the saved step is not there once", after.Version, c.Version+1)
	}
	if _, _, err := e.svc.CheckIdentity(e.ctx, "op1", req); ErrorCode(err) != ECONFLICT {
		t.Errorf("the step repeated on the old screen: %v, want a conflict (it was done)", err)
	}
	evs, err := e.svc.AuditOfCase(e.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Errorf("%d audit rows for the case, want 2 (opened, identity checked once)", len(evs))
	}

	// The server never had the commit.
	id2 := e.std[1]
	hit = proxy.CutAtCommit(pgtest.DropCommitAndStay)
	_, err = e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id2, Type: store.CaseContactChange})
	<-hit
	wantWords(t, "a commit that never reached the server", err, EUNSETTLED, "分かりません", "not known yet")
	proxy.Restore()
	if n := casesOpened(t, e, id2, store.CaseContactChange); n != 0 {
		t.Fatalf("%d cases after a commit the server never had", n)
	}
	must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id2, Type: store.CaseContactChange}))
	if n := casesOpened(t, e, id2, store.CaseContactChange); n != 1 {
		t.Errorf("%d cases after doing it again, want 1", n)
	}
	if v, err := e.st.VerifyAudit(e.ctx); err != nil || !v.OK() {
		t.Errorf("audit chain: %+v %v", v, err)
	}
}

// PostgreSQL restarts while a step is being taken (away for a moment,
// well within the store's reconnects): the step goes through once, the
// operator never sees the blip, and the audit trail has it once.
func TestStepDuringABriefRestartIsDoneOnce(t *testing.T) {
	e, proxy := newProxyEnv(t, 1)
	id := e.std[0]
	proxy.Cut()
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset})
		done <- err
	}()
	time.Sleep(200 * time.Millisecond) // the server is "restarting"; the store waits up to about 3 s
	proxy.Restore()
	if err := <-done; err != nil {
		t.Fatalf("the step across a brief restart: %v", err)
	}
	if n := casesOpened(t, e, id, store.CasePasswordReset); n != 1 {
		t.Errorf("%d cases, want 1", n)
	}
	evs, err := e.svc.AuditOfMember(e.ctx, id, 50)
	if err != nil {
		t.Fatal(err)
	}
	opens := 0
	for _, ev := range evs {
		if ev.Action == string(ActOpen) || strings.HasSuffix(ev.Action, ".open") {
			opens++
		}
	}
	if opens != 1 {
		t.Errorf("%d open rows in the member's audit, want 1: %+v", opens, evs)
	}
}
