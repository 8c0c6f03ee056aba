package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/workflows"
)

// printDB makes a database with n queued password notices and a supervisor
// "sup" (password "sup-password"); it returns the clear-text passwords.
func printDB(t *testing.T, n int) (string, []string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "letters.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", fmt.Sprint(n+20)); !ok {
		t.Fatalf("seed: %s", stderr)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := workflows.New(st, workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddOperator(ctx, "sup", workflows.OperatorRequest{Login: "sup", DisplayName: "Sup",
		Role: store.RoleSupervisor, Password: "sup-password"}); err != nil {
		t.Fatal(err)
	}
	queued := 0
	for id := int64(1); queued < n && id < int64(n+20); id++ {
		m, err := st.MemberByID(ctx, id)
		if err != nil || m.Status != store.MemberActive {
			continue
		}
		r, err := svc.OpenCase(ctx, "sup", workflows.OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset})
		if err != nil {
			t.Fatal(err)
		}
		r, _, err = svc.CheckIdentity(ctx, "sup", workflows.CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
			Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
		if err != nil || !r.Case.IdentityPassed {
			t.Fatalf("identity of %s: %v", m.No, err)
		}
		if _, err := svc.IssuePassword(ctx, "sup", workflows.StepRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version}); err != nil {
			t.Fatal(err)
		}
		queued++
	}
	var pws []string
	err = st.Write(ctx, time.Now(), func(tx *store.Tx) error {
		ls, err := tx.QueuedLetters()
		for _, l := range ls {
			pws = append(pws, l.Secret)
		}
		return err
	})
	if err != nil || len(pws) != n {
		t.Fatalf("%d queued notices (%v), want %d", len(pws), err, n)
	}
	return db, pws
}

