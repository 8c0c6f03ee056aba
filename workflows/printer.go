package workflows

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/printq"
	"spdesk/workflows/textsafe"
)

// PrintJob is a batch's sending to a printer and, when asked, the state
// the scheduler gives it.
type PrintJob struct {
	store.PrintJob
	State printq.JobState // zero until asked (BatchJobs)
	Err   error           // why the state could not be asked
}

// A CUPS queue name: letters, digits, and - _ . @ (lpadmin's own rule
// refuses spaces, slashes and #).
var printerName = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,127}$`)

func checkPrinterName(p string) error {
	if p == "" || printerName.MatchString(p) {
		return nil
	}
	return refuse(EINVALID, "printer.bad_name", "printer", textsafe.Show(p))
}

func parseBatchNo(batchNo string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(batchNo)), "B-"), "0"), 10, 64)
	if err != nil || id <= 0 {
		return 0, refuse(EINVALID, "batch.invalid_no", "batch", batchNo)
	}
	return id, nil
}

// SendBatch sends a printed batch's PDF to a CUPS queue with lp and
// records the job with its audit row. A printer that refuses, or a CUPS
// that does not answer, changes nothing: the PDF stays in the spool folder
// to send again. A mailed batch has no PDF left to send.
func (s *Service) SendBatch(ctx context.Context, op, batchNo, printer string) (*PrintJob, error) {
	if err := s.requireSupervisor(ctx, op, "letters.print", nil); err != nil {
		return nil, err
	}
	if printer == "" {
		return nil, refuse(EINVALID, "printer.none")
	}
	if err := checkPrinterName(printer); err != nil {
		return nil, err
	}
	id, err := parseBatchNo(batchNo)
	if err != nil {
		return nil, err
	}
	b, _, err := s.st.BatchWithLetters(ctx, id)
	if err != nil {
		return nil, refuse(ENOTFOUND, "batch.not_found", "batch", batchNo)
	}
	if b.State == store.BatchMailed {
		return nil, refuse(ESTATE, "batch.already_mailed", "batch", b.No(), "at", DateOf(b.MailedAt.In(tokyo)).String()) // written per language by render
	}
	path := b.SpoolDir + string(os.PathSeparator) + batchPDF(b)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Code: EIO, Key: "printer.no_pdf", Args: map[string]string{"batch": b.No(), "file": path,
			"reason": rootCause(err)}, Err: err}
	}
	job, err := printq.Submit(ctx, printer, path, b.No())
	if err != nil {
		return nil, printError(b, printer, path, err)
	}
	j := &PrintJob{PrintJob: store.PrintJob{BatchID: b.ID, Printer: printer, Job: job, Pages: pdfPages(data), SentBy: op}}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		if err := tx.InsertPrintJob(&j.PrintJob); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.batch_send", BatchID: b.ID,
			After: fields{"batch": b.No(), "printer": printer, "job": job, "pages": j.Pages}.json()})
	})
	if err != nil {
		return j, err
	}
	j.State, j.Err = printq.State(ctx, job)
	return j, nil
}

func printError(b store.Batch, printer, path string, err error) error {
	var rf *printq.RefusedError
	switch {
	case errors.As(err, &rf):
		return &Error{Code: EIO, Key: "printer.refused", Args: map[string]string{"batch": b.No(), "printer": printer,
			"reason": textsafe.Show(rf.Reason), "file": path}, Err: err}
	case errors.Is(err, printq.ErrUnreachable):
		return &Error{Code: EIO, Key: "printer.unreachable", Args: map[string]string{"batch": b.No(), "printer": printer,
			"file": path}, Err: err}
	}
	return &Error{Code: EIO, Key: "printer.failed", Args: map[string]string{"batch": b.No(), "printer": printer,
		"reason": textsafe.Show(err.Error()), "file": path}, Err: err}
}

// BatchJobs lists a batch's print jobs with the state the scheduler gives
// each now (Err says why one could not be asked).
func (s *Service) BatchJobs(ctx context.Context, batchNo string) (store.Batch, []PrintJob, error) {
	id, err := parseBatchNo(batchNo)
	if err != nil {
		return store.Batch{}, nil, err
	}
	b, _, err := s.st.BatchWithLetters(ctx, id)
	if err != nil {
		return b, nil, refuse(ENOTFOUND, "batch.not_found", "batch", batchNo)
	}
	js, err := s.st.PrintJobsOfBatch(ctx, id)
	if err != nil {
		return b, nil, err
	}
	out := make([]PrintJob, len(js))
	for i, j := range js {
		out[i].PrintJob = j
		out[i].State, out[i].Err = printq.State(ctx, j.Job)
	}
	return b, out, nil
}

// JobStateText is a job's state for people.
func JobStateText(j PrintJob, lang string) string {
	if j.Err != nil {
		return render("printer.state_unknown", nil, lang)
	}
	if n, ok := jobStates[j.State.State]; ok {
		return n.In(lang)
	}
	return j.State.State
}

var jobStates = map[string]msg.M{
	"pending": {"待機中", "pending"}, "held": {"保留中", "held"}, "processing": {"印刷中", "printing"},
	"stopped": {"停止（プリンタを確認してください）", "stopped (check the printer)"}, "canceled": {"取り消し", "canceled"},
	"aborted": {"中断（エラー）", "aborted (error)"}, "completed": {"印刷完了", "printed"},
}

func init() {
	actionNames["batch_send"] = msg.M{"プリンタへ送信", "send to printer"}
	Messages.Add(msg.Set{
		"printer.bad_name": {"プリンタ名「{printer}」は使えません（英数字と - _ . @ のみ）", "printer name {printer} is not a CUPS queue name (letters, digits, - _ . @)"},
		"printer.none":     {"プリンタを指定してください（--printer）", "name a printer (--printer)"},
		"printer.no_pdf": {"バッチ {batch} の PDF {file} を読めません（{reason}）。郵送済みのバッチは再送できません",
			"cannot read batch {batch}'s PDF {file} ({reason}); a mailed batch cannot be sent again"},
		"printer.refused": {"プリンタ {printer} がバッチ {batch} を受け付けませんでした（{reason}）。PDF は {file} に残っています。プリンタを直してから spdesk letters send {batch} で送り直してください",
			"printer {printer} refused batch {batch} ({reason}); its PDF stays at {file}: fix the printer, then send it again with spdesk letters send {batch}"},
		"printer.unreachable": {"印刷サーバー（CUPS）が応答しないため、バッチ {batch} をプリンタ {printer} に送れませんでした。PDF は {file} に残っています。CUPS を起動してから spdesk letters send {batch} で送り直してください",
			"the print server (CUPS) does not answer, so batch {batch} did not go to printer {printer}; its PDF stays at {file}: start CUPS, then send it again with spdesk letters send {batch}"},
		"printer.failed": {"バッチ {batch} をプリンタ {printer} に送れませんでした（{reason}）。PDF は {file} に残っています",
			"batch {batch} did not go to printer {printer} ({reason}); its PDF stays at {file}"},
		"printer.state_unknown": {"状態不明（CUPS に問い合わせできません）", "state unknown (CUPS does not answer)"},
	})
}
