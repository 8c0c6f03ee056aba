package workflows

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"spdesk/store"
)

// demoEnv is a service on a pool of members put through SeedDemoCases.
func demoEnv(t *testing.T) *env {
	t.Helper()
	e := newDemoEnv(t, 60, 10)
	if _, err := SeedDemoCases(e.ctx, e.svc, filepath.Join(t.TempDir(), "spool"), "demo-operator", "demo-supervisor"); err != nil {
		t.Fatal(err)
	}
	return e
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(AuditCSVHeader, ",") {
		t.Fatalf("header %v", recs)
	}
	return recs[1:]
}

// lastAudit is the newest audit row.
func lastAudit(t *testing.T, e *env) store.AuditRow {
	t.Helper()
	rows, err := e.st.AuditPage(e.ctx, store.AuditFilter{}, 0, 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("last audit row: %v %v", rows, err)
	}
	return rows[0]
}

func TestExportAuditFileWritesTheFilteredRowsAndIsOnRecord(t *testing.T) {
	e := demoEnv(t)
	// The member with the most rows.
	var member int64
	var most int64
	for _, id := range append(e.std, e.credit...) {
		if n, _ := e.st.CountAuditMatching(e.ctx, store.AuditFilter{MemberID: id}, 0); n > most {
			member, most = id, n
		}
	}
	m, err := e.st.MemberByID(e.ctx, member)
	if err != nil || most < 2 {
		t.Fatalf("member %d with %d rows: %v", member, most, err)
	}
	dir := filepath.Join(t.TempDir(), "exports")
	f := store.AuditFilter{MemberID: member}
	x, err := e.svc.ExportAuditToDir(e.ctx, "demo-supervisor", f, dir)
	if err != nil {
		t.Fatal(err)
	}
	if x.Rows != most || filepath.Dir(x.Path) != dir || !strings.HasSuffix(x.Path, ".csv") {
		t.Fatalf("export %+v, want %d rows in %s", x, most, dir)
	}
	b, err := os.ReadFile(x.Path)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, b)
	if int64(len(recs)) != most {
		t.Fatalf("%d data rows, want %d", len(recs), most)
	}
	for _, r := range recs {
		if r[4] != m.No {
			t.Fatalf("row of member %q in an export of %s: %v", r[4], m.No, r)
		}
	}
	if st, _ := os.Stat(x.Path); st.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v, want 0600", st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".spdesk-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	rec := lastAudit(t, e)
	if rec.Action != ActionAuditExport || rec.Operator != "demo-supervisor" || !strings.Contains(rec.After, `"rows":`+i64(most)) ||
		!strings.Contains(rec.After, `"member_id":`+i64(member)) || rec.ID != x.ThroughID+1 {
		t.Fatalf("export record %+v (through %d)", rec, x.ThroughID)
	}
	checkInvariants(t, e.st)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func TestExportAuditRefusals(t *testing.T) {
	e := demoEnv(t)
	before, _ := e.st.CountAudit(e.ctx)

	// An operator is refused, and the attempt is on record.
	var buf bytes.Buffer
	_, err := e.svc.ExportAudit(e.ctx, "demo-operator", store.AuditFilter{}, &buf)
	if ErrorCode(err) != EFORBIDDEN || buf.Len() != 0 {
		t.Fatalf("operator export: %v, %d bytes", err, buf.Len())
	}
	if r := lastAudit(t, e); r.Action != "denied" || r.Operator != "demo-operator" {
		t.Fatalf("denial not on record: %+v", r)
	}

	// A folder that cannot be written: nothing exported, nothing recorded.
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	n0, _ := e.st.CountAudit(e.ctx)
	_, err = e.svc.ExportAuditFile(e.ctx, "demo-supervisor", store.AuditFilter{}, filepath.Join(file, "sub", "x.csv"))
	if ErrorCode(err) != EIO || !strings.Contains(Message(err, "en"), "cannot write the audit export") {
		t.Fatalf("unwritable export: %v", err)
	}
	if n, _ := e.st.CountAudit(e.ctx); n != n0 {
		t.Fatalf("a failed export left %d audit rows", n-n0)
	}
	if n0 != before+1 {
		t.Fatalf("denial rows: %d", n0-before)
	}

	// To a writer: the record comes first and the stream holds what it says.
	x, err := e.svc.ExportAudit(e.ctx, "demo-supervisor", store.AuditFilter{Action: "password_reset"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if int64(len(recs)) != x.Rows || x.Rows == 0 {
		t.Fatalf("%d rows streamed, record says %d", len(recs), x.Rows)
	}
	for _, r := range recs {
		if !strings.HasPrefix(r[3], "password_reset.") {
			t.Fatalf("row %v in a password_reset export", r)
		}
	}
	checkInvariants(t, e.st)
}

func TestAuditCSVCellsAreNotFormulas(t *testing.T) {
	r := store.AuditRow{AuditEvent: store.AuditEvent{ID: 1, Operator: "=cmd|' /C calc'!A0", Note: "+1", Before: "{}"}}
	rec := auditCSVRecord(r)
	if rec[2] != "'=cmd|' /C calc'!A0" || rec[14] != "'+1" || rec[12] != "{}" {
		t.Fatalf("record %q", rec)
	}
}
