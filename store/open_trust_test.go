package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withUmask runs the test under umask 022, the usual one, under which
// SQLite alone would make 0644 files.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

func modeOf(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// Item 4: the database, its -wal and -shm and a fresh load's side index
// are 0600 whatever the umask; a file spdesk adopts empty becomes 0600.
func TestOpenCreatesPrivateFiles(t *testing.T) {
	withUmask(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "spdesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 50; i++ {
		m, cards := genMember(1, i)
		if err := l.Add(&m, cards); err != nil {
			t.Fatal(err)
		}
	}
	// While the load runs, its side index (members' names) is on disk.
	if m := modeOf(t, path+"-ftsbuild"); m != 0o600 {
		t.Errorf("-ftsbuild is %v, want 0600", m)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if m := modeOf(t, f); m != 0o600 {
			t.Errorf("%s is %v, want 0600", filepath.Base(f), m)
		}
	}

	touched := filepath.Join(t.TempDir(), "touched.db")
	if err := os.WriteFile(touched, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, touched)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if m := modeOf(t, touched); m != 0o600 {
		t.Errorf("adopted empty file is %v, want 0600", m)
	}
}

// Item 4: a database, -wal or -shm others may read or write is refused
// untouched, naming the file.
func TestOpenRefusesExposedFile(t *testing.T) {
	path := spdeskFile(t)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o606} {
		os.Chmod(path, mode)
		err := mustRefuse(t, path, nil)
		var exp *ExposedError
		if !errors.As(err, &exp) || exp.File != path || exp.Mode != mode {
			t.Fatalf("mode %v: Open = %v, want ExposedError for the file", mode, err)
		}
	}
	os.Chmod(path, 0o600)
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path+"-wal", 0o644)
	err := mustRefuse(t, path, nil)
	var exp *ExposedError
	if !errors.As(err, &exp) || exp.File != path+"-wal" {
		t.Fatalf("Open = %v, want ExposedError for the -wal", err)
	}
}

// Item 9: a write-protected copy opens read-only, reads, refuses every
// write, and leaves its folder exactly as it was.
func TestOpenReadOnlyWriteProtectedFile(t *testing.T) {
	ctx := context.Background()
	path := spdeskFile(t)
	os.Chmod(path, 0o444) // a backup: others may read it, nobody write
	dir := filepath.Dir(path)
	before := snapshot(t, dir)
	s, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReadOnly() {
		t.Error("ReadOnly() = false")
	}
	if n, err := s.CountMembers(ctx); err != nil || n < 300 {
		t.Errorf("CountMembers = %d, %v", n, err)
	}
	err = s.Write(ctx, time.Now(), func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE members SET email = 'x@example.jp' WHERE id = 1`)
		return err
	})
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("Write = %v, want ErrReadOnly", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, dir); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("read-only open changed the folder:\nbefore %v\nafter  %v", keys(before), keys(after))
	}

	// A read-only folder: the same, with the file itself writable.
	os.Chmod(path, 0o600)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	before = snapshot(t, dir)
	if s, err = OpenReadOnly(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Search(ctx, "佐藤", 10); err != nil {
		t.Error(err)
	}
	s.Close()
	if after := snapshot(t, dir); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("read-only open changed a read-only folder: %v", keys(after))
	}
}

// Item 9: a read-only store beside a console that writes sees its commits.
func TestOpenReadOnlyBesideWriter(t *testing.T) {
	ctx := context.Background()
	path := spdeskFile(t)
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = w.Write(ctx, time.Now(), func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE members SET email = 'seen@example.jp' WHERE id = 1`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := r.Search(ctx, "seen@example.jp", 5); err != nil || len(res.Hits) != 1 {
		t.Errorf("read-only store does not see the writer's commit: %v %v", hitNos(res), err)
	}
}

// Item 9: read-only does not migrate: an older schema is refused, a
// missing file too, both untouched.
func TestOpenReadOnlyRefusesOlderSchemaAndMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v6.db")
	makeAtVersion(t, path, SchemaVersion()-1)
	before := snapshot(t, filepath.Dir(path))
	_, err := OpenReadOnly(context.Background(), path)
	var old *SchemaOldError
	if !errors.As(err, &old) || old.File != SchemaVersion()-1 {
		t.Fatalf("OpenReadOnly = %v, want SchemaOldError", err)
	}
	if after := snapshot(t, filepath.Dir(path)); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("refused read-only open changed the folder")
	}
	missing := filepath.Join(t.TempDir(), "typo.db")
	if _, err := OpenReadOnly(context.Background(), missing); !errors.Is(err, ErrNoFile) {
		t.Fatalf("OpenReadOnly(missing) = %v, want ErrNoFile", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("read-only open created the file")
	}
}

