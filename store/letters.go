package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LetterKind is what a letter is.
type LetterKind string

const (
	LetterPasswordNotice   LetterKind = "password_notice"   // a new password
	LetterReissueForm      LetterKind = "reissue_form"      // 再発行依頼書, with a return envelope
	LetterChangeForm       LetterKind = "change_form"       // 変更申請書
	LetterCancellationForm LetterKind = "cancellation_form" // 解約申込書
)

// LetterState is where a letter stands.
type LetterState string

const (
	LetterQueued    LetterState = "queued"
	LetterPrinted   LetterState = "printed"
	LetterMailed    LetterState = "mailed"
	LetterCancelled LetterState = "cancelled" // its case was withdrawn before printing
)

// Letter is one letter to a member. Secret is the clear-text password of a
// queued password notice and "" once printed or cancelled.
type Letter struct {
	ID        int64
	Kind      LetterKind
	State     LetterState
	MemberID  int64
	CaseID    int64
	Secret    string
	BatchID   int64
	FileName  string
	QueuedAt  time.Time
	QueuedBy  string
	PrintedAt time.Time
	MailedAt  time.Time
	Version   int64
}

// RefNo is the reference number printed on the letter: L-0000123.
func (l Letter) RefNo() string { return fmt.Sprintf("L-%07d", l.ID) }

const letterCols = `id, kind, state, member_id, coalesce(case_id, 0), coalesce(secret, ''), coalesce(batch_id, 0),
	file_name, queued_at, queued_by, printed_at, mailed_at, version`

func scanLetter(row scanner) (Letter, error) {
	var l Letter
	var q, p, m string
	err := row.Scan(&l.ID, &l.Kind, &l.State, &l.MemberID, &l.CaseID, &l.Secret, &l.BatchID, &l.FileName,
		&q, &l.QueuedBy, &p, &m, &l.Version)
	if err != nil {
		return l, err
	}
	if l.QueuedAt, err = parseTime(q); err == nil {
		if l.PrintedAt, err = parseTime(p); err == nil {
			l.MailedAt, err = parseTime(m)
		}
	}
	return l, err
}

