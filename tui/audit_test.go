package tui

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// startAuditDesk is the demo console with its cases, op acting (the demo
// supervisor or the demo operator).
func startAuditDesk(t *testing.T, lang string, w, h int, op string) *desk {
	t.Helper()
	st, svc := seededDemo(t)
	return runDesk(t, st, svc, lang, w, h, op)
}

// auditRowLine is a row of the audit list: it starts with its time.
var auditRowLine = regexp.MustCompile(`^\s*(▸\s*)?(\d{4}-)?\d{2}-\d{2} \d{2}:\d{2} `) // the year only outside the current one

var keyCtrlR = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}

// busiestMember is the member with the most audit rows, and how many.
func busiestMember(t *testing.T, st *store.Store) (workflows.Member, int64) {
	t.Helper()
	ctx := context.Background()
	per := map[int64]int64{}
	if err := st.EachAudit(ctx, workflows.AuditFilter{}, 0, func(r workflows.AuditRow) error {
		if r.MemberID != 0 {
			per[r.MemberID]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var id, n int64
	for k, v := range per {
		if v > n || v == n && k < id {
			id, n = k, v
		}
	}
	m, err := st.MemberByID(ctx, id)
	if err != nil || n < 2 {
		t.Fatalf("busiest member %d (%d rows): %v", id, n, err)
	}
	return m, n
}

func TestAuditScreenFiltersByMemberAndExportsCSV(t *testing.T) {
	d := startAuditDesk(t, ui.LangEN, 100, 30, "demo-supervisor")
	m, n := busiestMember(t, d.st)
	total, _ := d.st.CountAudit(context.Background())

	d.tm.Send(keyCtrlR)
	v := waitFor(t, d.tm, "Audit trail", jpform.Count(int(total))+" rows, newest first")
	checkFrame(t, v, 100, 30)

	d.key("/")
	waitFor(t, d.tm, "tab: next field")
	d.tm.Send(keyTab) // operator -> member
	d.tm.Type(m.No)
	d.tm.Send(keyEnter)
	v = waitFor(t, d.tm, jpform.Count(int(n))+" rows, newest first", "/ filters")
	checkFrame(t, v, 100, 30)
	rows := 0
	for _, line := range strings.Split(v, "\n") {
		if auditRowLine.MatchString(line) {
			rows++
			if !strings.Contains(line, m.No) {
				t.Errorf("a row of another member in the filtered list: %q", line)
			}
		}
	}
	if int64(rows) != n {
		t.Fatalf("%d rows on screen, want %d:\n%s", rows, n, v)
	}

	d.key("e")
	v = waitFor(t, d.tm, "rows exported to")
	checkFrame(t, v, 100, 30)
	files, _ := filepath.Glob(filepath.Join(d.st.Path()+"-audit", "audit-*.csv"))
	if len(files) != 1 {
		t.Fatalf("export files %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(workflows.AuditCSVHeader, ",") {
		t.Fatalf("no header: %v", recs)
	}
	if int64(len(recs)-1) != n {
		t.Fatalf("%d rows exported, want %d", len(recs)-1, n)
	}
	// The export is on record, newest first on the screen once the filter
	// is cleared.
	d.key("x")
	waitFor(t, d.tm, jpform.Count(int(total+1))+" rows, newest first", "audit export")
}

func TestAuditScreenRefusesABadFilterAndKeepsTheList(t *testing.T) {
	d := startAuditDesk(t, ui.LangJA, 80, 24, "demo-supervisor")
	total, _ := d.st.CountAudit(context.Background())
	d.tm.Send(keyCtrlR)
	waitFor(t, d.tm, "監査記録", jpform.Count(int(total))+" 件")
	d.key("/")
	d.tm.Send(keyTab)
	d.tm.Send(keyTab) // case
	d.tm.Type("X-1")
	d.tm.Send(keyEnter)
	v := waitFor(t, d.tm, "C-0000123 か 123 の形")
	checkFrame(t, v, 80, 24)
	d.tm.Send(keyEsc) // back to the list as it was
	v = waitFor(t, d.tm, "/ で絞り込み", jpform.Count(int(total))+" 件")
	checkFrame(t, v, 80, 24)
	if strings.Contains(v, "X-1") {
		t.Fatalf("esc kept the refused value:\n%s", v)
	}
	d.key("esc")
	waitFor(t, d.tm, "検索")
}

func TestAuditScreenIsForSupervisors(t *testing.T) {
	d := startAuditDesk(t, ui.LangEN, 80, 24, "demo-operator")
	d.tm.Send(keyCtrlR)
	v := waitFor(t, d.tm, "only a supervisor may read the audit trail (demo-operator is an operator)")
	checkFrame(t, v, 80, 24)
	if auditRowLine.MatchString(v) || strings.Contains(v, "newest first") {
		t.Fatalf("an operator sees audit rows:\n%s", v)
	}
	d.key("e") // no export either
	d.key("esc")
	waitFor(t, d.tm, "Member search")
	if n, _ := d.st.CountAuditMatching(context.Background(), workflows.AuditFilter{Action: workflows.ActionAuditExport}, 0); n != 0 {
		t.Fatalf("%d exports by an operator", n)
	}
}
