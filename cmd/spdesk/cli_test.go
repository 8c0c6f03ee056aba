package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/fixtures"
	"spdesk/store/pgtest"
)

// The CLI tests run the real binary, built once, against real files.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "spdesk-cli-test-")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "spdesk")
	// The binary logs to $XDG_STATE_HOME: keep the tests' logs out of the
	// home folder.
	os.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	// Every run's audit key goes to the test's folder, never the real one.
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	build := exec.Command("go", "build", "-tags", os.Getenv("SPDESK_TAGS"), "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build spdesk: " + err.Error())
	}
	code := pgtest.Main(m) // m.Run, then stops the PostgreSQL a test started
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs spdesk and returns stdout, stderr and whether it succeeded.
func run(t *testing.T, env []string, args ...string) (string, string, bool) {
	t.Helper()
	return runWith(t, env, "", args...)
}

// runWith runs spdesk with env added and stdin as its standard input (the
// password of a command that signs in).
func runWith(t *testing.T, env []string, stdin string, args ...string) (string, string, bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("spdesk %v: %v", args, err)
	}
	return out.String(), errb.String(), err == nil
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// demoDB writes the demo fixtures once per test into a fresh file.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--demo"); !ok {
		t.Fatalf("seed --demo: %s", stderr)
	}
	return db
}

func TestVersion(t *testing.T) {
	out, stderr, ok := run(t, nil, "version")
	if !ok || !strings.Contains(out, "spdesk") || !strings.Contains(out, "schema") {
		t.Fatalf("version: ok=%v out=%q err=%q", ok, out, stderr)
	}
}

func TestRefusesFilesItDoesNotOwnUnchanged(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("these are my notes, not a database\n"), 0o644)

	demo := demoDB(t)
	truncated := filepath.Join(dir, "truncated.db")
	b, _ := os.ReadFile(demo)
	os.WriteFile(truncated, b[:len(b)/2], 0o644)

	for _, tc := range []struct{ name, path, want string }{
		{"not sqlite", notSQLite, "not an spdesk database"},
		{"truncated", truncated, "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := fileSum(t, tc.path)
			_, stderr, ok := run(t, nil, "search", "--db", tc.path, "佐藤")
			if ok {
				t.Fatal("spdesk accepted the file")
			}
			if !strings.Contains(stderr, tc.want) {
				t.Fatalf("message %q does not say %q", stderr, tc.want)
			}
			if fileSum(t, tc.path) != before {
				t.Fatal("the refused file changed")
			}
			for _, side := range []string{"-wal", "-shm"} {
				if _, err := os.Stat(tc.path + side); err == nil {
					t.Fatalf("%s file created beside a refused file", side)
				}
			}
		})
	}
}

func TestMissingFolderIsNamed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")
	_, stderr, ok := run(t, nil, "search", "--db", db, "x")
	if ok || !strings.Contains(stderr, "does not exist") {
		t.Fatalf("ok=%v stderr=%q", ok, stderr)
	}
}

func TestSeedRefusesFileWithMembers(t *testing.T) {
	db := demoDB(t)
	before := fileSum(t, db)
	_, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "10")
	if ok || !strings.Contains(stderr, "--append") {
		t.Fatalf("ok=%v stderr=%q", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Fatal("refused seed changed the file")
	}
	// A file with accounts is seeded by a supervisor, who signs in.
	if _, stderr, ok := runIn(t, "demo\n", "seed", "--db", db, "--members", "10", "--append",
		"--operator", "demo-supervisor"); !ok {
		t.Fatalf("--append refused: %s", stderr)
	}
	// The same seed again would repeat every member number: refused by
	// name before anything is written, not with a bare UNIQUE error.
	before = fileSum(t, db)
	_, stderr, ok = runIn(t, "demo\n", "seed", "--db", db, "--members", "10", "--append",
		"--operator", "demo-supervisor")
	if ok || !strings.Contains(stderr, "seed 1 was already loaded") || strings.Contains(stderr, "UNIQUE") {
		t.Fatalf("same seed appended twice: ok=%v stderr=%q", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Fatal("refused second load changed the file")
	}
	if _, stderr, ok := runIn(t, "demo\n", "seed", "--db", db, "--members", "10", "--append", "--seed", "2",
		"--operator", "demo-supervisor"); !ok {
		t.Fatalf("another seed refused: %s", stderr)
	}
}

func TestSeedPrintsPlainProgressOffTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	out, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "2000", "--seed", "7")
	if !ok {
		t.Fatalf("seed: %s", stderr)
	}
	if !strings.Contains(out, "(100%)") || !strings.Contains(out, "2000 members written") {
		t.Fatalf("no plain progress lines: %q", out)
	}
}

