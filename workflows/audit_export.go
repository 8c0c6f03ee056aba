package workflows

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// ActionAuditExport is the audit action of an export of the audit trail.
// Reading the trail out of the console is itself on record: who took which
// rows (the filter, how many, up to which id) and when.
const ActionAuditExport = "audit.export"

// AuditCSVHeader is the first line of every export; the rows follow oldest
// first, one audit row each.
var AuditCSVHeader = []string{"id", "at", "operator", "action", "member_no", "member_id", "case", "card_id",
	"letter_id", "batch_id", "from_state", "to_state", "before", "after", "note", "prev_hash", "hash"}

// AuditExport is what an export wrote.
type AuditExport struct {
	Rows      int64  // data rows, header not counted
	ThroughID int64  // the newest audit row the export could include
	Path      string // the file written, "" when written to a writer
}

// ExportAudit writes the audit rows matching f as CSV (AuditCSVHeader,
// oldest first, UTF-8) to w. It is a supervisor function. The export's own
// audit row is committed before the first byte is written: a stream to a
// terminal or a pipe cannot be taken back, so the record says what was
// asked for and how many rows it holds, and rows appended meanwhile
// (the record included) are not part of it.
func (s *Service) ExportAudit(ctx context.Context, op string, f store.AuditFilter, w io.Writer) (AuditExport, error) {
	var x AuditExport
	if err := s.requireSupervisor(ctx, op, ActionAuditExport, nil); err != nil {
		return x, err
	}
	through, err := s.st.LastAuditID(ctx)
	if err != nil {
		return x, s.wrapStore(err, "audit")
	}
	n, err := s.st.CountAuditMatching(ctx, f, through)
	if err != nil {
		return x, s.wrapStore(err, "audit")
	}
	x = AuditExport{Rows: n, ThroughID: through}
	if err := s.recordExport(ctx, op, f, x, "-"); err != nil {
		return x, err
	}
	if _, err := writeAuditCSV(ctx, s.st, f, through, w); err != nil {
		return x, exportError("-", err)
	}
	return x, nil
}

// ExportAuditToDir writes the rows matching f to a new file
// audit-YYYYMMDD-HHMMSS.csv in dir, creating dir (0700) if absent, as
// ExportAuditFile does.
func (s *Service) ExportAuditToDir(ctx context.Context, op string, f store.AuditFilter, dir string) (AuditExport, error) {
	if strings.TrimSpace(dir) == "" {
		return AuditExport{}, refuse(EINVALID, "audit.export_nopath")
	}
	name := "audit-" + s.clock.Now().In(tokyo).Format("20060102-150405") + ".csv"
	return s.ExportAuditFile(ctx, op, f, filepath.Join(dir, name))
}

// ExportAuditFile writes the rows matching f as CSV to the file path,
// replacing it; its folder is created (0700) if absent. The file is
// written beside its final name and renamed once complete, then put on
// record (removed again if that fails), so there is never a half export
// under that name, nor an export without its audit row, nor a row without
// its file. Audit data is personal data: the file is 0600.
func (s *Service) ExportAuditFile(ctx context.Context, op string, f store.AuditFilter, path string) (AuditExport, error) {
	var x AuditExport
	if err := s.requireSupervisor(ctx, op, ActionAuditExport, nil); err != nil {
		return x, err
	}
	if strings.TrimSpace(path) == "" {
		return x, refuse(EINVALID, "audit.export_nopath")
	}
	if err := checkText("export_path", path, false); err != nil {
		return x, err // the file name goes into the audit row
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return x, exportError(path, errors.New("a folder has this name"))
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return x, exportError(dir, err)
	}
	through, err := s.st.LastAuditID(ctx)
	if err != nil {
		return x, s.wrapStore(err, "audit")
	}
	tmp, err := os.CreateTemp(dir, ".spdesk-audit-*.csv")
	if err != nil {
		return x, exportError(dir, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return x, exportError(path, err)
	}
	n, err := writeAuditCSV(ctx, s.st, f, through, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err != nil {
		return x, exportError(path, err)
	}
	x = AuditExport{Rows: n, ThroughID: through, Path: path}
	// Rename first, record second: a failed rename then leaves no audit
	// row for a file that does not exist, and a failed record removes the
	// file, so an export is never off the record.
	if err := os.Rename(tmp.Name(), path); err != nil {
		return x, exportError(path, err)
	}
	done = true
	if err := s.recordExport(ctx, op, f, x, filepath.Base(path)); err != nil {
		os.Remove(path)
		syncDir(dir)
		return AuditExport{}, err
	}
	syncDir(dir)
	return x, nil
}

// recordExport appends the export's audit row: the filter as given, the
// row count and the last id it covers, and where it went (a file's name,
// not its folder: paths can hold a person's name).
func (s *Service) recordExport(ctx context.Context, op string, f store.AuditFilter, x AuditExport, dest string) error {
	filter := map[string]any{}
	if f.Operator != "" {
		filter["operator"] = f.Operator
	}
	if f.MemberID != 0 {
		filter["member_id"] = f.MemberID
	}
	if f.CaseID != 0 {
		filter["case"] = store.Case{ID: f.CaseID}.No()
	}
	if f.Action != "" {
		filter["action"] = f.Action
	}
	if !f.From.IsZero() {
		filter["from"] = f.From.UTC().Format(time.RFC3339)
	}
	if !f.To.IsZero() {
		filter["to"] = f.To.UTC().Format(time.RFC3339)
	}
	after, _ := json.Marshal(map[string]any{"filter": filter, "rows": x.Rows, "through_id": x.ThroughID, "to": dest})
	return s.write(ctx, op, func(tx *store.Tx) error {
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: ActionAuditExport, After: string(after)})
	})
}

// writeAuditCSV streams the matching rows up to through into w.
func writeAuditCSV(ctx context.Context, st *store.Store, f store.AuditFilter, through int64, w io.Writer) (int64, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditCSVHeader); err != nil {
		return 0, err
	}
	var n int64
	err := st.EachAudit(ctx, f, through, func(r store.AuditRow) error {
		n++
		return cw.Write(auditCSVRecord(r))
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// auditCSVRecord is one row for AuditCSVHeader. Times are Tokyo time with
// their offset. A text cell that a spreadsheet would run as a formula
// (= + - @ first) gets a leading apostrophe: notes are typed by people.
func auditCSVRecord(r store.AuditRow) []string {
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	cse := ""
	if r.CaseID != 0 {
		cse = store.Case{ID: r.CaseID}.No()
	}
	return []string{id(r.ID), r.At.In(tokyo).Format(time.RFC3339), cell(r.Operator), cell(r.Action), r.MemberNo,
		id(r.MemberID), cse, id(r.CardID), id(r.LetterID), id(r.BatchID), string(r.FromState), string(r.ToState),
		cell(r.Before), cell(r.After), cell(r.Note), r.PrevHash, r.Hash}
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func exportError(where string, err error) error {
	return &Error{Code: EIO, Key: "audit.export_unwritable", Args: map[string]string{"path": where, "reason": rootCause(err)},
		Err: err}
}

func init() {
	Messages.Add(msg.Set{
		"audit.export_nopath":     {"書き出し先のファイルかフォルダーを指定してください", "name the file or folder to export to"},
		"audit.export_unwritable": {"監査記録を {path} に書き出せません（{reason}）。別の場所を指定してください", "cannot write the audit export to {path} ({reason}): choose another place"},
	})
}
