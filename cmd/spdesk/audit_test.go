package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, q := range append([]string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`}, stmts...) {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

type verdict struct {
	OK     bool   `json:"ok"`
	Rows   int64  `json:"rows"`
	Head   string `json:"head"`
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
	editAudit(t, db, `DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)`)
	if _, _, ok := run(t, nil, "audit", "verify", "--db", db); !ok {
		t.Fatal("a trail cut at the end still chains: verify without --head should pass")
	}
	_, stderr, ok := run(t, nil, "audit", "verify", "--db", db, "--head", v.Head)
	if ok || !strings.Contains(stderr, "cut off the end") {
		t.Fatalf("verify --head after the newest row was deleted: ok=%v %q", ok, stderr)
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
