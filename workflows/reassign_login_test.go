package workflows

import (
	"testing"
	"time"
)

// A login typed in another case is stored as the account spells it.
func TestReassignStoresAccountLogin(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.lostAt(time.Date(2025, 6, 2, 10, 0, 0, 0, jst))
	r, err := e.svc.ReassignCase(e.ctx, "bob", ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "OP1"})
	if err != nil || r.Case.AssignedTo != "op1" || e.caseRec(c.ID).AssignedTo != "op1" {
		t.Fatalf("reassign to OP1: %v, assigned to %q; want the account's login op1", err, r.Case.AssignedTo)
	}
	evs, _ := e.st.AuditOfCase(e.ctx, c.ID)
	if last := evs[len(evs)-1]; last.After != `{"assigned_to":"op1"}` {
		t.Errorf("audit after %s", last.After)
	}
	_, err = e.svc.ReassignCase(e.ctx, "bob", ReassignRequest{CaseID: c.ID, CaseVersion: r.Case.Version, To: "Op1"})
	wantCode(t, err, EINVALID) // already op1's, however it is typed
}
