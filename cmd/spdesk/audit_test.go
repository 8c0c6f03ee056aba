package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// editAudit changes the file behind spdesk's back, as someone with a
// SQLite shell would: the append-only triggers dropped first.
func editAudit(t *testing.T, db string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, q := range append([]string{`DROP TRIGGER IF EXISTS audit_no_update`, `DROP TRIGGER IF EXISTS audit_no_delete`}, stmts...) {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

type verdict struct {
	OK     bool   `json:"ok"`
	Status string `json:"status"`
	Rows   int64  `json:"rows"`
	Head   string `json:"head"`
	Seal   struct {
		ForgedID int64 `json:"forged_id"`
	} `json:"seal"`
	Broken *struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	} `json:"broken"`
}

func verifyJSONOf(t *testing.T, out string) verdict {
	t.Helper()
	var v verdict
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("verify --json: %v\n%s", err, out)
	}
	return v
}

func TestAuditVerifyPassesOnDemoAndNamesAnEditedRow(t *testing.T) {
	db := demoDB(t)
	out, stderr, ok := run(t, nil, "audit", "verify", "--db", db)
	if !ok || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("verify on the demo: ok=%v out=%q err=%q", ok, out, stderr)
	}
	out, _, _ = run(t, nil, "audit", "verify", "--db", db, "--json")
	v := verifyJSONOf(t, out)
	if !v.OK || v.Rows < 50 || v.Head == "" {
		t.Fatalf("demo verdict %+v", v)
	}

	// Someone rewrites what row 17 says.
	editAudit(t, db, `UPDATE audit SET note = 'nothing happened here' WHERE id = 17`)
	out, stderr, ok = run(t, nil, "audit", "verify", "--db", db)
	if ok {
		t.Fatalf("verify passed an edited trail: %s", out)
	}
	if !strings.Contains(stderr, "broken at row 17") || !strings.Contains(stderr, "changed after it was written") ||
		!strings.Contains(out, "16 rows chain correctly before row 17") {
		t.Fatalf("verify does not name row 17: out=%q err=%q", out, stderr)
	}
	out, _, ok = run(t, nil, "audit", "verify", "--db", db, "--json")
	if v := verifyJSONOf(t, out); ok || v.OK || v.Broken == nil || v.Broken.ID != 17 || v.Broken.Kind != "content" {
		t.Fatalf("--json verdict %+v (ok=%v)", v, ok)
	}
}

func TestAuditVerifyHeadCatchesRowsCutOffTheEnd(t *testing.T) {
	db := demoDB(t)
	out, _, _ := run(t, nil, "audit", "verify", "--db", db, "--json")
	v := verifyJSONOf(t, out)
	if out, stderr, ok := run(t, nil, "audit", "verify", "--db", db, "--head", v.Head); !ok || !strings.Contains(out, "nothing before it was cut off") {
		t.Fatalf("verify --head on an intact trail: %q %q", out, stderr)
	}
	// A shortened or mistyped hash is a bad argument, not a cut-off trail.
	for _, bad := range []string{v.Head[:8], v.Head[:63] + "g", v.Head + "0"} {
		_, stderr, ok := run(t, nil, "audit", "verify", "--db", db, "--head", bad)
		if ok || !strings.Contains(stderr, "is not a head hash") || strings.Contains(stderr, "cut off") {
			t.Fatalf("verify --head %q: ok=%v %q", bad, ok, stderr)
		}
	}
	// Upper case, as some people copy it, is the same hash.
	if _, stderr, ok := run(t, nil, "audit", "verify", "--db", db, "--head", strings.ToUpper(v.Head)); !ok {
		t.Fatalf("verify --head in upper case: %q", stderr)
	}
	editAudit(t, db, `DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)`)
	// The seal record still names the deleted row: cut off, even without --head.
	last := v.Rows
	_, stderr, ok := run(t, nil, "audit", "verify", "--db", db)
	if ok || !strings.Contains(stderr, "audit trail cut off") ||
		!strings.Contains(stderr, fmt.Sprintf("rows %d to %d are missing", last, last)) {
		t.Fatalf("verify after the newest row was deleted: ok=%v %q", ok, stderr)
	}
	out, _, _ = run(t, nil, "audit", "verify", "--db", db, "--json")
	if v := verifyJSONOf(t, out); v.OK || v.Status != "cut_off" || v.Rows != last-1 {
		t.Fatalf("--json after the cut: %+v", v)
	}
	_, stderr, ok = run(t, nil, "audit", "verify", "--db", db, "--head", v.Head)
	if ok || !strings.Contains(stderr, "cut off") {
		t.Fatalf("verify --head after the newest row was deleted: ok=%v %q", ok, stderr)
	}
}

