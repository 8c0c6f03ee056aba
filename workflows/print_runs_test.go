package workflows

import (
	"os"
	"path/filepath"
	"testing"

	"spdesk/store"
)

// What dead print runs leave is settled by the next print: a committed
// batch's folder gets its name, an uncommitted one is removed and its
// number never comes back, and a live run's folder is left alone.
func TestPrintSettlesWhatDeadRunsLeft(t *testing.T) {
	e := newEnv(t, 6, 0)
	spool := filepath.Join(t.TempDir(), "spool")
	e.issued()
	b1, err := e.svc.PrintLetters(e.ctx, "carol", spool)
	if err != nil {
		t.Fatal(err)
	}
	// Killed between its commit and its rename: the folder still has the
	// uncommitted name.
	if err := os.Rename(b1.SpoolDir, filepath.Join(spool, ".B-00001.uncommitted")); err != nil {
		t.Fatal(err)
	}
	// Killed after reserving B-00002, while writing.
	var res store.BatchReservation
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		res, err = tx.ReserveBatchNumber(spool, "carol")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(spool, ".B-00002.uncommitted")
	os.Mkdir(dead, 0o700)
	os.WriteFile(filepath.Join(dead, "B-00002_L-0000009_password_notice.txt"), []byte("secret"), 0o600)
	// Killed before its reservation of B-00003 committed (the number was
	// never taken), and a live run's folder, locked, under B-00099.
	unreserved := filepath.Join(spool, ".B-00003.uncommitted")
	os.Mkdir(unreserved, 0o700)
	live := filepath.Join(spool, ".B-00099.uncommitted")
	os.Mkdir(live, 0o700)
	lock, err := lockDir(live)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()

	e.issued()
	before := e.auditCount()
	b, err := e.svc.PrintLetters(e.ctx, "carol", spool)
	if err != nil {
		t.Fatal(err)
	}
	if b.No() != "B-00003" {
		t.Errorf("printed as %s, want B-00003 (B-00002 was reserved by the dead run)", b.No())
	}
	for _, p := range []string{filepath.Join(spool, "B-00001", "B-00001_manifest.txt"), filepath.Join(spool, "B-00003"), live} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{filepath.Join(spool, ".B-00001.uncommitted"), dead, unreserved, filepath.Join(spool, "B-00002")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
	if rc, err := e.svc.Reconcile(e.ctx, b1.No()); err != nil || !rc.OK {
		t.Errorf("reconcile of the renamed batch: %+v %v", rc, err)
	}
	// The dead run's number is recorded as abandoned, with its audit row:
	// the abandonment, the reservation and the one letter.
	var got store.BatchReservation
	e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		got, err = tx.BatchReservationOf(res.ID)
		return err
	})
	if got.Outcome != store.BatchRunAbandoned {
		t.Errorf("B-00002 is %q, want abandoned", got.Outcome)
	}
	if n := e.auditCount() - before; n != 3 {
		t.Errorf("%d audit rows, want 3 (abandon, reserve, letter)", n)
	}
	checkInvariants(t, e.st)
}

// The run's files are 0600 in a 0700 folder named as uncommitted, and
// nothing is readable under the batch's own name before the commit.
func TestPrintRunWritesUnderUncommittedName(t *testing.T) {
	e := newEnv(t, 6, 0)
	spool := filepath.Join(t.TempDir(), "spool")
	for range 3 {
		e.issued()
	}
	var seen []string
	b, err := e.svc.PrintSelected(e.ctx, "carol", spool, PrintOptions{Progress: func(done, _ int) {
		ents, _ := os.ReadDir(spool)
		for _, d := range ents {
			seen = append(seen, d.Name())
			if d.Name() != ".B-00001.uncommitted" {
				t.Errorf("during the run the spool holds %s", d.Name())
			}
		}
		dir := filepath.Join(spool, ".B-00001.uncommitted")
		if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("run folder: %v %v", st, err)
		}
	}})
	if err != nil || b.SpoolDir != filepath.Join(spool, "B-00001") || len(seen) != 3 {
		t.Fatalf("print: %v %+v, saw %v", err, b, seen)
	}
	ents, _ := os.ReadDir(spool)
	if len(ents) != 1 || ents[0].Name() != "B-00001" {
		t.Errorf("after the run the spool holds %v", ents)
	}
	// The batch's PDF (its passwords in clear) and manifest are 0600.
	files, _ := os.ReadDir(b.SpoolDir)
	if len(files) != 2 {
		t.Errorf("batch folder holds %v, want the PDF and the manifest", files)
	}
	for _, f := range files {
		if info, _ := f.Info(); info.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v", f.Name(), info.Mode().Perm())
		}
	}
}
