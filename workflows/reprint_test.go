package workflows

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"spdesk/store"
)

// changeAddress changes a member's address on a contact-change case.
func (e *env) changeAddress(mid int64, phoneOnly bool) {
	e.t.Helper()
	c := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange}))
	var err error
	if c, err = e.do(c, ActCheckIdentity); err != nil {
		e.t.Fatal(err)
	}
	req := ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version, MemberVersion: e.memberRec(mid).Version}
	if phoneOnly {
		req.Phone = "0312345678"
	} else {
		req.Address = "大阪府大阪市北区梅田1-1-1"
	}
	must(e.t)(e.svc.ChangeContact(e.ctx, "alice", req))
}

// resetFor walks a password reset for one member to password_issued.
func (e *env) resetFor(mid int64) store.Case {
	e.t.Helper()
	c := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CasePasswordReset}))
	r, _, err := e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: IdentityAnswers{BirthDate: tBirth, PostalCode: tPostal}})
	if err != nil {
		e.t.Fatal(err)
	}
	return must(e.t)(e.svc.IssuePassword(e.ctx, "alice", stepOf(r.Case)))
}

func TestPasswordNoticeHeldAfterAddressChange(t *testing.T) {
	e := newEnv(t, 4, 0)
	start := e.clock.Now()
	recent, old, phone := e.member(false), e.member(false), e.member(false)
	e.clock.Set(start.AddDate(0, 0, -31))
	e.changeAddress(old, false) // 31 days before: outside the window
	e.clock.Set(start.AddDate(0, 0, -29))
	e.changeAddress(recent, false)
	e.changeAddress(phone, true) // a phone change is not the pattern
	e.clock.Set(start)
	held := e.resetFor(recent)
	e.resetFor(old)
	e.resetFor(phone)

	hs, err := e.st.HeldLetters(e.ctx)
	if err != nil || len(hs) != 1 || hs[0].CaseID != held.ID || hs[0].Hold != HoldAddressChanged {
		t.Fatalf("held letters %+v (%v): want only %s's notice, held for the address change", hs, err, held.No())
	}
	if why := HoldReason(hs[0].Hold, "en"); !strings.Contains(why, "address changed in the last 30 days") {
		t.Errorf("reason %q", why)
	}
	spool := t.TempDir()
	b, err := e.svc.PrintLetters(e.ctx, "alice", spool)
	if err != nil || b.Letters != 2 {
		t.Fatalf("print: %v, %d letters; want the 2 notices not held", err, b.Letters)
	}
	_, err = e.svc.PrintLetters(e.ctx, "alice", spool)
	wantCode(t, err, ENOTFOUND)
	if we := err.(*Error); we.Key != "letters.all_held" {
		t.Errorf("refusal %s, want letters.all_held", we.Key)
	}

	// Only a supervisor releases it, with an audit row each way.
	before := e.auditCount()
	_, err = e.svc.ReleaseLetter(e.ctx, testOperator, hs[0].ID, hs[0].Version, "")
	wantCode(t, err, EFORBIDDEN)
	if e.auditCount() != before+1 {
		t.Error("refused release left no audit row")
	}
	l, err := e.svc.ReleaseLetter(e.ctx, "bob", hs[0].ID, hs[0].Version, "本人に電話で確認済み")
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := e.st.AuditOfMember(e.ctx, l.MemberID, 1)
	if len(evs) != 1 || evs[0].Action != "letter.release" || evs[0].Operator != "bob" {
		t.Errorf("release audit %+v", evs)
	}
	b, err = e.svc.PrintLetters(e.ctx, "alice", spool)
	if err != nil || b.Letters != 1 {
		t.Fatalf("print after release: %v %+v", err, b)
	}
}

