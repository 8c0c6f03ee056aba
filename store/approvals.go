package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ApprovalRequest is something one person asked for and a second must
// approve: today a letter reprint (cancellations wait on their case).
type ApprovalRequest struct {
	ID          int64
	Kind        string // "letter_reprint"
	State       string // pending, approved, rejected
	MemberID    int64
	CaseID      int64
	LetterID    int64
	NewLetterID int64
	Reason      string
	RequestedBy string
	RequestedAt time.Time
	DecidedBy   string
	DecidedAt   time.Time
	Version     int64
}

// No is the request number people read out: R-00012.
func (r ApprovalRequest) No() string { return fmt.Sprintf("R-%05d", r.ID) }

const approvalCols = `id, kind, state, member_id, coalesce(case_id, 0), coalesce(letter_id, 0),
	coalesce(new_letter_id, 0), reason, requested_by, requested_at, decided_by, decided_at, version`

func scanApproval(row scanner) (ApprovalRequest, error) {
	var r ApprovalRequest
	var at, dec string
	err := row.Scan(&r.ID, &r.Kind, &r.State, &r.MemberID, &r.CaseID, &r.LetterID, &r.NewLetterID, &r.Reason,
		&r.RequestedBy, &at, &r.DecidedBy, &dec, &r.Version)
	if err != nil {
		return r, err
	}
	if r.RequestedAt, err = parseTime(at); err == nil {
		r.DecidedAt, err = parseTime(dec)
	}
	return r, err
}

// InsertApprovalRequest stores a pending request and sets its ID.
func (tx *Tx) InsertApprovalRequest(r *ApprovalRequest) error {
	id, err := tx.insertID(`INSERT INTO approval_requests (kind, state, member_id, case_id, letter_id, reason,
		requested_by, requested_at) VALUES (?, 'pending', ?, nullif(?,0), nullif(?,0), ?, ?, ?) RETURNING id`,
		r.Kind, r.MemberID, r.CaseID, r.LetterID, r.Reason, r.RequestedBy, fmtTime(tx.Now))
	if err != nil {
		return fmt.Errorf("insert approval request: %w", err)
	}
	r.ID = id
	r.State, r.RequestedAt, r.Version = "pending", tx.Now, 1
	return err
}

