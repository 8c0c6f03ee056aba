package queues

import (
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
		if strings.Contains(v, "…") || !strings.Contains(v, "17日") || !strings.Contains(v, "パスワード発行済み") {
			t.Errorf("%d columns: queues cut:\n%s", w, v)
		}
		var fig workflows.QueueFigure
		for _, f := range d.Page.(*Page).figs {
			if f.Count >= 5 {
				fig = f
			}
		}
		c := &uitest.Driver{T: t, Sh: sh, Page: NewCases(sh, fig)}
		c.Start(w, 24)
		v = c.View()
		if strings.Contains(v, "…") || !strings.Contains(v, "11/19") || !strings.Contains(v, "-4日") {
			t.Errorf("%d columns: cases cut:\n%s", w, v)
		}
		uitest.FillsItsSize(t, c.Page, [2]int{w, 24})
	}
}
