package workflows

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"spdesk/store"
	"spdesk/workflows/printq"
	"spdesk/workflows/printq/cupstest"
)

// A batch sent to a real CUPS printer (cups-pdf in a temporary scheduler)
// comes out as a PDF holding each letter; the batch records the job, the
// job's state comes back from the scheduler, and reconcile compares the
// pages the printer reports with the manifest's.
func TestPrintToCUPSPrinter(t *testing.T) {
	cups := cupstest.Start(t, "spdesk_test")
	e := newEnv(t, 4, 0)
	var cases []store.Case
	for range 3 {
		cases = append(cases, e.issued())
	}
	e.reach(store.CaseBrokenCard, false, []Action{ActMailForm})
	spool := filepath.Join(t.TempDir(), "spool")
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{Printer: cups.Printer})
	if err != nil {
		t.Fatalf("print: %v\n%s", err, cups.Log())
	}
	if rep.Job == nil || !strings.HasPrefix(rep.Job.Job, "spdesk_test-") || rep.Job.Pages != rep.Pages || rep.Pages != 5 {
		t.Fatalf("job %+v, pages %d: want a job of the 5 pages (3 notices, a form and its return page)", rep.Job, rep.Pages)
	}
	files := cups.Printed(t, 1)
	// Through CUPS's PostScript step the ASCII is drawn as glyphs without
	// text, the Japanese keeps its font: compare the Japanese.
	text := japanese(pdfText(t, files[0]))
	for _, c := range cases {
		m, err := e.st.MemberByID(e.ctx, c.MemberID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{m.Name() + " 様", m.Address} {
			if !strings.Contains(text, japanese(want)) {
				t.Errorf("the printed file lacks %q:\n%s", want, text)
			}
		}
	}
	if !strings.Contains(text, "返信用") {
		t.Errorf("the form's return page is not in the printed file")
	}
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	st, err := printq.Wait(ctx, rep.Job.Job)
	if err != nil || st.State != "completed" || st.Impressions != 5 {
		t.Fatalf("job state %+v %v\n%s", st, err, cups.Log())
	}
	b, jobs, err := e.svc.BatchJobs(e.ctx, rep.Batch.No())
	if err != nil || len(jobs) != 1 || jobs[0].Job != rep.Job.Job || jobs[0].Printer != cups.Printer || b.ID != rep.Batch.ID {
		t.Fatalf("batch jobs %+v %v", jobs, err)
	}
	if got := JobStateText(jobs[0], "en"); got != "printed" {
		t.Errorf("state shown as %q", got)
	}
	rc, err := e.svc.Reconcile(e.ctx, rep.Batch.No())
	if err != nil || !rc.OK || rc.Pages != 5 || rc.PDFPages != 5 || rc.Printed != 5 {
		t.Fatalf("reconcile %+v %v", rc, err)
	}
	rows, _ := e.st.AuditAfter(e.ctx, 0, 10000)
	sends := 0
	for _, r := range rows {
		if r.Action == "letter.batch_send" && strings.Contains(r.After, rep.Job.Job) {
			sends++
		}
	}
	if sends != 1 {
		t.Errorf("%d batch_send audit rows naming the job", sends)
	}
}

// A printer that rejects jobs, and a scheduler that is down: the batch is
// recorded as printed (its passwords are wiped), its PDF stays in the
// spool folder, the refusal says so and how to send it again, and sending
// again once the printer accepts works.
func TestPrinterRefusesAndCUPSDown(t *testing.T) {
	cups := cupstest.Start(t, "spdesk_test")
	e := newEnv(t, 2, 0)
	e.issued()
	cups.Run(t, "cupsreject", "-r", "paper jam", cups.Printer)
	spool := filepath.Join(t.TempDir(), "spool")
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{Printer: cups.Printer})
	wantCode(t, err, EIO)
	msg := Message(err, "en")
	if !strings.Contains(msg, "refused batch B-00001") || !strings.Contains(msg, "spdesk letters send B-00001") ||
		!strings.Contains(msg, rep.PDF) {
		t.Errorf("refusal: %s", msg)
	}
	if _, err := os.Stat(rep.PDF); err != nil || rep.Batch.Letters != 1 {
		t.Fatalf("after the refusal the PDF %s: %v (batch %+v)", rep.PDF, err, rep.Batch)
	}
	if _, jobs, _ := e.svc.BatchJobs(e.ctx, "B-00001"); len(jobs) != 0 {
		t.Errorf("a refused job was recorded: %+v", jobs)
	}

	t.Setenv("CUPS_SERVER", filepath.Join(t.TempDir(), "no.sock"))
	_, err = e.svc.SendBatch(e.ctx, "carol", "B-00001", cups.Printer)
	wantCode(t, err, EIO)
	if msg := Message(err, "en"); !strings.Contains(msg, "does not answer") {
		t.Errorf("CUPS down: %s", msg)
	}
	t.Setenv("CUPS_SERVER", cups.Socket)

	cups.Run(t, "cupsaccept", cups.Printer)
	j, err := e.svc.SendBatch(e.ctx, "carol", "B-00001", cups.Printer)
	if err != nil || j.Pages != 1 {
		t.Fatalf("send again: %+v %v", j, err)
	}
	text := japanese(pdfText(t, cups.Printed(t, 1)[0]))
	if !strings.Contains(text, "様") {
		t.Errorf("printed file:\n%s", text)
	}
	// Mailed, the PDF is gone and cannot be sent again.
	if _, err := e.svc.MarkBatchMailed(e.ctx, "carol", "B-00001"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(rep.PDF); !os.IsNotExist(err) {
		t.Errorf("PDF after mailing: %v", err)
	}
	_, err = e.svc.SendBatch(e.ctx, "carol", "B-00001", cups.Printer)
	wantCode(t, err, ESTATE)
	_, err = e.svc.SendBatch(e.ctx, "carol", "B-00001", "bad name; rm")
	wantCode(t, err, EINVALID)
}

// japanese keeps s's non-ASCII letters, without blanks.
func japanese(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0x7f && !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
