package workflows

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"spdesk/store"
	"spdesk/workflows/letterpdf"
)

// queueLetter queues a letter of kind for c's member. secret is the clear
// text of a new password, "" for forms. The returned letter never carries
// the secret: callers pass it on to the console.
func queueLetter(tx *store.Tx, op string, kind store.LetterKind, c store.Case, secret string) (store.Letter, error) {
	l := store.Letter{Kind: kind, MemberID: c.MemberID, CaseID: c.ID, Secret: secret, QueuedBy: op}
	if err := tx.InsertLetter(&l); err != nil {
		return l, err
	}
	l.Secret = ""
	_, err := holdIfAddressChanged(tx, op, l) // letter_hold.go
	return l, err
}

// PrintLetters prints every queued letter as one batch: each letter is
// rendered to a file in the batch's folder under spoolDir, plus a manifest
// with the counts; then one transaction records the batch: the letters
// are marked printed, password notices lose their clear text, and password
// resets move to letter_printed.
//
// The batch number is reserved first, in a transaction of its own that
// also reads the letters and their paper. The files are rendered with no
// transaction open (other desks write meanwhile) into a locked
// ".B-00012.uncommitted" folder and synced; the recording transaction
// checks that the rendered letters are still the ones to print, with the
// same paper, or the run renders again (print_commit.go). The folder
// becomes "B-00012" only after the commit: a run that fails removes its
// folder, and one that dies leaves it recognisably uncommitted for the
// next print to remove (settlePrintRuns). A spool folder that cannot be
// written leaves every letter queued and says why (EIO); an empty queue
// prints nothing and says so (ENOTFOUND).
func (s *Service) PrintLetters(ctx context.Context, op string, spoolDir string) (store.Batch, error) {
	return s.PrintSelected(ctx, op, spoolDir, PrintOptions{})
}

// PrintSelected is PrintLetters for the chosen kinds only, reporting its
// progress; letters on hold are never printed (letter_hold.go).
func (s *Service) PrintSelected(ctx context.Context, op string, spoolDir string, opts PrintOptions) (store.Batch, error) {
	r, err := s.PrintBatch(ctx, op, spoolDir, opts)
	return r.Batch, err
}

// PrintBatch is PrintSelected with the report of what was printed: the
// batch's PDF, its pages, the letters printed with a barcode or character
// missing, and, with opts.Printer, the job the printer took.
func (s *Service) PrintBatch(ctx context.Context, op string, spoolDir string, opts PrintOptions) (PrintReport, error) {
	var rep PrintReport
	var batch store.Batch
	if err := s.requireSupervisor(ctx, op, "letters.print", nil); err != nil {
		return rep, err
	}
	if err := checkText("spool_dir", spoolDir, false); err != nil {
		return rep, err // the folder is stored with the batch and shown
	}
	if err := checkPrinterName(opts.Printer); err != nil {
		return rep, err
	}
	dir, err := filepath.Abs(spoolDir)
	if err != nil || spoolDir == "" {
		return rep, refuse(EIO, "letters.spool_unwritable", "dir", spoolDir, "reason", "no folder given")
	}
	// Without the fonts nothing can be printed: say so before any letter
	// or batch number is touched.
	fonts, err := loadFonts()
	if err != nil {
		return rep, err
	}
	if err := probeDir(dir); err != nil {
		return rep, spoolError(dir, err)
	}
	// What an earlier run left behind goes before this run starts.
	if err := s.settlePrintRuns(ctx, op, dir); err != nil {
		return rep, spoolError(dir, err)
	}
	run, res, set, err := s.reserveRun(ctx, op, dir, opts, fonts)
	if err != nil || run == nil {
		return rep, err
	}
	defer run.end()
	// The letters are rendered and synced outside any transaction (it is
	// the long part: every other desk's write would wait behind it); one
	// short transaction then finds the same letters with the same paper
	// and records the batch, or the run renders again (printAndCommit).
	var empty error // why nothing printed after all; said after the holds commit
	batch, set, empty, err = s.printAndCommit(ctx, op, opts, fonts, run, res, set)
	if err != nil || empty != nil {
		run.discard()
		reason := "not committed"
		var we *Error
		switch {
		case err == nil:
			reason = "nothing to print"
		case errors.As(err, &we) && we.Key == "letters.queue_moving":
			reason = "the queue kept changing"
		}
		s.abandonRun(ctx, op, res, reason)
		if err == nil {
			return rep, empty
		}
		if errors.As(err, &we) && we.Code == EINTERNAL && isFileError(we.Err) {
			return rep, spoolError(dir, we.Err)
		}
		return rep, err
	}
	rep = PrintReport{Batch: batch, PDF: filepath.Join(batch.SpoolDir, batchPDF(batch)), Pages: set.pages, Notes: set.notes}
	if err := run.publish(); err != nil {
		// The batch is recorded; its letters wait under the temporary
		// name, and the next print run gives the folder its name.
		return rep, &Error{Code: EIO, Key: "letters.publish_failed",
			Args: map[string]string{"batch": batch.No(), "dir": run.tmp, "reason": rootCause(err)}, Err: err}
	}
	if opts.Printer != "" {
		job, err := s.SendBatch(ctx, op, batch.No(), opts.Printer)
		rep.Job = job
		return rep, err
	}
	return rep, nil
}

