package queues

import (
	"fmt"
	"strings"
	"testing"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// TestJapaneseQueueColumnsWhole: at 80, 100 and 160 columns in Japanese,
// no figure, age or date in the queues or a queue's cases is cut ("0…",
// "2026年11…"): those columns are sized from what they hold, dates are
// month/day, and the spare width goes to the name.
func TestJapaneseQueueColumnsWhole(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	sh := uitest.On(svc, "ja", "demo-supervisor", demodesk.Now)
	for _, w := range []int{80, 100, 160} {
		d := &uitest.Driver{T: t, Sh: sh, Page: New(sh)}
		d.Start(w, 24)
		v := d.View()
		// Every figure whole on its row; at 80 columns only a long type
		// name may give (カード更新（期限切れ）), from 100 nothing.
		rows := strings.Split(v, "\n")[2:]
		var fig workflows.QueueFigure
		for i, f := range d.Page.(*Page).figs {
			want := fmt.Sprintf(" %d %s %d %d ", f.Count, sh.Cat.F("days", "n", f.OldestAge), f.DueSoon, f.Overdue)
			if i < d.Page.(*Page).grid.Page() && !strings.Contains(strings.Join(strings.Fields(rows[i]), " ")+" ", strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%d columns: row %d lacks %q:\n%s", w, i, want, v)
			}
			if f.Count >= 5 {
				fig = f
			}
		}
		if !strings.Contains(strings.Split(v, "\n")[1], "受付30日") || w > 80 && strings.Contains(v, "…") {
			t.Errorf("%d columns: queues cut:\n%s", w, v)
		}
		c := &uitest.Driver{T: t, Sh: sh, Page: NewCases(sh, fig)}
		c.Start(w, 24)
		v = c.View()
		if strings.Contains(v, "…") || !strings.Contains(v, "11月19日") || !strings.Contains(v, "-4日") {
			t.Errorf("%d columns: cases cut:\n%s", w, v)
		}
		uitest.FillsItsSize(t, c.Page, [2]int{w, 24})
	}
}
