package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// A desk killed during a WAL checkpoint leaves a file whose first page
// (written first, with the new page count) promises pages that were not
// copied yet; the -wal still holds them and SQLite replays it on open. That
// is not a damaged file: Open must open it and find every row. (Seen as a
// flaky "truncated or damaged" in TestKilledMidWorkflow.)
func TestOpenAfterAKillMidCheckpoint(t *testing.T) {
	path := spdeskFile(t)
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{`PRAGMA journal_mode=WAL`, `CREATE TABLE pad (x BLOB)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000) INSERT INTO pad SELECT randomblob(400) FROM n`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The files as a kill would leave them, the WAL not checkpointed.
	dir := t.TempDir()
	crashed := filepath.Join(dir, "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		copyFile(t, path+suffix, crashed+suffix)
	}
	// The checkpoint got as far as page 1: its newest copy from the WAL.
	wal, err := os.ReadFile(crashed + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint32(wal[8:12]))
	var page1 []byte
	for off := 32; off+24+pageSize <= len(wal); off += 24 + pageSize {
		if binary.BigEndian.Uint32(wal[off:off+4]) == 1 {
			page1 = wal[off+24 : off+24+pageSize]
		}
	}
	if page1 == nil {
		t.Fatal("page 1 is not in the WAL")
	}
	f, err := os.OpenFile(crashed, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(page1, 0)
	f.Close()
	st, _ := os.Stat(crashed)
	if promised := int64(binary.BigEndian.Uint32(page1[28:32])) * int64(pageSize); st.Size() >= promised {
		t.Fatalf("the file (%d bytes) already holds the %d bytes page 1 promises: not the case under test", st.Size(), promised)
	}

	s, err := Open(context.Background(), crashed)
	if err != nil {
		t.Fatalf("Open after a kill mid-checkpoint: %v", err)
	}
	defer s.Close()
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM pad`).Scan(&n); err != nil || n != 3000 {
		t.Fatalf("%d rows (%v), want 3000: the WAL was not replayed", n, err)
	}
	var check string
	if err := s.read.QueryRow(`PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity after the replay: %q %v", check, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
}
