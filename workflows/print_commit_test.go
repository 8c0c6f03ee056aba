package workflows

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// otherDesk is a second console on the same database, with its own store.
func (e *env) otherDesk() *Service {
	e.t.Helper()
	st, err := store.OpenWith(e.ctx, e.path, store.OpenOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	svc, err := New(st, WithClock(e.clock), WithPasswordParams(testParams))
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// queuedNotice is member mid's queued password notice, its clear text
// included (read the only way there is).
func (e *env) queuedNotice(mid int64) store.Letter {
	e.t.Helper()
	var out store.Letter
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		ls, err := tx.QueuedLetters()
		for _, l := range ls {
			if l.MemberID == mid && l.Kind == store.LetterPasswordNotice {
				out = l
			}
		}
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	if out.ID == 0 {
		e.t.Fatalf("member %d has no queued notice", mid)
	}
	return out
}

// The print run's rendering holds no write transaction: another desk's
// step commits while the run's files are written and not yet recorded,
// and comes before the batch in the audit trail. (Before, the files were
// rendered inside the run's transaction: the other desk's write waited
// for the one writer until its deadline.)
func TestPrintRendersOutsideItsTransaction(t *testing.T) {
	e := newEnv(t, 6, 0)
	for range 3 {
		e.issued()
	}
	desk2 := e.otherDesk()
	mid := e.member(false)
	spool := filepath.Join(t.TempDir(), "spool")
	var opened store.Case
	var deskErr error
	tries := 0
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{rendered: func(int) {
		tries++
		// The deadline only keeps a blocked write from hanging the test.
		ctx, cancel := context.WithTimeout(e.ctx, 20*time.Second)
		defer cancel()
		var r Result
		r, deskErr = desk2.OpenCase(ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange})
		opened = r.Case
	}})
	if deskErr != nil {
		t.Fatalf("another desk's step while the run rendered: %v", deskErr)
	}
	if err != nil || rep.Batch.Letters != 3 || tries != 1 {
		t.Fatalf("print: %v, %d letters, rendered %d times; want 3 letters rendered once", err, rep.Batch.Letters, tries)
	}
	// The other desk's row is in the chain before the batch's.
	rows, err := e.st.AuditAfter(e.ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var desk, firstBatch int64
	for _, r := range rows {
		if r.CaseID == opened.ID && opened.ID != 0 {
			desk = r.ID
		}
		if r.BatchID == rep.Batch.ID && firstBatch == 0 {
			firstBatch = r.ID
		}
	}
	if desk == 0 || firstBatch == 0 || desk > firstBatch {
		t.Errorf("audit: the other desk's row #%d, the batch's first #%d; want the desk's first", desk, firstBatch)
	}
	if rc, err := e.svc.Reconcile(e.ctx, rep.Batch.No()); err != nil || !rc.OK || rc.Letters != 3 {
		t.Errorf("reconcile: %+v %v", rc, err)
	}
	checkInvariants(t, e.st)
}

// A letter queued while the run renders is not in its files and stays
// queued, clear text and all, for the next run; the run is not rendered
// again for it.
func TestPrintLeavesALetterQueuedDuringRenderingForTheNextRun(t *testing.T) {
	e := newEnv(t, 6, 0)
	for range 2 {
		e.issued()
	}
	late := e.member(false)
	spool := filepath.Join(t.TempDir(), "spool")
	tries := 0
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{PerLetter: true, rendered: func(int) {
		tries++
		e.resetFor(late)
	}})
	if err != nil || rep.Batch.Letters != 2 || tries != 1 {
		t.Fatalf("print: %v, %d letters, rendered %d times; want 2 letters rendered once", err, rep.Batch.Letters, tries)
	}
	l := e.queuedNotice(late)
	if l.Secret == "" {
		t.Fatal("the late notice lost its clear text")
	}
	text := spoolText(t, rep.Batch.SpoolDir)
	if strings.Contains(text, l.Secret) || strings.Contains(text, l.RefNo()) {
		t.Errorf("the late notice %s is in the batch's files", l.RefNo())
	}
	if rc, err := e.svc.Reconcile(e.ctx, rep.Batch.No()); err != nil || !rc.OK || rc.Files != 2 {
		t.Errorf("reconcile: %+v %v", rc, err)
	}
	next, err := e.svc.PrintLetters(e.ctx, "carol", spool)
	if err != nil || next.Letters != 1 {
		t.Fatalf("next run: %v %+v, want the late notice", err, next)
	}
	checkInvariants(t, e.st)
}

