package store

import (
	"context"
	"fmt"
	"time"
)

// PrintJob is one sending of a batch's PDF to a printer (migration 0012).
type PrintJob struct {
	ID      int64
	BatchID int64
	Printer string // the CUPS queue
	Job     string // CUPS's request id: office-12
	Pages   int    // pages in the PDF sent
	SentAt  time.Time
	SentBy  string
}

// InsertPrintJob records a job and sets its ID.
func (tx *Tx) InsertPrintJob(j *PrintJob) error {
	id, err := tx.insertID(`INSERT INTO print_jobs (batch_id, printer, job, pages, sent_at, sent_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		j.BatchID, j.Printer, j.Job, j.Pages, fmtTime(tx.Now), j.SentBy)
	if err != nil {
		return fmt.Errorf("record print job: %w", err)
	}
	j.ID, j.SentAt = id, tx.Now
	return nil
}

// PrintJobsOfBatch lists a batch's print jobs, oldest first.
func (s *Store) PrintJobsOfBatch(ctx context.Context, batchID int64) ([]PrintJob, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, batch_id, printer, job, pages, sent_at, sent_by FROM print_jobs
		WHERE batch_id = ? ORDER BY id`, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PrintJob
	for rows.Next() {
		var j PrintJob
		var at string
		if err := rows.Scan(&j.ID, &j.BatchID, &j.Printer, &j.Job, &j.Pages, &at, &j.SentBy); err != nil {
			return nil, err
		}
		if j.SentAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}