// spoolError is the refusal for a spool folder that failed us.
func spoolError(dir string, err error) error {
	return &Error{Code: EIO, Key: "letters.spool_unwritable",
		Args: map[string]string{"dir": dir, "reason": rootCause(err)}, Err: err}
}

// paperOf gathers what letter l says on paper dated at, with its member
// and case.
func (s *Service) paperOf(tx *store.Tx, l store.Letter, at time.Time) (letterpdf.Letter, store.Member, store.Case, error) {
	var c store.Case
	m, err := tx.Member(l.MemberID)
	if err != nil {
		return letterpdf.Letter{}, m, c, wrapStore(err, "member")
	}
	if l.CaseID != 0 {
		if c, err = tx.Case(l.CaseID); err != nil {
			return letterpdf.Letter{}, m, c, wrapStore(err, "case")
		}
	}
	cardNo := ""
	if c.CardID != 0 {
		if card, err := tx.Card(c.CardID); err == nil {
			cardNo = MaskCardNo(card.No)
		}
	}
	detail, err := letterDetail(tx, l) // a reader shipment slip lists its order
	if err != nil {
		return letterpdf.Letter{}, m, c, err
	}
	return letterDoc(l, m, c, cardNo, at, detail...), m, c, nil
}

// markPrinted marks l printed into file name of batch b (wiping its
// secret) and writes its audit row, moving a password reset along.
func (s *Service) markPrinted(tx *store.Tx, op string, b store.Batch, l store.Letter, c store.Case, name string) error {
	if err := tx.MarkLetterPrinted(l.ID, l.Version, b.ID, name); err != nil {
		return wrapStore(err, l.RefNo())
	}
	return s.letterEvent(tx, op, l, c, ActPrintLetter, b.ID,
		fields{"letter_state": store.LetterQueued}, fields{"letter_state": store.LetterPrinted, "batch": b.No(), "file": name})
}

// letterEvent writes the audit row of a letter step. A letter of a case
// counts as a change of the case (its version moves, its timeline shows
// it); a password reset also changes state with its letter.
func (s *Service) letterEvent(tx *store.Tx, op string, l store.Letter, c store.Case, act Action, batchID int64,
	before, after fields) error {
	e := &store.AuditEvent{Operator: op, Action: "letter." + string(act), MemberID: l.MemberID,
		LetterID: l.ID, BatchID: batchID, Before: before.json(), After: after.json()}
	if c.ID != 0 {
		from := c.State
		if c.Type == store.CasePasswordReset {
			st, err := permit(c, act)
			if err != nil {
				return err
			}
			s.moveTo(tx, &c, st.To)
		}
		if err := tx.UpdateCase(&c); err != nil {
			return wrapStore(err, c.No())
		}
		e = caseEvent(op, act, c, from, before, after)
		e.LetterID, e.BatchID = l.ID, batchID
	}
	return tx.AppendAudit(e)
}