func TestBadFlagsAreExplained(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "fr", "search", "--db", "x.db", "a"}, `--lang "fr": use ja or en`},
		{[]string{"queues", "--lang", "JA_jp", "--db", "x.db"}, `--lang "JA_jp"`},
		{[]string{"seed", "--members", "5"}, "--db is required"},
		{[]string{"seed", "--db", filepath.Join(t.TempDir(), "a.db")}, "--members N"},
		{[]string{"search", "--db", filepath.Join(t.TempDir(), "a.db"), "--limit", "0", "x"}, "--limit 0"},
		{[]string{"search", "--db", filepath.Join(t.TempDir(), "a.db"), "   "}, "query is empty"},
		{[]string{"demo", "--lang", "fr"}, `--lang "fr"`},
	} {
		_, stderr, ok := run(t, nil, tc.args...)
		if ok || !strings.Contains(stderr, tc.want) {
			t.Errorf("spdesk %v: ok=%v stderr=%q, want it to say %q", tc.args, ok, stderr, tc.want)
		}
	}
}

// searchJSON runs `spdesk search --json` and decodes it.
func searchJSONOf(t *testing.T, db, q string) searchJSON {
	t.Helper()
	out, stderr, ok := run(t, nil, "search", "--db", db, "--json", q)
	if !ok {
		t.Fatalf("search %q: %s", q, stderr)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search %q: bad JSON %v\n%s", q, err, out)
	}
	return res
}

// TestSearchJSONFindsAMemberByAnything is the promise: a member's
// phone with or without hyphens, its last four digits, e-mail, member
// number and card number each find it through `spdesk search --json`.
func TestSearchJSONFindsAMemberByAnything(t *testing.T) {
	db := demoDB(t)
	no := fixtures.DemoMemberNo["active"]
	byNo := searchJSONOf(t, db, no)
	if len(byNo.Members) != 1 || byNo.Members[0].MemberNo != no || byNo.Members[0].MatchedOn != "member_no" {
		t.Fatalf("member no %s: %+v", no, byNo)
	}
	m := byNo.Members[0]
	if len(m.Cards) == 0 {
		t.Fatalf("member %s has no cards in JSON", no)
	}
	// The demo's open cases must not land on the showcase members.
	if m.Status != "active" || m.Cards[0].Status != "active" {
		t.Fatalf("showcase member %s is not as the README describes it: %+v", no, m)
	}
	hyphened := m.Phone[:3] + "-" + m.Phone[3:len(m.Phone)-4] + "-" + m.Phone[len(m.Phone)-4:]
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, m.Phone)
	for _, q := range []struct{ query, matched string }{
		{m.Phone, "phone"},
		{hyphened, "phone"},
		{fullWidth, "phone"},
		{m.Phone[len(m.Phone)-4:], "phone"},
		{m.Email, "email"},
		{strings.ToUpper(m.Email), "email"},
		{m.Cards[0].CardNo, "card_no"},
	} {
		res := searchJSONOf(t, db, q.query)
		found := false
		for _, h := range res.Members {
			if h.MemberNo == no {
				found = true
				if h.MatchedOn != q.matched {
					t.Errorf("%q matched on %q, want %q", q.query, h.MatchedOn, q.matched)
				}
			}
		}
		if !found {
			t.Errorf("%q did not find member %s: %+v", q.query, no, res)
		}
	}
	// Every spelling of さとう finds the same members.
	want := searchJSONOf(t, db, "佐藤")
	if want.Total < 2 {
		t.Fatalf("佐藤 found %d members", want.Total)
	}
	for _, q := range []string{"さとう", "サトウ", "ｻﾄｳ"} {
		got := searchJSONOf(t, db, q)
		if got.Total != want.Total || len(got.Members) != len(want.Members) {
			t.Errorf("%s: %d members, 佐藤: %d", q, got.Total, want.Total)
		}
	}
}
