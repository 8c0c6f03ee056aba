package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// snapshot is a folder's names and each file's sha256: a refused Open must
// leave it identical, with no -wal or -shm beside the file.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

func mustRefuse(t *testing.T, path string, want error) error {
	t.Helper()
	dir := filepath.Dir(path)
	before := snapshot(t, dir)
	s, err := Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatalf("Open(%s) succeeded, want %v", path, want)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("Open(%s) = %v, want %v", path, err, want)
	}
	after := snapshot(t, dir)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("refused Open changed the folder:\nbefore %v\nafter  %v", keys(before), keys(after))
	}
	return err
}

func keys(m map[string][32]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// spdeskFile makes a closed spdesk database holding a few hundred members.
func spdeskFile(t *testing.T) string {
	t.Helper()
	s, _ := testStoreAt(t, sqliteFile(t), 300)
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("closing left a -wal file")
	}
	return path
}

// rawExec changes a database behind spdesk's back, as another program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	for _, q := range stmts {
		if IsURL(path) && (strings.HasPrefix(q, "DROP TRIGGER ") || strings.HasPrefix(q, "PRAGMA foreign_keys")) {
			continue // rawDB runs with triggers, foreign key checks among them, off
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenRefusesNonSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte(strings.Repeat("not a database\n", 100)), 0o644)
	mustRefuse(t, path, ErrNotSpdesk)
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("hi"), 0o644)
	mustRefuse(t, short, ErrNotSpdesk)
}

func TestOpenRefusesTruncatedDatabase(t *testing.T) {
	path := spdeskFile(t)
	st, _ := os.Stat(path)
	for _, size := range []int64{st.Size() / 2, 4096 + 100, 50} {
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
		mustRefuse(t, path, ErrTruncated)
	}
}

// Tests run as root, which ignores permission bits, so read-only is the
// owner write bit, refused whoever runs spdesk (see checkWritable).
func TestOpenRefusesReadOnlyFile(t *testing.T) {
	path := spdeskFile(t)
	os.Chmod(path, 0o444)
	defer os.Chmod(path, 0o644)
	mustRefuse(t, path, ErrReadOnly)
}

func TestOpenRefusesMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nowhere")
	mustRefuse(t, filepath.Join(dir, "spdesk.db"), ErrNoDir)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created the folder: %v", err)
	}
}

func TestOpenRefusesUnwritableFolder(t *testing.T) {
	path := spdeskFile(t)
	dir := filepath.Dir(path)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	mustRefuse(t, path, ErrReadOnly)
	mustRefuse(t, filepath.Join(dir, "new.db"), ErrReadOnly)
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := spdeskFile(t)
	newer := SchemaVersion() + 1
	rawExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", newer))
	err := mustRefuse(t, path, nil)
	var tooNew *SchemaTooNewError
	if !errors.As(err, &tooNew) || tooNew.File != newer || tooNew.Binary != SchemaVersion() {
		t.Fatalf("Open = %v, want SchemaTooNewError{%d, %d}", err, newer, SchemaVersion())
	}
	if msg := err.Error(); !strings.Contains(msg, fmt.Sprint(newer)) || !strings.Contains(msg, fmt.Sprint(SchemaVersion())) {
		t.Errorf("message %q does not name both versions", msg)
	}
}

func TestOpenRefusesOtherProgramsDatabase(t *testing.T) {
	for _, mode := range []string{"DELETE", "WAL"} {
		path := filepath.Join(t.TempDir(), "other.db")
		rawExec(t, path, "PRAGMA journal_mode="+mode, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
			"INSERT INTO notes (body) VALUES ('keep me')")
		mustRefuse(t, path, ErrNotSpdesk)
	}
}

func TestOpenAcceptsEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	os.WriteFile(path, nil, 0o644)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// Two consoles on one file: each reads and writes while the other does,
// waiting on the busy timeout instead of failing.
func TestTwoStoresOnOneFile(t *testing.T) {
	path := spdeskFile(t)
	ctx := context.Background()
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 25 {
				err := s.Write(ctx, time.Now(), func(tx *Tx) error {
					_, err := tx.tx.ExecContext(ctx, `UPDATE members SET email = ? WHERE id = ?`,
						fmt.Sprintf("s%d-%d@example.jp", i, j), 1+i)
					return err
				})
				if err != nil {
					errs <- err
				}
				if _, err := s.Search(ctx, "佐藤", 50); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, s := range stores {
		r, err := s.Search(ctx, fmt.Sprintf("s%d-24@example.jp", 1-i), 50)
		if err != nil || len(r.Hits) != 1 {
			t.Errorf("store %d does not see the other's write: %v %v", i, hitNos(r), err)
		}
	}
}
