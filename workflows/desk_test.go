package workflows

import (
	"errors"
	"strconv"
	"testing"
)

// TestDeskAuditReadsAreSupervisors: every read of the audit trail the
// Desk offers makes the supervisor check itself, so a console holding only
// a Desk cannot read the trail around it.
func TestDeskAuditReadsAreSupervisors(t *testing.T) {
	e := newEnv(t, 1, 0)
	c := e.reach(CaseLostCard, false, nil) // alice's report writes audit rows
	var d Desk = e.svc

	for _, op := range []string{testOperator, "nobody"} {
		_, errF := d.AuditFilterFor(e.ctx, op, AuditQuery{})
		_, errC := d.CountAudit(e.ctx, op, AuditFilter{})
		rows, errP := d.AuditPage(e.ctx, op, AuditFilter{}, 0, 10)
		for name, err := range map[string]error{"filter": errF, "count": errC, "page": errP} {
			var we *Error
			if !errors.As(err, &we) || we.Code != EFORBIDDEN {
				t.Errorf("%s by %s: %v, want EFORBIDDEN", name, op, err)
			}
		}
		if len(rows) != 0 {
			t.Errorf("page by %s: %d rows shown with the refusal", op, len(rows))
		}
	}

	f, err := d.AuditFilterFor(e.ctx, "alice", AuditQuery{Case: strconv.FormatInt(c.ID, 10)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := d.CountAudit(e.ctx, "alice", f)
	if err != nil || n == 0 {
		t.Fatalf("count of case %s: %d, %v", strconv.FormatInt(c.ID, 10), n, err)
	}
	rows, err := d.AuditPage(e.ctx, "alice", f, 0, 100)
	if err != nil || int64(len(rows)) != n {
		t.Fatalf("page of case %s: %d rows, %v; count said %d", strconv.FormatInt(c.ID, 10), len(rows), err, n)
	}
	for _, r := range rows {
		if r.CaseID != c.ID {
			t.Errorf("row %d is of case %d, not %d", r.ID, r.CaseID, c.ID)
		}
	}
}

// TestDeskReadsAreTheStores: a read through the Desk answers what the
// store answers, so moving the console onto the Desk changes nothing it
// shows.
func TestDeskReadsAreTheStores(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.reach(CaseLostCard, false, nil)
	var d Desk = e.svc

	m, err := d.MemberByID(e.ctx, c.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	if byNo, err := d.MemberByNo(e.ctx, m.No); err != nil || byNo.ID != m.ID || byNo.Version != e.memberRec(m.ID).Version {
		t.Errorf("member %s by number: %+v, %v", m.No, byNo, err)
	}
	cases, err := d.CasesOfMember(e.ctx, m.ID)
	if err != nil || len(cases) != 1 || cases[0].ID != c.ID {
		t.Errorf("cases of %s: %+v, %v", m.No, cases, err)
	}
	cards, err := d.CardsOfMember(e.ctx, m.ID)
	if err != nil || len(cards) != 1 || cards[0].Status != CardSuspended {
		t.Errorf("cards of %s after a lost report: %+v, %v", m.No, cards, err)
	}
	if n, err := d.CountMembers(e.ctx); err != nil || n != 2 {
		t.Errorf("members: %d, %v; want 2", n, err)
	}
	if _, err := d.MemberByNo(e.ctx, "00000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown member: %v, want ErrNotFound", err)
	}
	if d.DBPath() != e.path {
		t.Errorf("path %q, want %q", d.DBPath(), e.path)
	}
}
