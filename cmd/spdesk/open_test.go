package main

import (
	"bytes"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Item 10 of issue 10: every command but the console's first start and
// seed refuses a database file that does not exist, names it, says how to
// make one, and makes nothing.
func TestCommandsRefuseMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "sdpesk.db")
	for _, args := range [][]string{
		{"letters", "print", "--db", typo, "--operator", "boss", "--spool", filepath.Join(t.TempDir(), "spool")},
		{"search", "--db", typo, "佐藤"},
		{"operator", "list", "--db", typo},
		{"audit", "verify", "--db", typo},
		{"queues", "--db", typo},
		{"--read-only", "--db", typo},
	} {
		_, stderr, ok := runIn(t, "", args...)
		if ok {
			t.Errorf("spdesk %v succeeded on a missing file", args)
		}
		for _, want := range []string{typo, "does not exist", "spdesk seed --db"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("spdesk %v: message lacks %q:\n%s", args, want, stderr)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("spdesk %v left %v", args, entries)
		}
	}
	// With no --db the same holds for the default file.
	env := []string{"XDG_DATA_HOME=" + filepath.Join(dir, "data")}
	if _, stderr, ok := run(t, env, "search", "佐藤"); ok || !strings.Contains(stderr, "does not exist") {
		t.Errorf("search on a missing default database: ok=%v %s", ok, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("search made the default folder")
	}
}

// Item 10: a file with pages of random bytes is refused, unchanged, by
// every command that would write to it.
func TestCorruptDatabaseRefusedUnchanged(t *testing.T) {
	db := demoDB(t)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for i := 4096; i < 5*4096; i++ {
		b[i] = byte(rng.UintN(256))
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// Commands that write wait for the check of the file and refuse it.
	for _, args := range [][]string{{"seed", "--db", db, "--members", "5", "--append"},
		{"operator", "add", "--db", db, "--operator", "demo-supervisor", "--login", "intruder", "--name", "x",
			"--role", "supervisor"}} {
		_, stderr, ok := runIn(t, "intruder-password-1\n"+"demo\n", args...)
		if ok || !strings.Contains(stderr, "damaged") || !strings.Contains(stderr, "backup") {
			t.Errorf("spdesk %v on a corrupt file: ok=%v\n%s", args, ok, stderr)
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(after, b) {
			t.Fatalf("spdesk %v changed the corrupt file", args)
		}
	}
}

// Item 4: under umask 022 the files spdesk makes are its user's only
// (the default folder 0700, the database and its -wal and -shm 0600), and
// a database others can read is refused with the chmod that fixes it.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	data := filepath.Join(t.TempDir(), "data")
	// The console's first start, not on a terminal: it makes the default
	// database, then asks for the first supervisor.
	if _, stderr, ok := run(t, []string{"XDG_DATA_HOME=" + data}); ok || !strings.Contains(stderr, "operator add") {
		t.Fatalf("first start: ok=%v %s", ok, stderr)
	}
	for path, want := range map[string]os.FileMode{filepath.Join(data, "spdesk"): 0o700,
		filepath.Join(data, "spdesk", "spdesk.db"): 0o600} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", path, st.Mode().Perm(), err, want)
		}
	}
	db := demoDB(t)
	if st, _ := os.Stat(db); st.Mode().Perm() != 0o600 {
		t.Errorf("seed made %v", st.Mode().Perm())
	}
	os.Chmod(db, 0o644)
	before := fileSum(t, db)
	_, stderr, ok := run(t, nil, "search", "--db", db, "佐藤")
	if ok || !strings.Contains(stderr, "chmod 600 "+db) {
		t.Errorf("a 0644 database: ok=%v\n%s", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Error("the refused file changed")
	}
}

// Item 6: seed --demo never writes into a database that was not created as
// a demo: no demo accounts, no demo letters, the file unchanged.
func TestSeedDemoRefusesLiveDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "live.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "50"); !ok {
		t.Fatal(stderr)
	}
	before := fileSum(t, db)
	_, stderr, ok := run(t, nil, "seed", "--db", db, "--demo", "--append")
	if ok || !strings.Contains(stderr, "not created as a demo") {
		t.Fatalf("seed --demo --append on a live file: ok=%v\n%s", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Error("the live file changed")
	}
	if _, err := os.Stat(db + "-spool"); err == nil {
		t.Error("demo letters were printed")
	}
	out, _, _ := run(t, nil, "operator", "list", "--db", db)
	if strings.Contains(out, "demo-") {
		t.Errorf("demo accounts in a live file:\n%s", out)
	}
	// A demo file takes more demo data.
	demo := demoDB(t)
	if _, stderr, ok := runIn(t, "demo\n", "seed", "--db", demo, "--members", "5", "--append",
		"--operator", "demo-supervisor"); !ok {
		t.Errorf("seed --append on a demo: %s", stderr)
	}
}

// TestSeedRefusesGeneratedMembersIntoALiveDesk: once a file that was not
// made as a demo has accounts (a live desk), seed --members --append is
// refused, even for a supervisor who signs in: generated members would mix
// with real ones, and the bulk load writes no audit row.
func TestSeedRefusesGeneratedMembersIntoALiveDesk(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "3"); !ok { // a bulk load before the desk starts
		t.Fatalf("seed: %s", stderr)
	}
	if _, stderr, ok := runIn(t, "boss-password-1\n", "operator", "add", "--db", db, "--login", "boss", "--name", "上司",
		"--role", "supervisor"); !ok {
		t.Fatalf("first supervisor: %s", stderr)
	}
	before := fileSum(t, db)
	_, stderr, ok := runIn(t, "boss-password-1\n", "seed", "--db", db, "--members", "5", "--append", "--seed", "9",
		"--operator", "boss")
	if ok || !strings.Contains(stderr, "live desk's database") || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("seed --members into a live desk: ok=%v %q", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Error("the refused seed changed the file")
	}
}

// TestReadMeetingDamageSaysRestore: a read does not wait for the damage
// check, so a search can meet a damaged page first; the command then says
// the file is damaged and to restore it from a backup, not only SQLite's
// "database disk image is malformed".
func TestReadMeetingDamageSaysRestore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "300"); !ok {
		t.Fatalf("seed: %s", stderr)
	}
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var no string
	var root, pageSize int64
	err = conn.QueryRow(`SELECT member_no FROM members WHERE id = 1`).Scan(&no)
	if err == nil {
		// member_no's UNIQUE index: the page a search by number reads first.
		err = conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND sql IS NULL`).Scan(&root)
	}
	if err == nil {
		err = conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	}
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(db, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x0d, 0, 0, 0xff, 0xff, 0xff}, int(pageSize)/6), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, stderr, ok := run(t, nil, "search", "--db", db, no)
	if ok || !strings.Contains(stderr, "the database file is damaged") || !strings.Contains(stderr, "restore it from a backup") {
		t.Fatalf("search meeting a damaged page: ok=%v %q", ok, stderr)
	}
}