func TestReprintNeedsSecondSupervisorAndIssuesNewPassword(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.issued()
	spool := t.TempDir()
	b, err := e.svc.PrintLetters(e.ctx, "alice", spool)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := e.st.LettersOfCase(e.ctx, c.ID)
	printed := ls[0]
	hashBefore := e.passwordHash(c.MemberID)

	_, err = e.svc.RequestReprint(e.ctx, testOperator, ReprintRequest{LetterID: printed.ID})
	wantCode(t, err, EINVALID) // a reason is required
	req, err := e.svc.RequestReprint(e.ctx, testOperator, ReprintRequest{LetterID: printed.ID, Reason: "宛先不明で返送"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: printed.ID, Reason: "again"})
	wantCode(t, err, ECONFLICT)

	items, err := e.svc.Approvals(e.ctx)
	if err != nil || len(items) != 1 || items[0].Kind != ApproveReprint || items[0].LetterKind != store.LetterPasswordNotice {
		t.Fatalf("approvals %+v %v", items, err)
	}
	_, err = e.svc.ApproveReprint(e.ctx, testOperator, req.ID, req.Version) // an operator
	wantCode(t, err, EFORBIDDEN)
	req2, err := e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: mustForm(t, e), Reason: "汚損"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.ApproveReprint(e.ctx, "alice", req2.ID, req2.Version) // the requester
	wantCode(t, err, EFORBIDDEN)

	done, err := e.svc.ApproveReprint(e.ctx, "bob", req.ID, req.Version)
	if err != nil || done.State != "approved" || done.NewLetterID == 0 || done.DecidedBy != "bob" {
		t.Fatalf("approve: %v %+v", err, done)
	}
	if e.passwordHash(c.MemberID) == hashBefore {
		t.Error("a reprinted password notice must carry a new password")
	}
	_, err = e.svc.ApproveReprint(e.ctx, "carol", req.ID, done.Version-1)
	wantCode(t, err, ESTATE)
	// The new notice prints in the next batch; its case is not stepped again.
	b2, err := e.svc.PrintLetters(e.ctx, "alice", spool)
	if err != nil || b2.ID == b.ID || b2.Letters != 1 {
		t.Fatalf("print reprint: %v %+v", err, b2)
	}
	if got := e.caseRec(c.ID).State; got != store.StateLetterPrinted {
		t.Errorf("case moved to %s by its reprint", got)
	}
	checkInvariants(t, e.st)
}

// mustForm prints a broken-card form and returns its letter ID.
func mustForm(t *testing.T, e *env) int64 {
	t.Helper()
	c := e.reach(store.CaseBrokenCard, false, []Action{ActMailForm})
	if _, err := e.svc.PrintSelected(e.ctx, "alice", t.TempDir(), PrintOptions{Kinds: []store.LetterKind{store.LetterReissueForm}}); err != nil {
		t.Fatal(err)
	}
	ls, _ := e.st.LettersOfCase(e.ctx, c.ID)
	return ls[0].ID
}