// makeAtVersion writes an spdesk file at schema version v, as an older
// spdesk would have left it.
func makeAtVersion(t *testing.T, path string, v int, stmts ...string) {
	t.Helper()
	all := []string{"PRAGMA journal_mode=WAL"}
	all = append(all, migrations[:v]...)
	all = append(all, fmt.Sprintf("PRAGMA application_id=%d", ApplicationID), fmt.Sprintf("PRAGMA user_version=%d", v))
	rawExec(t, path, append(all, stmts...)...)
	os.Chmod(path, 0o600)
}

// Item 10: a file whose pages were overwritten with random bytes is
// refused by quick_check, untouched.
func TestOpenRefusesCorruptPages(t *testing.T) {
	for _, where := range []string{"first tables", "middle"} {
		t.Run(where, func(t *testing.T) {
			path := spdeskFile(t)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			const page = 4096
			first := 1 // pages 2-5: the first tables' roots
			if where == "middle" {
				first = len(b) / page / 2
			}
			rng := rand.New(rand.NewPCG(1, uint64(first)))
			for i := first * page; i < (first+4)*page; i++ {
				b[i] = byte(rng.UintN(256))
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, o := range []OpenOptions{{}, {ReadOnly: true}} {
				mustNotWrite(t, path, o)
			}
		})
	}
}

// mustNotWrite opens a damaged file: Open refuses it with ErrCorrupt, or
// its check finds the damage and every Write is refused with it; either
// way the folder is as it was once the store is closed.
func mustNotWrite(t *testing.T, path string, o OpenOptions) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Dir(path)
	before := snapshot(t, dir)
	s, err := OpenWith(ctx, path, o)
	if err == nil {
		if err := s.Check(ctx); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Check = %v, want ErrCorrupt", err)
		}
		err := s.Write(ctx, time.Now(), func(tx *Tx) error {
			_, err := tx.tx.ExecContext(ctx, `INSERT INTO operators (login, display_name, role, pw_hash, created_at, created_by)
				VALUES ('intruder', 'x', 'supervisor', 'h', '', '')`)
			return err
		})
		if (o.ReadOnly && !errors.Is(err, ErrReadOnly)) || (!o.ReadOnly && !errors.Is(err, ErrCorrupt)) {
			t.Errorf("Write on a damaged file = %v", err)
		}
		if _, err := s.NewLoader(ctx, WithAppend()); err == nil {
			t.Error("a bulk load started on a damaged file")
		}
		s.Close()
	} else if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open = %v, want ErrCorrupt", err)
	}
	if after := snapshot(t, dir); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("damaged file changed:\nbefore %v\nafter  %v", keys(before), keys(after))
	}
}

// Item 10: a SQLite file of another program that carries our application
// id is refused before any migration touches it.
func TestOpenRefusesForeignFileWithOurID(t *testing.T) {
	for _, v := range []int{0, 3, SchemaVersion()} {
		t.Run(fmt.Sprint("version ", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
				"INSERT INTO notes (body) VALUES ('keep me')",
				fmt.Sprintf("PRAGMA application_id=%d", ApplicationID), fmt.Sprintf("PRAGMA user_version=%d", v))
			os.Chmod(path, 0o600)
			mustRefuse(t, path, ErrNotSpdesk)
		})
	}
	// An spdesk file one version behind whose members lost a column.
	path := filepath.Join(t.TempDir(), "old.db")
	makeAtVersion(t, path, SchemaVersion()-1, "ALTER TABLE operators DROP COLUMN locked_until")
	err := mustRefuse(t, path, ErrNotSpdesk)
	if !strings.Contains(err.Error(), "operators.locked_until") {
		t.Errorf("refusal %q does not name the missing column", err)
	}
}

// Item 10: without Create a missing file is refused, and nothing is made.
func TestOpenRefusesMissingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo.db")
	_, err := OpenWith(context.Background(), path, OpenOptions{})
	if !errors.Is(err, ErrNoFile) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open = %v, want ErrNoFile naming the path", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused open left %v", entries)
	}
}

