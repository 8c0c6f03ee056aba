package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditFilter picks audit rows for the audit screen and its export. Zero
// fields do not filter.
type AuditFilter struct {
	Operator string
	MemberID int64
	CaseID   int64
	// Action is an action ("lost_card.report") or the part before its
	// dot ("lost_card"), which matches all of that procedure's actions.
	Action string
	From   time.Time // at >= From
	To     time.Time // at < To
}

// where is the filter as SQL conditions on audit; throughID > 0 also
// bounds the id (an export reads exactly the rows it counted).
func (f AuditFilter) where(throughID int64) (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds, args = append(conds, c), append(args, a...) }
	if f.Operator != "" {
		add("operator = ?", f.Operator)
	}
	if f.MemberID != 0 {
		add("member_id = ?", f.MemberID)
	}
	if f.CaseID != 0 {
		add("case_id = ?", f.CaseID)
	}
	if a := f.Action; a != "" {
		if strings.Contains(a, ".") {
			add("action = ?", a)
		} else {
			// '/' sorts right after '.': a range the action index serves.
			add("(action = ? OR (action > ? AND action < ?))", a, a+".", a+"/")
		}
	}
	if !f.From.IsZero() {
		add("at >= ?", fmtTime(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", fmtTime(f.To))
	}
	if throughID > 0 {
		add("id <= ?", throughID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// AuditRow is an audit event with the member number it refers to, for
// people (the screen, the export), who know members by number.
type AuditRow struct {
	AuditEvent
	MemberNo string
}

// auditRowCols are auditCols and the member's number.
const auditRowCols = auditCols + `, coalesce((SELECT member_no FROM members WHERE id = audit.member_id), '')`

func (s *Store) queryAuditRows(ctx context.Context, fn func(AuditRow) error, query string, args ...any) error {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r AuditRow
		var at string
		e := &r.AuditEvent
		if err := rows.Scan(&e.ID, &at, &e.Operator, &e.Action, &e.MemberID, &e.CaseID, &e.CardID, &e.LetterID,
			&e.BatchID, &e.FromState, &e.ToState, &e.Before, &e.After, &e.Note, &e.PrevHash, &e.Hash, &r.MemberNo); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return fmt.Errorf("audit row %d: %w", e.ID, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditPage lists up to limit rows matching f, newest first, with ids
// below beforeID (0: from the newest): the next page starts below the
// last id of this one, so paging costs the same at any depth.
func (s *Store) AuditPage(ctx context.Context, f AuditFilter, beforeID int64, limit int) ([]AuditRow, error) {
	w, args := f.where(0)
	if beforeID > 0 {
		if w == "" {
			w = " WHERE id < ?"
		} else {
			w += " AND id < ?"
		}
		args = append(args, beforeID)
	}
	var out []AuditRow
	err := s.queryAuditRows(ctx, func(r AuditRow) error { out = append(out, r); return nil },
		`SELECT `+auditRowCols+` FROM audit`+w+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	return out, err
}

// CountAuditMatching counts the rows matching f with ids up to throughID
// (0: all).
func (s *Store) CountAuditMatching(ctx context.Context, f AuditFilter, throughID int64) (int64, error) {
	w, args := f.where(throughID)
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM audit`+w, args...).Scan(&n)
	return n, err
}

// LastAuditID is the id of the newest audit row, 0 when there is none.
func (s *Store) LastAuditID(ctx context.Context) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit`).Scan(&id)
	return id, err
}

// EachAudit calls fn for every row matching f with an id up to throughID,
// oldest first, one row in memory at a time; an error from fn stops it.
func (s *Store) EachAudit(ctx context.Context, f AuditFilter, throughID int64, fn func(AuditRow) error) error {
	w, args := f.where(throughID)
	return s.queryAuditRows(ctx, fn, `SELECT `+auditRowCols+` FROM audit`+w+` ORDER BY id`, args...)
}