// ApprovalRequest reads a request inside the transaction; ErrNotFound if
// none.
func (tx *Tx) ApprovalRequest(id int64) (ApprovalRequest, error) {
	r, err := scanApproval(tx.tx.QueryRow(`SELECT `+approvalCols+` FROM approval_requests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("request #%d: %w", id, ErrNotFound)
	}
	return r, err
}

// PendingRequestOfLetter finds the pending request about a letter;
// ErrNotFound if none.
func (tx *Tx) PendingRequestOfLetter(letterID int64) (ApprovalRequest, error) {
	r, err := scanApproval(tx.tx.QueryRow(`SELECT `+approvalCols+` FROM approval_requests
		WHERE letter_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1`, letterID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("pending request of letter #%d: %w", letterID, ErrNotFound)
	}
	return r, err
}

// DecideApprovalRequest approves or rejects a pending request still at
// version; newLetterID is the letter an approval produced (0 if none).
func (tx *Tx) DecideApprovalRequest(id, version int64, state, by string, newLetterID int64) error {
	return expectOne(fmt.Sprintf("request #%d", id))(tx.tx.Exec(`UPDATE approval_requests SET state = ?,
		decided_by = ?, decided_at = ?, new_letter_id = nullif(?, 0), version = version + 1
		WHERE id = ? AND version = ? AND state = 'pending'`, state, by, fmtTime(tx.Now), newLetterID, id, version))
}

// PendingApprovals lists pending requests, oldest first (the approvals
// screen; a short list by nature).
func (s *Store) PendingApprovals(ctx context.Context, limit int) ([]ApprovalRequest, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+approvalCols+` FROM approval_requests
		WHERE state = 'pending' ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ApprovalRequest
	for rows.Next() {
		r, err := scanApproval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Letter reads a letter inside the transaction, secret included (only
// workflows ask); ErrNotFound if none.
func (tx *Tx) Letter(id int64) (Letter, error) {
	l, err := scanLetter(tx.tx.QueryRow(`SELECT `+letterCols+` FROM letters WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("letter #%d: %w", id, ErrNotFound)
	}
	if err == nil {
		err = tx.inScope(l.MemberID)
	}
	return l, err
}

// LetterByID reads a letter without its secret; ErrNotFound if none.
func (s *Store) LetterByID(ctx context.Context, id int64) (Letter, error) {
	l, err := scanLetter(s.read.QueryRowContext(ctx, `SELECT `+letterCols+` FROM letters WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("letter #%d: %w", id, ErrNotFound)
	}
	l.Secret = ""
	return l, err
}

// LetterHold is why a queued letter is held, and who released it.
type LetterHold struct {
	Letter
	Hold       string // a reason key; "" when not held
	HeldAt     time.Time
	ReleasedBy string
	MemberNo   string
}

// HoldLetter holds a queued letter for review with a reason key. Holding
// a released letter again drops the release (it covered another address);
// holding a held one again moves its version, so a supervisor's release
// made on the older view is refused as stale.
func (tx *Tx) HoldLetter(id int64, reason string) error {
	return expectOne(fmt.Sprintf("letter #%d", id))(tx.tx.Exec(`UPDATE letters SET hold = ?, held_at = ?,
		released_by = '', released_at = '', released_for = '', version = version + 1
		WHERE id = ? AND state = 'queued'`, reason, fmtTime(tx.Now), id))
}

// ReleaseLetter lets a held letter be printed to the address forAddress;
// the release holds only while the member's address is that.
func (tx *Tx) ReleaseLetter(id, version int64, by, forAddress string) error {
	return expectOne(fmt.Sprintf("letter #%d", id))(tx.tx.Exec(`UPDATE letters SET hold = '', released_by = ?,
		released_at = ?, released_for = ?, version = version + 1
		WHERE id = ? AND version = ? AND state = 'queued' AND hold != ''`,
		by, fmtTime(tx.Now), forAddress, id, version))
}

// LetterHoldOf reads a letter's hold and release inside the transaction:
// the hold's reason key, who released it and for which address.
func (tx *Tx) LetterHoldOf(id int64) (hold, releasedBy, releasedFor string, err error) {
	err = tx.tx.QueryRow(`SELECT hold, released_by, released_for FROM letters WHERE id = ?`, id).
		Scan(&hold, &releasedBy, &releasedFor)
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("letter #%d: %w", id, ErrNotFound)
	}
	return hold, releasedBy, releasedFor, err
}

// HeldLetterIDs lists the queued letters on hold (the print run skips them).
func (tx *Tx) HeldLetterIDs() (map[int64]bool, error) {
	rows, err := tx.tx.Query(`SELECT id FROM letters WHERE state = 'queued' AND hold != ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// HeldLetters lists queued letters on hold, oldest first, without secrets.
func (s *Store) HeldLetters(ctx context.Context) ([]LetterHold, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+letterCols+`, hold, held_at, released_by,
		(SELECT member_no FROM members WHERE members.id = letters.member_id)
		FROM letters WHERE state = 'queued' AND hold != '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LetterHold
	for rows.Next() {
		var h LetterHold
		var at string
		l, err := scanLetter(suffixScanner{rows, []any{&h.Hold, &at, &h.ReleasedBy, &h.MemberNo}})
		if err != nil {
			return nil, err
		}
		l.Secret = ""
		h.Letter = l
		if h.HeldAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AddressChangedSince reports the latest change of a member's address or
// postal code at or after since, read from the audit trail (a contact
// change step records the fields it changed).
func (tx *Tx) AddressChangedSince(memberID int64, since time.Time) (time.Time, bool, error) {
	if err := tx.inScope(memberID); err != nil {
		return time.Time{}, false, err
	}
	var at sql.NullString
	err := tx.tx.QueryRow(`SELECT max(at) FROM audit WHERE member_id = ? AND at >= ?
		AND action = 'contact_change.change_contact'
		AND (after LIKE '%"address"%' OR after LIKE '%"postal_code"%')`, memberID, fmtTime(since)).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, false, err
	}
	t, err := parseTime(at.String)
	return t, err == nil, err
}

// BatchWithLetters reads a batch and how many letters name it.
func (s *Store) BatchWithLetters(ctx context.Context, id int64) (Batch, int, error) {
	b, err := scanBatch(s.read.QueryRowContext(ctx, `SELECT `+batchCols+` FROM letter_batches WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, 0, fmt.Errorf("batch #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return b, 0, err
	}
	var n int
	err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM letters WHERE batch_id = ?`, id).Scan(&n)
	return b, n, err
}