// Item 6: the kind is recorded with the schema and does not change: a
// live file stays live whatever a later open asks.
func TestOpenRecordsDemoKind(t *testing.T) {
	ctx := context.Background()
	demo := filepath.Join(t.TempDir(), "demo.db")
	s, err := OpenWith(ctx, demo, OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Demo() {
		t.Error("a new demo database is not a demo")
	}
	s.Close()
	if s, err = Open(ctx, demo); err != nil || !s.Demo() {
		t.Fatalf("reopened demo: %v, Demo %v", err, err == nil && s.Demo())
	}
	s.Close()

	live := spdeskFile(t)
	if s, err = OpenWith(ctx, live, OpenOptions{Create: true, Demo: true}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Demo() {
		t.Error("an existing live database became a demo")
	}
	err = s.Write(ctx, time.Now(), func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE meta SET value = 'demo' WHERE key = 'kind'`)
		return err
	})
	if err == nil {
		t.Error("the kind of a live database was changed")
	}
	for _, login := range []string{"demo-supervisor", "Demo-Operator"} {
		err := s.Write(ctx, time.Now(), func(tx *Tx) error {
			return tx.InsertOperator(&Operator{Login: login, DisplayName: "x", Role: RoleSupervisor, PasswordHash: "h"})
		})
		if !errors.Is(err, ErrDemoOnly) {
			t.Errorf("InsertOperator(%s) in a live database = %v, want ErrDemoOnly", login, err)
		}
	}
	// Around the store: SQLite itself refuses.
	err = s.Write(ctx, time.Now(), func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO operators (login, display_name, role, pw_hash, created_at, created_by)
			VALUES ('demo-supervisor', 'x', 'supervisor', 'h', '', '')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "demo accounts exist only in a demo database") {
		t.Errorf("raw insert of a demo account = %v", err)
	}
}

// Item 6: a live database from before 0007 that holds the demo accounts
// (seed --demo --append made them) has them disabled by the migration,
// and they stay disabled.
func TestMigrationDisablesDemoAccountsOfLiveFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "live.db")
	ins := `INSERT INTO operators (login, display_name, role, pw_hash, created_at, created_by)
		VALUES ('%s', 'x', '%s', 'h', '2026-01-01T00:00:00.000000Z', 'demo')`
	makeAtVersion(t, path, 6, fmt.Sprintf(ins, "demo-supervisor", "supervisor"),
		fmt.Sprintf(ins, "demo-operator", "operator"), fmt.Sprintf(ins, "boss", "supervisor"))
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Demo() {
		t.Error("an upgraded file is a demo")
	}
	ops, err := s.Operators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ops {
		if o.Disabled != IsDemoLogin(o.Login) {
			t.Errorf("%s: disabled %v after the upgrade", o.Login, o.Disabled)
		}
		if IsDemoLogin(o.Login) {
			o.Disabled = false
			err := s.Write(ctx, time.Now(), func(tx *Tx) error { return tx.UpdateOperator(&o) })
			if !errors.Is(err, ErrDemoOnly) {
				t.Errorf("enabling %s = %v, want ErrDemoOnly", o.Login, err)
			}
		}
	}
}

// Item 10: before a migration the whole integrity_check runs, which
// compares every index with its table (quick_check does not): a file one
// version behind whose index disagrees with its table is not migrated.
func TestOpenChecksIntegrityBeforeMigrating(t *testing.T) {
	path := spdeskFile(t)
	// Back to version 6, before 0007, as an older spdesk left it, with
	// an index whose definition no longer matches what it holds.
	rawExec(t, path, "DROP TRIGGER operators_demo_only", "DROP TRIGGER operators_demo_stay_disabled",
		"DROP TRIGGER meta_kind_fixed", "DROP TRIGGER meta_kind_kept", "DROP TRIGGER meta_kind_new_only",
		"DROP TABLE meta", "PRAGMA user_version=6",
		"PRAGMA writable_schema=ON",
		"UPDATE sqlite_schema SET sql = 'CREATE INDEX members_phone ON members(email)' WHERE name = 'members_phone'")
	os.Chmod(path, 0o600)
	err := mustRefuse(t, path, ErrCorrupt)
	if !strings.Contains(err.Error(), "integrity_check") {
		t.Errorf("refusal %q does not say which check", err)
	}
}
