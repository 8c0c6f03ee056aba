package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func onDisk(t *testing.T, path, needle string) bool {
	t.Helper()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			return true
		}
	}
	return false
}

// The writer's secure_delete reaches what a wipe leaves behind: pages the
// table gave back to the free list and the old page images in the -wal,
// once the checkpoint has run.
func TestSecureDeleteZeroesFreePagesAndWAL(t *testing.T) {
	s, _ := testStoreAt(t, sqliteFile(t), 1)
	ctx := context.Background()
	marker := "WIPE-ME-" + strings.Repeat("x", 40)
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE scratch (v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := range 400 { // about 25 pages
		if _, err := s.write.ExecContext(ctx, `INSERT INTO scratch VALUES (?)`, fmt.Sprintf("%s-%04d", marker, i)); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := s.Checkpoint(ctx); !ok || err != nil {
		t.Fatalf("checkpoint: %v %v", ok, err)
	}
	if !onDisk(t, s.Path(), marker) {
		t.Fatal("the marker never reached the file: the test tests nothing")
	}
	if _, err := s.write.ExecContext(ctx, `DELETE FROM scratch`); err != nil {
		t.Fatal(err)
	}
	var free int
	s.write.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free)
	if free == 0 {
		t.Fatal("the delete freed no page: the test tests nothing")
	}
	if ok, err := s.Checkpoint(ctx); !ok || err != nil {
		t.Fatalf("checkpoint: %v %v", ok, err)
	}
	if onDisk(t, s.Path(), marker) {
		t.Errorf("deleted text is still on disk with %d free pages", free)
	}
	if st, err := os.Stat(s.Path() + "-wal"); err != nil || st.Size() != 0 {
		t.Errorf("-wal after a TRUNCATE checkpoint: %v %v", st.Size(), err)
	}
}

// A wipe stays pending while a reader holds a snapshot from before it,
// FinishWipe says so without waiting long, and completes it once the
// reader lets go, leaving an empty -wal.
func TestFinishWipeWaitsOutReaders(t *testing.T) {
	s, ms := testStoreAt(t, sqliteFile(t), 2)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	var l Letter
	if err := s.Write(ctx, now, func(tx *Tx) error {
		l = Letter{Kind: LetterPasswordNotice, MemberID: ms[0].ID, Secret: "Kx7mP2qR9w", QueuedBy: "sup"}
		return tx.InsertLetter(&l)
	}); err != nil {
		t.Fatal(err)
	}
	s.Checkpoint(ctx)

	reader, err := sql.Open("sqlite", "file:"+s.Path()+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rtx, err := reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM letters`).Scan(&n); err != nil {
		t.Fatal(err)
	}

	wiped := false
	if err := s.Write(ctx, now, func(tx *Tx) error {
		err := tx.CancelLetter(l.ID, l.Version)
		wiped = tx.Wiped()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !wiped {
		t.Fatal("CancelLetter of a notice did not report a wipe")
	}
	st, err := s.FinishWipe(ctx)
	if err != nil || !st.Pending || !st.Busy || !st.Since.Equal(now) {
		t.Fatalf("with a reader in the way: %+v %v, want pending and busy since %v", st, err, now)
	}
	if ok, _ := s.Checkpoint(ctx); ok {
		t.Error("Checkpoint reports complete while a reader holds an old snapshot")
	}
	rtx.Rollback()
	if st, err = s.FinishWipe(ctx); err != nil || st.Pending {
		t.Fatalf("after the reader let go: %+v %v", st, err)
	}
	if pend, _ := s.WipePending(ctx); pend.Pending {
		t.Error("the mark survived a completed checkpoint")
	}
	if onDisk(t, s.Path(), "Kx7mP2qR9w") {
		t.Error("the wiped secret is still on disk")
	}
	if st, err := os.Stat(s.Path() + "-wal"); err != nil || st.Size() != 0 {
		t.Errorf("-wal after the wipe: %v %v", st.Size(), err)
	}
}
