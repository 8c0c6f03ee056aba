package workflows

import (
	"testing"

	"spdesk/store"
)

// holdRows counts a member's letter.hold audit rows.
func (e *env) holdRows(mid int64) int {
	e.t.Helper()
	rows, err := e.st.AuditOfMember(e.ctx, mid, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Action == "letter.hold" {
			n++
		}
	}
	return n
}

// A notice queued before the address changed is held by the change itself,
// and a print run that finds only held letters keeps the holds it finds.
func TestAddressChangeHoldsQueuedNotice(t *testing.T) {
	e := newEnv(t, 2, 0)
	mid := e.member(false)
	e.resetFor(mid)
	e.changeAddress(mid, false)
	hs, err := e.st.HeldLetters(e.ctx)
	if err != nil || len(hs) != 1 || hs[0].MemberID != mid {
		t.Fatalf("held after the address change: %+v (%v), want the queued notice", hs, err)
	}
	if n := e.holdRows(mid); n != 1 {
		t.Fatalf("%d letter.hold rows after the change, want 1", n)
	}
	_, err = e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if we, ok := err.(*Error); !ok || we.Key != "letters.all_held" {
		t.Fatalf("print: %v, want letters.all_held", err)
	}
	if hs, _ := e.st.HeldLetters(e.ctx); len(hs) != 1 {
		t.Fatalf("held after the refused print: %d, want 1", len(hs))
	}
	if n := e.holdRows(mid); n != 1 {
		t.Errorf("%d letter.hold rows after the print, want still 1", n)
	}
	if _, err := e.svc.ReleaseLetter(e.ctx, "carol", hs[0].ID, hs[0].Version, "member confirmed by phone"); err != nil {
		t.Fatalf("release: %v", err)
	}
	checkInvariants(t, e.st)
}

// A hold the print run itself finds (the rule caught up with a letter no
// change held) commits even when the run then refuses.
func TestPrintCommitsHoldsItFinds(t *testing.T) {
	e := newEnv(t, 2, 0)
	mid := e.member(false)
	e.resetFor(mid)
	// An address change written without the contact-change workflow (as an
	// older version did): only the print run can hold the notice.
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		return tx.AppendAudit(&store.AuditEvent{Operator: "alice", Action: "contact_change.change_contact", MemberID: mid,
			Before: `{"address":"a"}`, After: `{"address":"b"}`})
	}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if we, ok := err.(*Error); !ok || we.Key != "letters.all_held" {
		t.Fatalf("print: %v, want letters.all_held", err)
	}
	hs, err := e.st.HeldLetters(e.ctx)
	if err != nil || len(hs) != 1 {
		t.Fatalf("held after the refused print: %+v (%v), want 1", hs, err)
	}
	if n := e.holdRows(mid); n != 1 {
		t.Errorf("%d letter.hold rows, want 1", n)
	}
	if _, err := e.svc.ReleaseLetter(e.ctx, "carol", hs[0].ID, hs[0].Version, "checked"); err != nil {
		t.Fatalf("release: %v", err)
	}
}
