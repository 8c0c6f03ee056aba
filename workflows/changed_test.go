package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// TestTwoConsolesSayWhatChangedAndLeaveNoCase (issue 12 §3.3): two
// Services on one SQLite file look at the same member; the first changes
// the phone and postal code. The second, still on the old record, is told
// the member changed (what, by whom) and to reload — not that the identity
// did not match — and no case is left open behind the refusal.
func TestTwoConsolesSayWhatChangedAndLeaveNoCase(t *testing.T) {
	e := newEnv(t, 3, 0)
	other, err := store.Open(e.ctx, e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc2, err := New(other, WithClock(e.clock), WithPasswordParams(testParams))
	if err != nil {
		t.Fatal(err)
	}
	mid := e.std[0]
	seen := e.memberRec(mid) // both consoles show this version
	oldAnswers := IdentityAnswers{BirthDate: tBirth, Phone: tPhone}

	// Console 1 (alice): a contact change, started the one-transaction way.
	r, ir, err := e.svc.StartCase(e.ctx, "alice", StartCaseRequest{Type: store.CaseContactChange, Seen: seen, Answers: oldAnswers})
	if err != nil || !ir.Passed || r.Failed() {
		t.Fatalf("console 1 start: %v %+v %q", err, ir, r.Outcome)
	}
	if _, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: seen.Version, Phone: "0311112222", PostalCode: "1000001"}); err != nil {
		t.Fatal(err)
	}

	openCases := func() int {
		cases, _ := e.st.CasesOfMember(e.ctx, mid)
		n := 0
		for _, c := range cases {
			if c.Open() {
				n++
			}
		}
		return n
	}
	checkChanged := func(what string, err error, ja, en []string) {
		t.Helper()
		wantCode(t, err, ECHANGED)
		for lang, words := range map[string][]string{
			"ja": append(ja, "alice", "再読み込み", seen.No),
			"en": append(en, "alice", "reload", seen.No),
		} {
			msg := Message(err, lang)
			for _, w := range words {
				if !strings.Contains(msg, w) {
					t.Errorf("%s (%s): %q lacks %q", what, lang, msg, w)
				}
			}
			for _, bad := range []string{"本人確認", "identity", "address", "住所", "0311112222", "0322223333"} {
				if strings.Contains(msg, bad) {
					t.Errorf("%s (%s): %q says %q", what, lang, msg, bad)
				}
			}
		}
	}

	// Console 2 (bob), still on the old record, with the caller's answers
	// as its screen shows them.
	before := e.auditCount()
	_, _, err = svc2.StartCase(e.ctx, "bob", StartCaseRequest{Type: store.CaseContactChange, Seen: seen, Answers: oldAnswers})
	checkChanged("start", err, []string{"電話番号", "郵便番号"}, []string{"phone", "postal code"})
	_, err = svc2.OpenCase(e.ctx, "bob", OpenCaseRequest{MemberID: mid, Type: store.CasePasswordReset, Seen: seen})
	checkChanged("open", err, []string{"電話番号", "郵便番号"}, []string{"phone", "postal code"})
	if n := openCases(); n != 0 || e.auditCount() != before {
		t.Fatalf("refused starts left %d open cases and %d audit rows", n, e.auditCount()-before)
	}

	// A check on a case opened before the next change is refused the same
	// way, and records nothing.
	fresh := e.memberRec(mid)
	k := must(t)(svc2.OpenCase(e.ctx, "bob", OpenCaseRequest{MemberID: mid, Type: store.CaseNameChange, Seen: fresh}))
	r, _, err = e.svc.StartCase(e.ctx, "alice", StartCaseRequest{Type: store.CaseContactChange, Seen: fresh,
		Answers: IdentityAnswers{BirthDate: tBirth, Phone: "0311112222"}})
	if err != nil || r.Failed() {
		t.Fatalf("second change: %v %q", err, r.Outcome)
	}
	if _, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: fresh.Version, Phone: "0322223333"}); err != nil {
		t.Fatal(err)
	}
	before = e.auditCount()
	_, _, err = svc2.CheckIdentity(e.ctx, "bob", CheckIdentityRequest{CaseID: k.ID, CaseVersion: k.Version,
		Answers: IdentityAnswers{BirthDate: tBirth, Phone: "0311112222"}, Seen: fresh})
	checkChanged("check", err, []string{"電話番号"}, []string{"phone"})
	if got := e.caseRec(k.ID); got.Version != k.Version || e.auditCount() != before {
		t.Errorf("refused check recorded something: case v%d→v%d, %d audit rows", k.Version, got.Version, e.auditCount()-before)
	}

	// After a reload, the second console's start goes through.
	now := e.memberRec(mid)
	r, ir, err = svc2.StartCase(e.ctx, "bob", StartCaseRequest{Type: store.CasePasswordReset, Seen: now,
		Answers: IdentityAnswers{BirthDate: tBirth, Phone: "0322223333"}})
	if err != nil || !ir.Passed || r.Case.State != store.StateIdentityVerified {
		t.Fatalf("after reload: %v %+v %s", err, ir, r.Case.State)
	}
	// Malformed answers leave nothing behind either.
	before = e.auditCount()
	_, _, err = svc2.StartCase(e.ctx, "bob", StartCaseRequest{Type: store.CaseCancellation, Seen: e.memberRec(mid),
		Answers: IdentityAnswers{BirthDate: "not a date", Phone: tPhone}})
	wantCode(t, err, EINVALID)
	if e.auditCount() != before {
		t.Error("a refused start wrote to the audit trail")
	}
	checkInvariants(t, e.st)
}