// TestKilledPrintLeavesNoLetter kills the real `spdesk letters print` in
// three 400-letter runs while they lay out their letters inside the open
// transaction (once the run's folder exists and its batch number's
// reservation has committed). The batch's PDF and manifest
// are written in the last milliseconds before the commit, too short a
// window to hit reliably from outside; the spool tests cover a write that
// fails there (TestSpoolFillsMidBatch). After each kill the database says nothing was printed and
// the spool holds nothing but the run's folder, recognisably uncommitted
// (.B-0000N.uncommitted, 0700, files 0600). The next run removes it, and
// the batch that finally prints has a number no killed run had.
func TestKilledPrintLeavesNoLetter(t *testing.T) {
	if testing.Short() {
		t.Skip("prints 400 letters several times")
	}
	db, pws := printDB(t, 400)
	spool := filepath.Join(t.TempDir(), "spool")
	args := []string{"letters", "print", "--db", db, "--spool", spool, "--operator", "sup"}
	// The test watches the reservation through a read-only connection.
	reserved, err := sql.Open("sqlite", "file:"+db+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reserved.Close()
	for round := range 3 {
		at := "" // the folder
		no := fmt.Sprintf("B-%05d", round+1)
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader("sup-password\n") // letters print signs in
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		run := filepath.Join(spool, "."+no+".uncommitted")
		n := 0
	watch:
		for {
			select {
			case <-exited:
				t.Fatalf("round %d: the run ended before its %q file was written (%d files seen):\n%s", round, at, n, out.String())
			default:
			}
			ents, err := os.ReadDir(run)
			n = len(ents)
			var taken int
			if err == nil {
				reserved.QueryRow(`SELECT count(*) FROM batch_numbers WHERE id = ?`, round+1).Scan(&taken)
			}
			if taken == 1 {
				cmd.Process.Signal(syscall.SIGKILL)
				<-exited
				break watch
			}
			time.Sleep(200 * time.Microsecond)
		}

		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		bs, _ := st.Batches(context.Background(), 0)
		q, _ := st.CountQueuedLetters(context.Background())
		st.Close()
		if len(bs) != 0 || q[store.LetterPasswordNotice] != 400 {
			t.Fatalf("round %d: killed at %d files, the database has batches %v and %v queued", round, n, bs, q)
		}
		// The spool holds only this run's uncommitted folder (the run
		// before was removed by this one), and nothing readable elsewhere.
		ents, _ := os.ReadDir(spool)
		if len(ents) != 1 || ents[0].Name() != "."+no+".uncommitted" {
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			t.Fatalf("round %d: spool holds %v, want only .%s.uncommitted", round, names, no)
		}
		checkModes(t, run)
		t.Logf("round %d: killed with %d files written under %s", round, n, filepath.Base(run))
	}

	// The run that completes removes the last leftover and takes a new number.
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader("sup-password\n")
	outb, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(outb), "batch B-00004: 400 letters printed") {
		t.Fatalf("last run: %v\n%s", err, outb)
	}
	ents, _ := os.ReadDir(spool)
	if len(ents) != 1 || ents[0].Name() != "B-00004" {
		t.Fatalf("spool after the last run: %v, want only B-00004", ents)
	}
	checkModes(t, filepath.Join(spool, "B-00004"))
	files, _ := os.ReadDir(filepath.Join(spool, "B-00004"))
	if len(files) != 2 {
		t.Errorf("B-00004 holds %d files, want the batch's PDF and the manifest", len(files))
	}
	all := []byte(poppler(t, "pdftotext", filepath.Join(spool, "B-00004", "B-00004.pdf"), "-"))
	for _, pw := range pws {
		if bytes.Count(all, []byte(pw)) != 1 {
			t.Fatalf("password %s is in B-00004 %d times, want once", pw, bytes.Count(all, []byte(pw)))
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if bs, _ := st.Batches(context.Background(), 0); len(bs) != 1 || bs[0].No() != "B-00004" || bs[0].Letters != 400 {
		t.Errorf("batches %+v, want only B-00004 with 400 letters", bs)
	}
	abandoned, err := st.AuditPage(context.Background(), store.AuditFilter{Action: "letter.batch_abandon"}, 0, 100)
	if err != nil || len(abandoned) != 3 {
		t.Errorf("%d letter.batch_abandon rows (%v), want one per killed run", len(abandoned), err)
	}
}

// checkModes: the folder is 0700 and every file in it 0600.
func checkModes(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s is %v, want %v", path, info.Mode().Perm(), want)
		}
		return nil
	})
}

// TestPrintSaysWipePending: with another connection holding a read
// snapshot, `letters print` prints the batch and says on stderr that the
// wiped passwords are still in the database's files; the next print
// (the reader gone) completes it and says nothing.
func TestPrintSaysWipePending(t *testing.T) {
	db, pws := printDB(t, 3)
	spool := filepath.Join(t.TempDir(), "spool")
	reader, err := sql.Open("sqlite", "file:"+db+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rtx, err := reader.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	rtx.QueryRow(`SELECT count(*) FROM letters`).Scan(&n)
	args := []string{"letters", "print", "--db", db, "--spool", spool, "--operator", "sup", "--lang", "en"}
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader("sup-password\n")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil || !strings.Contains(out.String(), "3 letters printed") {
		t.Fatalf("print: %v\n%s%s", err, out.String(), errb.String())
	}
	if !strings.Contains(errb.String(), "still in the database's files") {
		t.Errorf("stderr does not say the wipe is pending: %q", errb.String())
	}
	rtx.Rollback()
	reader.Close()
	// The next run completes the wipe as it opens the database.
	again := exec.Command(bin, args...)
	again.Stdin = strings.NewReader("sup-password\n")
	stderr, _ := again.CombinedOutput() // nothing left to print: a refusal
	if strings.Contains(string(stderr), "still in the database's files") {
		t.Errorf("second run still says pending: %s", stderr)
	}
	var all []byte
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		b, _ := os.ReadFile(f)
		all = append(all, b...)
	}
	for _, pw := range pws {
		if bytes.Contains(all, []byte(pw)) {
			t.Errorf("password %s still in the database files", pw)
		}
	}
}
