package workflows

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
)

// issued walks a fresh password reset to password_issued.
func (e *env) issued() store.Case {
	e.t.Helper()
	return e.reach(store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword})
}

func TestPrintWipesPasswordFromDatabase(t *testing.T) {
	e := newFileEnv(t, 60, 0)
	var cases []store.Case
	for range 40 { // enough rows that the letters table spans pages and splits
		cases = append(cases, e.issued())
	}
	form := e.reach(store.CaseBrokenCard, false, []Action{ActMailForm})
	// Read the clear texts the only way there is: from the queued letters.
	var pws []string
	e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		ls, err := tx.QueuedLetters()
		for _, l := range ls {
			if l.Kind == store.LetterPasswordNotice {
				pws = append(pws, l.Secret)
			}
		}
		return err
	})
	if len(pws) != len(cases) {
		t.Fatalf("%d queued passwords, want %d", len(pws), len(cases))
	}
	for _, pw := range pws {
		if len(pw) != 10 || !strings.ContainsAny(pw, passwordUpper) || !strings.ContainsAny(pw, passwordLower) ||
			!strings.ContainsAny(pw, passwordDigits) || strings.ContainsAny(pw, "0O1lI") {
			t.Errorf("bad password %q", pw)
		}
	}
	hash, _ := e.st.PasswordHash(e.ctx, cases[0].MemberID)
	if !VerifyPassword(hash, pws[0]) || VerifyPassword(hash, pws[1]) {
		t.Error("stored hash does not verify the issued password")
	}

	spool := filepath.Join(t.TempDir(), "spool")
	before := e.auditCount()
	b, err := e.svc.PrintLetters(e.ctx, "carol", spool)
	if err != nil {
		t.Fatal(err)
	}
	// One row per letter, and the batch number's reservation.
	if b.Letters != 41 || e.auditCount()-before != 42 {
		t.Errorf("batch of %d letters, %d audit rows; want 41 and 42", b.Letters, e.auditCount()-before)
	}
	if ok, err := e.st.Checkpoint(e.ctx); !ok || err != nil {
		t.Fatalf("checkpoint: %v %v", ok, err)
	}
	spooled := []byte(spoolText(t, b.SpoolDir))
	var db []byte
	for _, f := range []string{e.path, e.path + "-wal", e.path + "-shm"} {
		data, _ := os.ReadFile(f)
		db = append(db, data...)
	}
	for _, pw := range pws {
		if !bytes.Contains(spooled, []byte(pw)) {
			t.Errorf("password %s not in the spool", pw)
		}
		if bytes.Contains(db, []byte(pw)) {
			t.Errorf("password %s still in the database files", pw)
		}
	}
	if !bytes.Contains(spooled, []byte("返信用封筒")) || !bytes.Contains(spooled, []byte("様")) ||
		!bytes.Contains(spooled, []byte("〒123-4567")) {
		t.Error("letters lack the Japanese letter shape")
	}
	man, err := os.ReadFile(filepath.Join(b.SpoolDir, b.No()+"_manifest.txt"))
	if err != nil || !strings.Contains(string(man), "count\tpassword_notice\t40") ||
		!strings.Contains(string(man), "count\ttotal\t41") {
		t.Errorf("manifest: %v\n%s", err, man)
	}
	if c := e.caseRec(cases[0].ID); c.State != store.StateLetterPrinted {
		t.Errorf("reset is %s after print", c.State)
	}
	if c := e.caseRec(form.ID); c.State != store.StateFormMailed {
		t.Errorf("form case moved to %s by printing", c.State)
	}

	// Mailing the batch moves the resets on; mailing it twice is refused.
	if _, err := e.svc.MarkBatchMailed(e.ctx, "carol", b.No()); err != nil {
		t.Fatal(err)
	}
	// Mailed, the batch's PDF (the passwords in clear) is gone; the
	// manifest stays for the record.
	if pdfs, _ := filepath.Glob(filepath.Join(b.SpoolDir, "*.pdf")); len(pdfs) != 0 {
		t.Errorf("PDFs left after mailing: %v", pdfs)
	}
	if _, err := os.Stat(filepath.Join(b.SpoolDir, b.No()+"_manifest.txt")); err != nil {
		t.Errorf("manifest: %v", err)
	}
	if c := e.caseRec(cases[0].ID); c.State != store.StateLetterMailed {
		t.Errorf("reset is %s after mailing", c.State)
	}
	before = e.auditCount()
	_, err = e.svc.MarkBatchMailed(e.ctx, "carol", b.No())
	wantCode(t, err, ESTATE)
	_, err = e.svc.MarkBatchMailed(e.ctx, "carol", "B-99999")
	wantCode(t, err, ENOTFOUND)
	_, err = e.svc.MarkBatchMailed(e.ctx, "carol", "batch one")
	wantCode(t, err, EINVALID)
	if e.auditCount() != before {
		t.Error("refused mailing wrote audit rows")
	}
	checkInvariants(t, e.st)
}

func TestPrintRefusals(t *testing.T) {
	e := newEnv(t, 5, 0)
	_, err := e.svc.PrintLetters(e.ctx, "carol", t.TempDir())
	wantCode(t, err, ENOTFOUND)
	if !strings.Contains(Message(err, "en"), "no letters are queued") {
		t.Errorf("empty queue message: %s", Message(err, "en"))
	}

	c := e.issued()
	// A regular file where the folder should be: unwritable even for root.
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	os.WriteFile(blocker, []byte("x"), 0o600)
	before := e.auditCount()
	_, err = e.svc.PrintLetters(e.ctx, "carol", filepath.Join(blocker, "spool"))
	wantCode(t, err, EIO)
	if msg := Message(err, "ja"); !strings.Contains(msg, "印刷待ちのまま") {
		t.Errorf("spool message: %s", msg)
	}
	if e.auditCount() != before || e.caseRec(c.ID).State != store.StatePasswordIssued {
		t.Error("a failed print changed something")
	}
	n, _ := e.st.CountQueuedLetters(e.ctx)
	if n[store.LetterPasswordNotice] != 1 {
		t.Errorf("queued after failed print: %v", n)
	}
	checkInvariants(t, e.st)
}

func TestWithdrawCancelsQueuedPassword(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.issued()
	c = must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c.ID, c.Version, "caller was not the member"}))
	if m := e.memberRec(c.MemberID); m.PasswordState != store.PasswordLocked {
		t.Errorf("password state %s after withdrawing an issued reset", m.PasswordState)
	}
	ls, _ := e.st.LettersOfCase(e.ctx, c.ID)
	if len(ls) != 1 || ls[0].State != store.LetterCancelled {
		t.Errorf("letters after withdraw: %+v", ls)
	}
	_, err := e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c.ID, c.Version, "again"})
	wantCode(t, err, ESTATE)
	c2 := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: e.std[0], Type: store.CaseNameChange}))
	_, err = e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c2.ID, c2.Version, "  "})
	wantCode(t, err, EINVALID)
	checkInvariants(t, e.st)
}
