package workflows

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Reconciliation compares a printed batch's manifest with the files in the
// spool folder, the letters the database says it printed, and the pages:
// the manifest's, the PDF's, and those the printer reports for the
// batch's newest print job.
type Reconciliation struct {
	Batch    store.Batch
	Manifest int      // the manifest's "count total"
	Listed   int      // letter lines in the manifest
	Files    int      // listed letters whose file is in the spool folder
	Letters  int      // letters of the batch in the database
	Missing  []string // listed, not on disk
	Pages    int      // the manifest's "pages total"
	PDFPages int      // pages in the batch's PDF; -1 once it is gone (mailed)
	Job      *PrintJob
	Printed  int  // pages the printer reports printed for Job; -1 without a job
	OK       bool // all agree
}

// Reconcile checks a batch: the manifest count equals the files written
// and the letters recorded, and its pages equal the PDF's and, when the
// batch went to a printer, the pages the printer reports once the job is
// done. Read-only; batchNo is "B-00012" or "12". A mailed batch's PDFs are
// gone: its letters count as present when the manifest lists them.
func (s *Service) Reconcile(ctx context.Context, batchNo string) (Reconciliation, error) {
	var rc Reconciliation
	id, err := parseBatchNo(batchNo)
	if err != nil {
		return rc, err
	}
	b, n, err := s.st.BatchWithLetters(ctx, id)
	if err != nil {
		return rc, refuse(ENOTFOUND, "batch.not_found", "batch", batchNo)
	}
	rc.Batch, rc.Letters = b, n
	f, err := os.Open(filepath.Join(b.SpoolDir, b.No()+"_manifest.txt"))
	if err != nil {
		return rc, &Error{Code: EIO, Key: "batch.no_manifest", Args: map[string]string{"batch": b.No(),
			"dir": b.SpoolDir, "reason": rootCause(err)}, Err: err}
	}
	defer f.Close()
	mailed := b.State == store.BatchMailed
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		switch {
		case len(parts) == 3 && parts[0] == "count" && parts[1] == "total":
			rc.Manifest, _ = strconv.Atoi(parts[2])
		case len(parts) == 3 && parts[0] == "pages" && parts[1] == "total":
			rc.Pages, _ = strconv.Atoi(parts[2])
		case len(parts) == 6 && parts[0] == "letter":
			rc.Listed++
			name := filepath.Base(parts[3])
			if st, err := os.Stat(filepath.Join(b.SpoolDir, name)); mailed || err == nil && st.Mode().IsRegular() {
				rc.Files++
			} else {
				rc.Missing = append(rc.Missing, name)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rc, &Error{Code: EIO, Key: "batch.no_manifest", Args: map[string]string{"batch": b.No(),
			"dir": b.SpoolDir, "reason": err.Error()}, Err: err}
	}
	rc.PDFPages, rc.Printed = -1, -1
	if data, err := os.ReadFile(filepath.Join(b.SpoolDir, batchPDF(b))); err == nil {
		rc.PDFPages = pdfPages(data)
	}
	pagesOK := rc.PDFPages == rc.Pages || rc.PDFPages == -1 && mailed
	if _, jobs, err := s.BatchJobs(ctx, b.No()); err == nil && len(jobs) > 0 {
		j := jobs[len(jobs)-1]
		rc.Job = &j
		if j.Err == nil && j.State.Done() {
			rc.Printed = j.State.Impressions
		}
		pagesOK = pagesOK && rc.Printed == rc.Pages
	}
	rc.OK = rc.Manifest == rc.Listed && rc.Listed == rc.Files && rc.Files == rc.Letters && rc.Letters == b.Letters && pagesOK
	return rc, nil
}

func init() {
	Messages.Add(msg.Set{"batch.no_manifest": {"バッチ {batch} の明細を {dir} で読めません（{reason}）",
		"cannot read the manifest of batch {batch} in {dir} ({reason})"}})
}