// A rendered letter held (its address changed) before the run commits is
// not recorded as printed: the run renders again without it, the files
// hold only the letters recorded, and the held notice keeps its clear
// text in the queue. A form whose address changed is rendered again with
// the new address.
func TestPrintRendersAgainWhenARenderedLetterChanged(t *testing.T) {
	e := newEnv(t, 8, 0)
	held := e.member(false)
	e.resetFor(held)
	e.issued()
	form := e.reach(store.CaseBrokenCard, false, []Action{ActMailForm})
	spool := filepath.Join(t.TempDir(), "spool")
	first := e.queuedNotice(held)
	var tries []int
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{rendered: func(try int) {
		tries = append(tries, try)
		if try == 1 {
			e.changeAddress(held, false)
			e.changeAddress(form.MemberID, false)
		}
	}})
	if err != nil || rep.Batch.Letters != 2 || len(tries) != 2 {
		t.Fatalf("print: %v, %d letters, renders %v; want 2 letters rendered twice", err, rep.Batch.Letters, tries)
	}
	hs, err := e.st.HeldLetters(e.ctx)
	if err != nil || len(hs) != 1 || hs[0].MemberID != held {
		t.Fatalf("held: %+v %v, want the notice of the member who moved", hs, err)
	}
	if l := e.queuedNotice(held); l.Secret != first.Secret {
		t.Error("the held notice lost its clear text")
	}
	text := spoolText(t, rep.Batch.SpoolDir)
	if strings.Contains(text, first.Secret) || strings.Contains(text, first.RefNo()) {
		t.Errorf("the held notice %s is in the batch's files", first.RefNo())
	}
	if !strings.Contains(text, "大阪府大阪市北区梅田") {
		t.Error("the form was not rendered again with its new address")
	}
	if rc, err := e.svc.Reconcile(e.ctx, rep.Batch.No()); err != nil || !rc.OK || rc.Letters != 2 || rc.Manifest != 2 {
		t.Errorf("reconcile: %+v %v", rc, err)
	}
	checkInvariants(t, e.st)
}

// A queue whose rendered letters change on every try is not printed: the
// run gives up after printTries, says so, leaves every letter queued and
// no folder behind, and its number is recorded as abandoned.
func TestPrintGivesUpOnAQueueThatKeepsChanging(t *testing.T) {
	e := newEnv(t, 8, 0)
	var mids []int64
	for range printTries + 1 {
		mid := e.member(false)
		e.resetFor(mid)
		mids = append(mids, mid)
	}
	before := e.queuedSecrets()
	spool := filepath.Join(t.TempDir(), "spool")
	tries := 0
	_, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{rendered: func(try int) {
		tries++
		e.changeAddress(mids[try-1], false)
	}})
	wantCode(t, err, ECONFLICT)
	if msg := Message(err, "en"); !strings.Contains(msg, "3 times") || !strings.Contains(msg, "still queued") {
		t.Errorf("message: %s", msg)
	}
	if tries != printTries {
		t.Errorf("rendered %d times, want %d", tries, printTries)
	}
	if after := e.queuedSecrets(); len(after) != len(before) {
		t.Errorf("%d clear texts queued after, %d before", len(after), len(before))
	}
	if bs, err := e.st.Batches(e.ctx, 10); err != nil || len(bs) != 0 {
		t.Errorf("batches: %+v %v", bs, err)
	}
	if ents, _ := filepath.Glob(filepath.Join(spool, "*")); len(ents) != 0 {
		t.Errorf("left in the spool: %v", ents)
	}
	if ents, _ := filepath.Glob(filepath.Join(spool, ".B-*")); len(ents) != 0 {
		t.Errorf("left in the spool: %v", ents)
	}
	rows, _ := e.st.AuditAfter(e.ctx, 0, 10000)
	abandoned := false
	for _, r := range rows {
		abandoned = abandoned || (r.Action == "letter.batch_abandon" && strings.Contains(r.After, "kept changing"))
	}
	if !abandoned {
		t.Error("no letter.batch_abandon row saying why")
	}
	checkInvariants(t, e.st)
}