func collectLetters(rows *sql.Rows, err error) ([]Letter, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// InsertLetter queues a letter and sets its ID.
func (tx *Tx) InsertLetter(l *Letter) error {
	if err := tx.inScope(l.MemberID); err != nil {
		return err
	}
	var secret any
	if l.Secret != "" {
		secret = l.Secret
	}
	id, err := tx.insertID(`INSERT INTO letters (kind, state, member_id, case_id, secret, queued_at, queued_by)
		VALUES (?, 'queued', ?, nullif(?,0), ?, ?, ?) RETURNING id`, l.Kind, l.MemberID, l.CaseID, secret, fmtTime(tx.Now), l.QueuedBy)
	if err != nil {
		return fmt.Errorf("queue letter: %w", err)
	}
	l.ID = id
	l.State, l.QueuedAt, l.Version = LetterQueued, tx.Now, 1
	return err
}

// QueuedLetters lists every queued letter, oldest first, secrets included:
// only the print workflow should ask.
func (tx *Tx) QueuedLetters() ([]Letter, error) {
	return collectLetters(tx.tx.Query(`SELECT ` + letterCols + ` FROM letters WHERE state = 'queued' ORDER BY id`))
}

// QueuedLettersOfCase lists a case's letters still in the queue.
func (tx *Tx) QueuedLettersOfCase(caseID int64) ([]Letter, error) {
	ls, err := collectLetters(tx.tx.Query(`SELECT `+letterCols+` FROM letters WHERE case_id = ? AND state = 'queued'
		ORDER BY id`, caseID))
	for _, l := range ls {
		if err == nil {
			err = tx.inScope(l.MemberID)
		}
	}
	return ls, err
}

// MarkLetterPrinted records that the letter went into batchID as fileName
// and wipes its secret in the same statement.
func (tx *Tx) MarkLetterPrinted(id, version, batchID int64, fileName string) error {
	if err := tx.noteWipe(id); err != nil {
		return err
	}
	return expectOne(fmt.Sprintf("letter #%d", id))(tx.tx.Exec(`UPDATE letters SET state = 'printed', secret = NULL, batch_id = ?, file_name = ?,
		printed_at = ?, version = version + 1 WHERE id = ? AND version = ? AND state = 'queued'`,
		batchID, fileName, fmtTime(tx.Now), id, version))
}

// CancelLetter drops a queued letter, wiping its secret.
func (tx *Tx) CancelLetter(id, version int64) error {
	if err := tx.noteWipe(id); err != nil {
		return err
	}
	return expectOne(fmt.Sprintf("letter #%d", id))(tx.tx.Exec(`UPDATE letters SET state = 'cancelled', secret = NULL, version = version + 1
		WHERE id = ? AND version = ? AND state = 'queued'`, id, version))
}

// MarkLetterMailed records that a printed letter went to the post.
func (tx *Tx) MarkLetterMailed(id, version int64) error {
	return expectOne(fmt.Sprintf("letter #%d", id))(tx.tx.Exec(`UPDATE letters SET state = 'mailed', mailed_at = ?, version = version + 1
		WHERE id = ? AND version = ? AND state = 'printed'`, fmtTime(tx.Now), id, version))
}

// LettersOfBatch lists a batch's letters in print order.
func (tx *Tx) LettersOfBatch(batchID int64) ([]Letter, error) {
	return collectLetters(tx.tx.Query(`SELECT `+letterCols+` FROM letters WHERE batch_id = ? ORDER BY id`, batchID))
}

// LettersOfMember lists a member's letters, newest first (the Letters tab).
// Secrets are never returned here.
func (s *Store) LettersOfMember(ctx context.Context, memberID int64) ([]Letter, error) {
	ls, err := collectLetters(s.read.QueryContext(ctx, `SELECT `+letterCols+` FROM letters WHERE member_id = ?
		ORDER BY id DESC`, memberID))
	for i := range ls {
		ls[i].Secret = ""
	}
	return ls, err
}

// LettersOfCase lists a case's letters, oldest first, without secrets.
func (s *Store) LettersOfCase(ctx context.Context, caseID int64) ([]Letter, error) {
	ls, err := collectLetters(s.read.QueryContext(ctx, `SELECT `+letterCols+` FROM letters WHERE case_id = ?
		ORDER BY id`, caseID))
	for i := range ls {
		ls[i].Secret = ""
	}
	return ls, err
}

// CountQueuedLetters counts queued letters by kind (the print screen).
func (s *Store) CountQueuedLetters(ctx context.Context) (map[LetterKind]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT kind, count(*) FROM letters WHERE state = 'queued' GROUP BY kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[LetterKind]int{}
	for rows.Next() {
		var k LetterKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// BatchState is where a print batch stands.
type BatchState string

const (
	BatchPrinted BatchState = "printed"
	BatchMailed  BatchState = "mailed"
)

// Batch is one print run of letters.
type Batch struct {
	ID        int64
	State     BatchState
	SpoolDir  string
	Letters   int
	PrintedAt time.Time
	PrintedBy string
	MailedAt  time.Time
	MailedBy  string
	Version   int64
}

// No is the batch number a supervisor types: B-00012.
func (b Batch) No() string { return fmt.Sprintf("B-%05d", b.ID) }

// InsertBatch records a print batch under b.ID, the number its run
// reserved (ReserveBatchNumber), and settles that reservation as printed.
func (tx *Tx) InsertBatch(b *Batch) error {
	if b.ID <= 0 {
		return fmt.Errorf("insert batch: no reserved batch number")
	}
	if err := tx.SettleBatchNumber(b.ID, BatchRunPrinted); err != nil {
		return fmt.Errorf("insert batch: %w", err)
	}
	if _, err := tx.tx.Exec(`INSERT INTO letter_batches (id, state, spool_dir, letters, printed_at, printed_by)
		VALUES (?, 'printed', ?, ?, ?, ?)`, b.ID, b.SpoolDir, b.Letters, fmtTime(tx.Now), b.PrintedBy); err != nil {
		return fmt.Errorf("insert batch: %w", err)
	}
	b.State, b.PrintedAt, b.Version = BatchPrinted, tx.Now, 1
	return nil
}

const batchCols = `id, state, spool_dir, letters, printed_at, printed_by, mailed_at, mailed_by, version`

func scanBatch(row scanner) (Batch, error) {
	var b Batch
	var p, m string
	err := row.Scan(&b.ID, &b.State, &b.SpoolDir, &b.Letters, &p, &b.PrintedBy, &m, &b.MailedBy, &b.Version)
	if err != nil {
		return b, err
	}
	if b.PrintedAt, err = parseTime(p); err == nil {
		b.MailedAt, err = parseTime(m)
	}
	return b, err
}

// Batch reads a batch inside the transaction; ErrNotFound if none.
func (tx *Tx) Batch(id int64) (Batch, error) {
	b, err := scanBatch(tx.tx.QueryRow(`SELECT `+batchCols+` FROM letter_batches WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("batch #%d: %w", id, ErrNotFound)
	}
	return b, err
}

// SetBatchMailed marks a printed batch mailed.
func (tx *Tx) SetBatchMailed(id, version int64, by string) error {
	return expectOne(fmt.Sprintf("batch #%d", id))(tx.tx.Exec(`UPDATE letter_batches SET state = 'mailed', mailed_at = ?, mailed_by = ?,
		version = version + 1 WHERE id = ? AND version = ? AND state = 'printed'`, fmtTime(tx.Now), by, id, version))
}

// Batches lists print batches, newest first; limit <= 0 means all.
func (s *Store) Batches(ctx context.Context, limit int) ([]Batch, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+batchCols+` FROM letter_batches ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Checkpoint copies the WAL into the database file and truncates the WAL,
// so that content overwritten in the database (a wiped password) does not
// live on in old WAL frames. A reader holding an older snapshot keeps it
// from completing; it waits for readers only briefly (wipeTries) and
// reports whether it completed: nothing busy and every frame copied.
func (s *Store) Checkpoint(ctx context.Context) (complete bool, err error) {
	for _, wait := range wipeTries {
		busy, log, done, err := s.checkpoint(ctx, wait)
		if err != nil {
			return false, err
		}
		if !busy && log == done {
			return true, nil
		}
	}
	return false, nil
}

// StrayLetterSecrets counts letters that left the queue but still hold a
// secret, and queued password notices without one: zero unless something
// is broken (an integrity check for tests and `spdesk check`).
func (s *Store) StrayLetterSecrets(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM letters
		WHERE (state != 'queued' AND secret IS NOT NULL)
		   OR (state = 'queued' AND kind = 'password_notice' AND secret IS NULL)`).Scan(&n)
	return n, err
}