// forgeAudit rewrites row id's note and recomputes every later hash and
// link, as someone with a SQLite shell and the published encoding (but
// not the audit key) would: the chain holds again.
func forgeAudit(t *testing.T, db string, id int64) {
	t.Helper()
	editAudit(t, db, fmt.Sprintf(`UPDATE audit SET note = 'nothing happened here' WHERE id = %d`, id))
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var prev string
	if err := raw.QueryRow(`SELECT hash FROM audit WHERE id = ?`, id-1).Scan(&prev); err != nil {
		t.Fatal(err)
	}
	rows, err := raw.Query(`SELECT id, at, operator, action, coalesce(member_id,0), coalesce(case_id,0),
		coalesce(card_id,0), coalesce(letter_id,0), coalesce(batch_id,0), from_state, to_state, before, after, note
		FROM audit WHERE id >= ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var evs []store.AuditEvent
	for rows.Next() {
		var e store.AuditEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Operator, &e.Action, &e.MemberID, &e.CaseID, &e.CardID, &e.LetterID,
			&e.BatchID, &e.FromState, &e.ToState, &e.Before, &e.After, &e.Note); err != nil {
			t.Fatal(err)
		}
		if e.At, err = time.Parse(store.TimeLayout, at); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	rows.Close()
	for _, e := range evs {
		e.PrevHash = prev
		e.Hash = store.AuditHash(e)
		if _, err := raw.Exec(`UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?`, e.PrevHash, e.Hash, e.ID); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
}

// TestAuditVerifySaysForgedWhenHashesAreRecomputed is issue 10 item 8:
// a row rewritten and every later hash recomputed passed `audit verify`
// as intact; the keyed seal shows it as forged, naming the row.
func TestAuditVerifySaysForgedWhenHashesAreRecomputed(t *testing.T) {
	db := demoDB(t)
	forgeAudit(t, db, 17)
	out, stderr, ok := run(t, nil, "audit", "verify", "--db", db)
	if ok || !strings.Contains(stderr, "audit trail forged") || !strings.Contains(stderr, "audit row 17 was rewritten") ||
		!strings.Contains(stderr, "without the audit key") {
		t.Fatalf("verify on a forged trail: ok=%v out=%q err=%q", ok, out, stderr)
	}
	out, _, _ = run(t, nil, "audit", "verify", "--db", db, "--json")
	if v := verifyJSONOf(t, out); v.OK || v.Status != "forged" || v.Broken != nil || v.Seal.ForgedID != 17 || v.Rows != 16 {
		t.Fatalf("--json on a forged trail: %+v", v)
	}
}

// TestAuditKeyFile: the first start makes the key 0600 in a 0700 folder;
// another key is refused by every command but named by verify; a key file
// others can read is refused with the chmod that fixes it.
func TestAuditKeyFile(t *testing.T) {
	cfg := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + cfg}
	db := filepath.Join(t.TempDir(), "k.db")
	if _, stderr, ok := run(t, env, "seed", "--db", db, "--demo"); !ok {
		t.Fatalf("seed: %s", stderr)
	}
	keyPath := filepath.Join(cfg, "spdesk", "audit.key")
	st, err := os.Stat(keyPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file after the first start: %v %v", st, err)
	}
	if dst, err := os.Stat(filepath.Dir(keyPath)); err != nil || dst.Mode().Perm() != 0o700 {
		t.Fatalf("key folder: %v %v", dst, err)
	}
	if out, stderr, ok := run(t, env, "audit", "verify", "--db", db); !ok || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("verify with the right key: %q %q", out, stderr)
	}

	other := filepath.Join(t.TempDir(), "other.key")
	os.WriteFile(other, []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
	_, stderr, ok := run(t, env, "audit", "verify", "--db", db, "--audit-key", other)
	if ok || !strings.Contains(stderr, "audit trail wrong key") || !strings.Contains(stderr, "is not the key") ||
		strings.Contains(stderr, "forged") {
		t.Fatalf("verify with another key: ok=%v %q", ok, stderr)
	}
	before := fileSum(t, db)
	_, stderr, ok = run(t, env, "search", "--db", db, "--audit-key", other, "x")
	if ok || !strings.Contains(stderr, "is not the key this database's audit trail is sealed with") {
		t.Fatalf("search with another key: ok=%v %q", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Fatal("a refused key changed the database")
	}
	_, stderr, ok = run(t, []string{"XDG_CONFIG_HOME=" + t.TempDir()}, "search", "--db", db, "x")
	if ok || !strings.Contains(stderr, "there is no audit key at") {
		t.Fatalf("search without the key file: ok=%v %q", ok, stderr)
	}
	_, stderr, ok = run(t, []string{"XDG_CONFIG_HOME=" + t.TempDir()}, "audit", "verify", "--db", db)
	if ok || !strings.Contains(stderr, "no audit key was given") {
		t.Fatalf("verify without the key file: ok=%v %q", ok, stderr)
	}
	os.Chmod(keyPath, 0o644)
	_, stderr, ok = run(t, env, "search", "--db", db, "x")
	if ok || !strings.Contains(stderr, "chmod 600 "+keyPath) {
		t.Fatalf("search with a key others can read: ok=%v %q", ok, stderr)
	}
}

func TestAuditExportCLI(t *testing.T) {
	db := demoDB(t)
	// The whole trail to standard output (the supervisor signs in: the
	// password on stdin).
	all, stderr, ok := runIn(t, "demo\n", "audit", "export", "--db", db, "--operator", "demo-supervisor")
	if !ok {
		t.Fatalf("export all: %s", stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(all)).ReadAll()
	if err != nil || len(recs) < 50 {
		t.Fatalf("export all: %d records, %v", len(recs), err)
	}
	// The member with the most rows.
	per := map[string]int{}
	member, want := "", 0
	for _, r := range recs[1:] {
		if r[4] == "" {
			continue
		}
		if per[r[4]]++; per[r[4]] > want {
			member, want = r[4], per[r[4]]
		}
	}
	dir := t.TempDir()
	out, stderr, ok := runIn(t, "demo\n", "audit", "export", "--db", db, "--operator", "demo-supervisor", "--member", member,
		"--out", dir)
	if !ok || !strings.Contains(out, "audit rows written to "+dir) {
		t.Fatalf("export: ok=%v out=%q err=%q", ok, out, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "audit-*.csv"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	f, _ := os.Open(files[0])
	recs, err = csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != want+1 || recs[0][0] != "id" || want < 2 {
		t.Fatalf("export of member %s: %d records, want %d and the header: %v", member, len(recs), want+1, err)
	}
	for _, r := range recs[1:] {
		if r[4] != member {
			t.Fatalf("row of member %s in an export of %s", r[4], member)
		}
	}

	// To standard output, by action, and the export's own record.
	out, _, ok = runIn(t, "demo\n", "audit", "export", "--db", db, "--operator", "demo-supervisor", "--action", "audit")
	if !ok || !strings.Contains(out, ",audit.export,") {
		t.Fatalf("the first export is not on record: %q", out)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--operator", "demo-operator"}, "only a supervisor"},
		{[]string{"--operator", "demo-supervisor", "--from", "2026-13-01"}, "from date 2026-13-01: give a date as YYYY-MM-DD"},
		{[]string{"--operator", "demo-supervisor", "--from", "2026-02-01", "--to", "2026-01-01"}, "is after the last day"},
		{[]string{"--operator", "demo-supervisor", "--case", "X-12"}, "case X-12: give a case number"},
		{[]string{"--operator", "demo-supervisor", "--member", "0000000000"}, "no member has the number 0000000000"},
	} {
		_, stderr, ok := runIn(t, "demo\n", append([]string{"audit", "export", "--db", db}, tc.args...)...)
		if ok || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: ok=%v stderr=%q, want %q", tc.args, ok, stderr, tc.want)
		}
	}
	if _, stderr, ok := run(t, nil, "audit", "verify", "--db", db); !ok {
		t.Fatalf("the trail after exports and a denial does not verify: %s", stderr)
	}
}

// TestStrippedSealStaysUnsealedUntilASupervisorSealsIt: seals blanked and
// the seal record removed, history rewritten and the chain recomputed, a
// desk that carries on (here a failed sign-in, which is on record) does
// not seal the rewritten trail as intact; verify says unsealed until a
// supervisor runs audit seal, and then names the rows before the seal.
func TestStrippedSealStaysUnsealedUntilASupervisorSealsIt(t *testing.T) {
	db := demoDB(t)
	forgeAudit(t, db, 17) // drops the append-only triggers too
	editAudit(t, db, `UPDATE audit SET seal = ''`, `DELETE FROM audit_seal`)
	runIn(t, "wrong\n", "audit", "seal", "--db", db, "--operator", "demo-operator") // a write: the refused sign-in's row
	out, stderr, ok := run(t, nil, "audit", "verify", "--db", db)
	if ok || !strings.Contains(stderr, "none of the") {
		t.Fatalf("verify after stripping and a write: ok=%v out=%q err=%q", ok, out, stderr)
	}
	if _, stderr, ok := runIn(t, "demo\n", "audit", "seal", "--db", db, "--operator", "demo-operator"); ok ||
		!strings.Contains(stderr, "only a supervisor") {
		t.Fatalf("an operator started the seal: %q", stderr)
	}
	out, stderr, ok = runIn(t, "demo\n", "audit", "seal", "--db", db, "--operator", "demo-supervisor")
	if !ok || !strings.Contains(out, "written before sealing began") {
		t.Fatalf("audit seal: ok=%v out=%q err=%q", ok, out, stderr)
	}
	if out, stderr, ok := run(t, nil, "audit", "verify", "--db", db); !ok || !strings.Contains(out, "written before sealing began") {
		t.Fatalf("verify after audit seal: %q %q", out, stderr)
	}
	if _, stderr, ok := runIn(t, "demo\n", "audit", "seal", "--db", db, "--operator", "demo-supervisor"); ok ||
		!strings.Contains(stderr, "only an unsealed audit trail") {
		t.Fatalf("a second audit seal: %q", stderr)
	}
}
