package queues

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures"
	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// Changes heard while the queue screen's read is out send one more read
// when it lands, not one read each; that read shows the last change.
func TestQueueRereadsForTheFeedCoalesce(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	sh := uitest.On(svc, "en", "supervisor", demodesk.Now)
	d := &uitest.Driver{T: t, Sh: sh, Page: New(sh)}
	d.Start(120, 30)

	var out []tea.Cmd
	for i := 0; i < 10; i++ {
		if cmd := d.Send(ui.ChangedMsg{Change: workflows.Change{AuditID: int64(i + 1), CaseID: 1}}); cmd != nil {
			out = append(out, cmd)
		}
	}
	if len(out) != 1 {
		t.Fatalf("ten changes while a read was out sent %d reads, want 1", len(out))
	}
	first := uitest.Answers(t, out[0]) // read before the next change

	// Another desk opens a case meanwhile.
	count := func() map[string]int {
		figs, err := svc.Queues(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c := map[string]int{}
		for _, f := range figs {
			c[workflows.CaseTypeLabel(f.Type, "en")+"|"+workflows.StateLabel(f.State, "en")] = f.Count
		}
		return c
	}
	before := count()
	m, err := svc.MemberByNo(ctx, fixtures.DemoMemberNo["active"])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.StartCase(ctx, "supervisor", workflows.StartCaseRequest{Type: workflows.CaseContactChange, Seen: m,
		Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), Phone: m.Phone}}); err != nil {
		t.Fatal(err)
	}
	var row []string
	var want int
	for k, n := range count() {
		if n != before[k] {
			row, want = strings.Split(k, "|"), n
		}
	}
	if row == nil {
		t.Fatal("the new case changed no queue figure")
	}
	shows := func(v string) bool {
		for _, line := range strings.Split(v, "\n") {
			if strings.Contains(line, row[0]) && strings.Contains(line, row[1]) &&
				slices.Contains(strings.Fields(line), strconv.Itoa(want)) {
				return true
			}
		}
		return false
	}

	var again []tea.Cmd
	for _, msg := range first {
		if cmd := d.Send(msg); cmd != nil {
			again = append(again, cmd)
		}
	}
	if len(again) != 1 {
		t.Fatalf("the read landed with changes heard meanwhile: %d more reads, want 1", len(again))
	}
	for _, msg := range uitest.Answers(t, again[0]) {
		if cmd := d.Send(msg); cmd != nil {
			t.Errorf("a third read with no change since the second")
		}
	}
	if v := d.View(); !shows(v) {
		t.Errorf("the screen does not show the last change (%v: %d):\n%s", row, want, v)
	}
}
