package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// queuedNotices lists a member's queued password notices.
func (e *env) queuedNotices(mid int64) []store.Letter {
	e.t.Helper()
	ls, err := e.st.LettersOfMember(e.ctx, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.Letter
	for _, l := range ls {
		if l.State == store.LetterQueued && l.Kind == store.LetterPasswordNotice {
			out = append(out, l)
		}
	}
	return out
}

// A new password, by reprint or by reset, cancels the notice still queued
// with the password it replaced.
func TestNewPasswordCancelsOlderQueuedNotice(t *testing.T) {
	e := newEnv(t, 2, 0)
	a := e.issued()
	mid := a.MemberID
	if _, err := e.svc.PrintLetters(e.ctx, "alice", t.TempDir()); err != nil {
		t.Fatal(err)
	}
	a = e.caseRec(a.ID)
	var err error
	for _, act := range []Action{ActMailLetter, ActClose} {
		if a, err = e.do(a, act); err != nil {
			t.Fatalf("%s: %v", act, err)
		}
	}
	ls, _ := e.st.LettersOfCase(e.ctx, a.ID)
	printed := ls[0]
	reprint := func() int64 {
		t.Helper()
		req, err := e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: printed.ID, Reason: "返送"})
		if err != nil {
			t.Fatal(err)
		}
		done, err := e.svc.ApproveReprint(e.ctx, "bob", req.ID, req.Version)
		if err != nil {
			t.Fatal(err)
		}
		return done.NewLetterID
	}
	first := reprint()

	// A reset issues a new password: the reprint's notice is dead.
	r := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CasePasswordReset}))
	if r, err = e.do(r, ActCheckIdentity); err != nil {
		t.Fatal(err)
	}
	rows0 := e.auditActions(mid)["letter.cancel"]
	r = must(t)(e.svc.IssuePassword(e.ctx, "alice", stepOf(r)))
	q := e.queuedNotices(mid)
	if len(q) != 1 || q[0].CaseID != r.ID {
		t.Fatalf("queued notices after the reset: %+v, want only %s's", q, r.No())
	}
	if got := e.auditActions(mid)["letter.cancel"] - rows0; got != 1 {
		t.Errorf("%d letter.cancel rows for the superseded notice, want 1", got)
	}
	evs, _ := e.st.AuditOfMember(e.ctx, mid, 1000)
	found := false
	for _, ev := range evs {
		if ev.Action == "letter.cancel" && ev.LetterID == first {
			found = true
			if !strings.Contains(ev.After, `"reason":"superseded"`) || !strings.Contains(ev.After, q[0].RefNo()) {
				t.Errorf("cancel row %s: want the reason and the new letter", ev.After)
			}
		}
	}
	if !found {
		t.Errorf("no letter.cancel row for the reprint's notice L-%07d", first)
	}

	// A reprint while the open reset's notice is queued is refused: it
	// would leave the reset waiting for a letter that never comes.
	req, err := e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: printed.ID, Reason: "返送"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.ApproveReprint(e.ctx, "bob", req.ID, req.Version)
	wantCode(t, err, ECONFLICT)
	if !strings.Contains(Message(err, "en"), r.No()) {
		t.Errorf("refusal %q does not name %s", Message(err, "en"), r.No())
	}
	if _, err := e.svc.RejectReprint(e.ctx, "bob", req.ID, req.Version, "reset under way"); err != nil {
		t.Fatal(err)
	}

	// Once the reset's letter is printed, a reprint supersedes nothing of
	// a case; two reprints in a row leave only the newer notice.
	if _, err := e.svc.PrintLetters(e.ctx, "alice", t.TempDir()); err != nil {
		t.Fatal(err)
	}
	reprint()
	second := reprint()
	q = e.queuedNotices(mid)
	if len(q) != 1 || q[0].ID != second {
		t.Fatalf("queued notices after two reprints: %+v, want only L-%07d", q, second)
	}
	if n, _ := e.st.StrayLetterSecrets(e.ctx); n != 0 {
		t.Errorf("%d stray secrets", n)
	}
	checkInvariants(t, e.st)
}
