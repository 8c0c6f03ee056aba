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
// spool folder and the letters the database says it printed.
type Reconciliation struct {
	Batch    store.Batch
	Manifest int      // the manifest's "count total"
	Listed   int      // file lines in the manifest
	Files    int      // listed files present in the spool folder
	Letters  int      // letters of the batch in the database
	Missing  []string // listed, not on disk
	OK       bool     // all four agree
}

// Reconcile checks a batch: the manifest count equals the files written
// and the letters recorded. Read-only; batchNo is "B-00012" or "12".
func (s *Service) Reconcile(ctx context.Context, batchNo string) (Reconciliation, error) {
	var rc Reconciliation
	id, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(batchNo)), "B-"), "0"), 10, 64)
	if err != nil || id <= 0 {
		return rc, refuse(EINVALID, "batch.invalid_no", "batch", batchNo)
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
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		switch {
		case len(parts) == 3 && parts[0] == "count" && parts[1] == "total":
			rc.Manifest, _ = strconv.Atoi(parts[2])
		case len(parts) == 4 && parts[0] == "file":
			rc.Listed++
			name := filepath.Base(parts[3])
			if st, err := os.Stat(filepath.Join(b.SpoolDir, name)); err == nil && st.Mode().IsRegular() {
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
	rc.OK = rc.Manifest == rc.Listed && rc.Listed == rc.Files && rc.Files == rc.Letters && rc.Letters == b.Letters
	return rc, nil
}

func init() {
	Messages.Add(msg.Set{"batch.no_manifest": {"バッチ {batch} の明細を {dir} で読めません（{reason}）",
		"cannot read the manifest of batch {batch} in {dir} ({reason})"}})
}