func (e *env) passwordHash(mid int64) string {
	e.t.Helper()
	h, err := e.st.PasswordHash(e.ctx, mid)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func TestPrintSelectionProgressAndReconcile(t *testing.T) {
	e := newEnv(t, 6, 0)
	for range 3 {
		e.issued()
	}
	e.reach(store.CaseBrokenCard, false, []Action{ActMailForm})
	spool := t.TempDir()
	var steps []int
	b, err := e.svc.PrintSelected(e.ctx, "alice", spool, PrintOptions{Kinds: []store.LetterKind{store.LetterPasswordNotice},
		PerLetter: true, Progress: func(done, total int) {
			if total != 3 {
				t.Errorf("progress total %d", total)
			}
			steps = append(steps, done)
		}})
	if err != nil || b.Letters != 3 || len(steps) != 3 || steps[2] != 3 {
		t.Fatalf("print selection: %v %+v steps %v", err, b, steps)
	}
	counts, _ := e.st.CountQueuedLetters(e.ctx)
	if counts[store.LetterReissueForm] != 1 || counts[store.LetterPasswordNotice] != 0 {
		t.Errorf("left queued: %v", counts)
	}
	rc, err := e.svc.Reconcile(e.ctx, b.No())
	if err != nil || !rc.OK || rc.Manifest != 3 || rc.Files != 3 || rc.Letters != 3 {
		t.Fatalf("reconcile %+v %v", rc, err)
	}
	ls, _ := os.ReadDir(b.SpoolDir)
	for _, f := range ls {
		if strings.Contains(f.Name(), "L-") {
			os.Remove(filepath.Join(b.SpoolDir, f.Name()))
			break
		}
	}
	if rc, err = e.svc.Reconcile(e.ctx, b.No()); err != nil || rc.OK || rc.Files != 2 || len(rc.Missing) != 1 {
		t.Fatalf("reconcile with a file gone: %+v %v", rc, err)
	}
}

// TestSpoolFillsMidBatch: the spool folder fails part-way through a batch.
// Nothing is marked printed, no file of the failed run stays, the batch
// number is not given out again, and a rerun prints every letter exactly
// once. "in the way" puts a directory where the batch's manifest must go
// while the run works, its PDF written (works anywhere); "tmpfs" really
// fills a 64 KiB
// tmpfs (needs root and mount; skipped otherwise).
func TestSpoolFillsMidBatch(t *testing.T) {
	run := func(t *testing.T, spool string, fail func(done int), heal func()) {
		e := newEnv(t, 30, 0)
		for range 30 {
			e.issued()
		}
		_, err := e.svc.PrintSelected(e.ctx, "alice", spool, PrintOptions{Progress: func(done, _ int) { fail(done) }})
		wantCode(t, err, EIO)
		if bs, _ := e.st.Batches(e.ctx, 0); len(bs) != 0 {
			t.Fatalf("a failed run left batch %+v", bs)
		}
		if n, _ := e.st.CountQueuedLetters(e.ctx); n[store.LetterPasswordNotice] != 30 {
			t.Fatalf("queued after failure: %v", n)
		}
		if names := letterFiles(t, spool); len(names) != 0 {
			t.Fatalf("files left by the failed run: %v", names)
		}
		heal()
		b, err := e.svc.PrintLetters(e.ctx, "alice", spool)
		if err != nil || b.Letters != 30 {
			t.Fatalf("rerun: %v %+v", err, b)
		}
		if b.No() != "B-00002" {
			t.Errorf("rerun printed as %s, want B-00002: the failed run's number is never reused", b.No())
		}
		man, err := os.ReadFile(filepath.Join(b.SpoolDir, b.No()+"_manifest.txt"))
		if err != nil {
			t.Fatal(err)
		}
		refs := map[string]int{}
		for _, l := range strings.Split(string(man), "\n") {
			if f := strings.Split(l, "\t"); f[0] == "letter" {
				refs[f[1]]++
			}
		}
		if len(refs) != 30 {
			t.Fatalf("after rerun the manifest lists %d letters: %v", len(refs), refs)
		}
		if rc, err := e.svc.Reconcile(e.ctx, b.No()); err != nil || !rc.OK {
			t.Fatalf("reconcile %+v %v", rc, err)
		}
		checkInvariants(t, e.st)
	}
	t.Run("in the way", func(t *testing.T) {
		spool := t.TempDir()
		// Once the batch's PDF is written, the manifest's name is taken
		// by a directory: the run's last write fails.
		run(t, spool, func(done int) {
			if done == 11 {
				os.MkdirAll(filepath.Join(spool, ".B-00001.uncommitted", "B-00001_manifest.txt", "x"), 0o700)
			}
		}, func() {})
	})
	t.Run("tmpfs", func(t *testing.T) {
		spool := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", spool).CombinedOutput(); err != nil {
			if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
				t.Fatalf("SPDESK_REQUIRE_REAL is set, but a tmpfs cannot be mounted here (make test runs as root): %v %s", err, out)
			}
			t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", spool).Run() })
		run(t, spool, func(int) {}, func() {
			if out, err := exec.Command("mount", "-o", "remount,size=4m", spool).CombinedOutput(); err != nil {
				t.Fatalf("remount: %v %s", err, out)
			}
		})
	})
}

// letterFiles lists the letter files anywhere under dir.
func letterFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (strings.Contains(d.Name(), "_L-") || strings.HasSuffix(d.Name(), ".pdf")) {
			out = append(out, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestRejectReprintIsASupervisorsSecondOpinion(t *testing.T) {
	e := newEnv(t, 2, 0)
	id := mustForm(t, e)
	req, err := e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: id, Reason: "汚損"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.RejectReprint(e.ctx, testOperator, req.ID, req.Version, "不要")
	wantCode(t, err, EFORBIDDEN)
	_, err = e.svc.RejectReprint(e.ctx, "alice", req.ID, req.Version, "不要")
	wantCode(t, err, EFORBIDDEN)
	_, err = e.svc.RejectReprint(e.ctx, "bob", req.ID, req.Version, "")
	wantCode(t, err, EINVALID) // a reason is required
	r, err := e.svc.RejectReprint(e.ctx, "bob", req.ID, req.Version, "再送不要と確認")
	if err != nil || r.State != "rejected" || r.NewLetterID != 0 {
		t.Fatalf("reject: %v %+v", err, r)
	}
	if q, _ := e.st.CountQueuedLetters(e.ctx); len(q) != 0 {
		t.Errorf("a rejected reprint queued %v", q)
	}
	if items, _ := e.svc.Approvals(e.ctx); len(items) != 0 {
		t.Errorf("still waiting: %+v", items)
	}
}