// MarkBatchMailed records that a printed batch went to the post: its
// letters become mailed and password resets move to letter_mailed. batchNo
// is "B-00012" or "12".
func (s *Service) MarkBatchMailed(ctx context.Context, op string, batchNo string) (store.Batch, error) {
	var batch store.Batch
	if err := s.requireSupervisor(ctx, op, "letters.mark_mailed", nil); err != nil {
		return batch, err
	}
	id, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(batchNo)), "B-"), "0"), 10, 64)
	if err != nil || id <= 0 {
		return batch, refuse(EINVALID, "batch.invalid_no", "batch", batchNo)
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		b, err := tx.Batch(id)
		if err != nil {
			return refuse(ENOTFOUND, "batch.not_found", "batch", batchNo)
		}
		if b.State == store.BatchMailed {
			return refuse(ESTATE, "batch.already_mailed", "batch", b.No(), "at", DateOf(b.MailedAt.In(tokyo)).String()) // written per language by render
		}
		if err := tx.SetBatchMailed(b.ID, b.Version, op); err != nil {
			return wrapStore(err, b.No())
		}
		letters, err := tx.LettersOfBatch(b.ID)
		if err != nil {
			return err
		}
		for _, l := range letters {
			if l.State != store.LetterPrinted {
				continue
			}
			if err := tx.MarkLetterMailed(l.ID, l.Version); err != nil {
				return wrapStore(err, l.RefNo())
			}
			var c store.Case
			if l.CaseID != 0 {
				if c, err = tx.Case(l.CaseID); err != nil {
					return wrapStore(err, "case")
				}
			}
			if err := s.letterEvent(tx, op, l, c, ActMailLetter, b.ID, fields{"letter_state": store.LetterPrinted},
				fields{"letter_state": store.LetterMailed, "batch": b.No()}); err != nil {
				return err
			}
		}
		batch, err = tx.Batch(b.ID)
		return err
	})
	if err != nil {
		return batch, err
	}
	// The PDFs hold the batch's passwords in clear: they go once the
	// letters are in the post.
	if err := removeBatchPDFs(batch); err != nil {
		return batch, &Error{Code: EIO, Key: "letters.mailed_pdf_left", Args: map[string]string{"batch": batch.No(),
			"dir": batch.SpoolDir, "reason": rootCause(err)}, Err: err}
	}
	return batch, nil
}

// manifest lists a batch: counts by kind and pages, then one line per
// letter with its file, first page and pages, then what was printed with
// something missing, so the person at the printer can reconcile what came
// out.
func manifest(b store.Batch, letters []store.Letter, files []string, pages []int, notes []Notice, now time.Time) string {
	counts := map[store.LetterKind]int{}
	for _, l := range letters {
		counts[l.Kind]++
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	var sb strings.Builder
	fmt.Fprintf(&sb, "spdesk letter batch %s\nprinted_at\t%s\nprinted_by\t%s\nspool\t%s\n\n",
		b.No(), now.In(tokyo).Format("2006-01-02T15:04:05-07:00"), b.PrintedBy, b.SpoolDir)
	for _, k := range kinds {
		fmt.Fprintf(&sb, "count\t%s\t%d\n", k, counts[store.LetterKind(k)])
	}
	total := 0
	for _, p := range pages {
		total += p
	}
	fmt.Fprintf(&sb, "count\ttotal\t%d\n", len(letters))
	fmt.Fprintf(&sb, "pages\ttotal\t%d\n\n", total)
	first := 1
	for i, l := range letters {
		fmt.Fprintf(&sb, "letter\t%s\t%s\t%s\t%d\t%d\n", l.RefNo(), l.Kind, files[i], first, pages[i])
		first += pages[i]
	}
	for _, n := range notes {
		fmt.Fprintf(&sb, "note\t%s\t%s\n", n.Args["ref"], NoticeText(n, "en"))
	}
	return sb.String()
}
