package letters

import (
	"context"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// pump runs cmd and what its answers answer, as the program would, until
// nothing is left (a spinner stops once the page is not busy).
func pump(d *uitest.Driver, cmd tea.Cmd) {
	for range 50 {
		if cmd == nil {
			return
		}
		var next []tea.Cmd
		for _, m := range uitest.Answers(d.T, cmd) {
			if m != nil {
				next = append(next, d.Send(m))
			}
		}
		cmd = tea.Batch(next...)
	}
}

func batches(t *testing.T, svc workflows.Desk) []workflows.Batch {
	t.Helper()
	b, err := svc.Batches(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPrintAndMailAskFirst: p and m each ask before acting, naming the
// count (and for m the batch); n leaves everything as it was; a second m
// names the older batch as older instead of marking it silently.
func TestPrintAndMailAskFirst(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	sh := uitest.On(svc, "ja", "demo-supervisor", demodesk.Now)
	sh.Opts.SpoolDir = t.TempDir()
	d := &uitest.Driver{T: t, Sh: sh, Page: New(sh)}
	d.Start(100, 30)
	before := batches(t, svc)
	queued := d.Page.(*Page).selected()
	if queued == 0 || len(before) == 0 || before[0].State != workflows.BatchPrinted {
		t.Fatalf("demo: %d queued, batches %+v", queued, before)
	}

	pump(d, d.Key("p"))
	if v := d.View(); !strings.Contains(v, "通を新しいバッチとして") || !strings.Contains(v, itoa(queued)+" 通") {
		t.Fatalf("p did not ask with the count %d:\n%s", queued, v)
	}
	pump(d, d.Key("n"))
	if got := batches(t, svc); len(got) != len(before) {
		t.Fatalf("n printed a batch anyway")
	}
	pump(d, d.Key("p"))
	pump(d, d.Key("y"))
	after := batches(t, svc)
	if len(after) != len(before)+1 || after[0].Letters != queued {
		t.Fatalf("y did not print the %d letters: %+v", queued, after)
	}
	printed := after[0]

	pump(d, d.Key("m"))
	if v := d.View(); !strings.Contains(v, "バッチ "+printed.No()+"("+itoa(printed.Letters)+" 通") || batches(t, svc)[0].State != workflows.BatchPrinted {
		t.Fatalf("m did not ask about %s first:\n%s", printed.No(), d.View())
	}
	pump(d, d.Key("y"))
	if got := batches(t, svc)[0]; got.ID != printed.ID || got.State != workflows.BatchMailed {
		t.Fatalf("y did not mark %s mailed: %+v", printed.No(), got)
	}
	// The demo's older printed batch is what m names now: as older.
	pump(d, d.Key("m"))
	if v := d.View(); !strings.Contains(v, "古いバッチ "+before[0].No()) {
		t.Fatalf("the second m did not name the older batch %s:\n%s", before[0].No(), v)
	}
	pump(d, d.Key("n"))
	for _, b := range batches(t, svc) {
		if b.ID == before[0].ID && b.State != workflows.BatchPrinted {
			t.Fatalf("n marked the older batch %s", b.No())
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestPrintAndMailDimmedForOperators: an operator sees p and m dimmed
// with the reason in words, and p says it instead of asking.
func TestPrintAndMailDimmedForOperators(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	if _, err := svc.AddOperator(context.Background(), "supervisor", workflows.OperatorRequest{Login: "clerk",
		DisplayName: "clerk", Role: workflows.RoleOperator, Password: "password-clerk"}); err != nil {
		t.Fatal(err)
	}
	sh := uitest.On(svc, "ja", "clerk", demodesk.Now)
	sh.Opts.SpoolDir = t.TempDir()
	d := &uitest.Driver{T: t, Sh: sh, Page: New(sh)}
	d.Start(100, 30)
	v := d.View()
	if !strings.Contains(v, "p すべて印刷: ") || !strings.Contains(v, "m 発送済みにする: ") || strings.Contains(v, workflows.FnPrintLetters) {
		t.Fatalf("p and m not dimmed with their reasons:\n%s", v)
	}
	pump(d, d.Key("p"))
	if v = d.View(); d.Page.(*Page).ask != "" || !strings.Contains(v, "✘") || strings.Contains(v, workflows.FnPrintLetters) {
		t.Fatalf("p asked, or said a code:\n%s", v)
	}
}
