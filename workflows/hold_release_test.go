package workflows

import (
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
)

// moveMember changes a member's address to addr on a contact-change case.
func (e *env) moveMember(mid int64, addr string) {
	e.t.Helper()
	c := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange}))
	c, err := e.do(c, ActCheckIdentity)
	if err != nil {
		e.t.Fatal(err)
	}
	must(e.t)(e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
		MemberVersion: e.memberRec(mid).Version, Address: addr}))
}

// heldNotice is the member's one held letter.
func (e *env) heldNotice(mid int64) (store.LetterHold, bool) {
	e.t.Helper()
	hs, err := e.st.HeldLetters(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, h := range hs {
		if h.MemberID == mid {
			return h, true
		}
	}
	return store.LetterHold{}, false
}

// A release covers the address the supervisor reviewed: the address
// changing again holds the notice again, and a supervisor who reviewed the
// older state is told it changed.
func TestReleaseCoversOnlyItsAddress(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	e.resetFor(mid)
	e.moveMember(mid, "大阪府大阪市北区梅田1-1-1")
	h, ok := e.heldNotice(mid)
	if !ok {
		t.Fatal("the notice is not held after the address change")
	}
	if _, err := e.svc.ReleaseLetter(e.ctx, "bob", h.ID, h.Version, "本人に確認済み"); err != nil {
		t.Fatal(err)
	}
	holds := e.holdRows(mid)

	// The address changes again after the release, before printing.
	e.moveMember(mid, "福岡県福岡市中央区天神2-2-2")
	again, ok := e.heldNotice(mid)
	if !ok {
		t.Fatal("released notice not held again after a second address change")
	}
	if again.ReleasedBy != "" || again.Hold != HoldAddressChanged {
		t.Errorf("held again: %+v, want the address hold and no release", again)
	}
	if n := e.holdRows(mid); n != holds+1 {
		t.Errorf("%d letter.hold rows after the second change, want %d", n, holds+1)
	}
	_, err := e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if we, ok := err.(*Error); !ok || we.Key != "letters.all_held" {
		t.Fatalf("print after the second change: %v, want letters.all_held", err)
	}

	// A release made on the view from before the change is refused.
	_, err = e.svc.ReleaseLetter(e.ctx, "bob", h.ID, h.Version, "")
	wantCode(t, err, ECONFLICT)
	if _, err := e.svc.ReleaseLetter(e.ctx, "bob", again.ID, again.Version, "新住所も確認済み"); err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.PrintLetters(e.ctx, "carol", filepath.Join(t.TempDir(), "spool"))
	if err != nil || b.Letters != 1 {
		t.Fatalf("print after the second release: %v %+v", err, b)
	}
	ls, _ := e.st.LettersOfMember(e.ctx, mid)
	text := pdfText(t, filepath.Join(b.SpoolDir, ls[0].FileName))
	if !strings.Contains(text, "福岡県福岡市中央区天神2-2-2") {
		t.Errorf("printed notice is not addressed to the reviewed address:\n%s", text)
	}
	checkInvariants(t, e.st)
}

// The print run checks the release against the address in its own
// transaction: an address written by any other path (an older version, a
// bulk load) holds the released notice again.
func TestPrintHoldsNoticeReleasedForAnotherAddress(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	e.resetFor(mid)
	e.moveMember(mid, "大阪府大阪市北区梅田1-1-1")
	h, _ := e.heldNotice(mid)
	if _, err := e.svc.ReleaseLetter(e.ctx, "bob", h.ID, h.Version, ""); err != nil {
		t.Fatal(err)
	}
	m := e.memberRec(mid)
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		return tx.UpdateMemberContact(m.ID, m.Version, "8100001", "福岡県福岡市中央区天神2-2-2", m.Phone, m.Email)
	}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	if we, ok := err.(*Error); !ok || we.Key != "letters.all_held" {
		t.Fatalf("print: %v, want letters.all_held", err)
	}
	if _, ok := e.heldNotice(mid); !ok {
		t.Fatal("the print run did not hold the notice again")
	}
	if n, _ := e.st.CountQueuedLetters(e.ctx); n[store.LetterPasswordNotice] != 1 {
		t.Errorf("queued: %v", n)
	}
	checkInvariants(t, e.st)
}
