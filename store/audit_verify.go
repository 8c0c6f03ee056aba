package store

import (
	"context"
	"database/sql"
	"fmt"
)

// What a broken audit row got wrong, first found first.
const (
	AuditBrokenContent = "content" // the row's fields no longer hash to its stored hash
	AuditBrokenLink    = "link"    // prev_hash is not the previous row's hash
	AuditBrokenGap     = "gap"     // ids jump: rows were deleted
	AuditBrokenField   = "field"   // a column holds what AppendAudit never writes
)

// AuditBreak is the first row where the chain does not hold.
type AuditBreak struct {
	ID     int64  // the row that is broken
	PrevID int64  // the row before it, 0 for the first
	Kind   string // AuditBroken*
	Stored string // what the row holds (hash, prev_hash, column)
	Want   string // what the chain says it should hold
}

func (b AuditBreak) String() string {
	switch b.Kind {
	case AuditBrokenContent:
		return fmt.Sprintf("row %d: its fields hash to %s but the stored hash is %s: the row was changed after it was written",
			b.ID, b.Want, b.Stored)
	case AuditBrokenLink:
		if b.PrevID == 0 {
			return fmt.Sprintf("row %d: the first row's prev_hash is %q, want empty: rows before it were removed or the link edited",
				b.ID, b.Stored)
		}
		return fmt.Sprintf("row %d: prev_hash %s is not row %d's hash %s: row %d was rewritten with a new hash, or this link was edited",
			b.ID, b.Stored, b.PrevID, b.Want, b.PrevID)
	case AuditBrokenGap:
		return fmt.Sprintf("row %d follows row %d: rows %d to %d are missing (deleted)", b.ID, b.PrevID, b.PrevID+1, b.ID-1)
	default:
		return fmt.Sprintf("row %d: %s (spdesk writes %s): the row was edited", b.ID, b.Stored, b.Want)
	}
}

// AuditVerdict is the result of walking the whole chain.
type AuditVerdict struct {
	Rows   int64       // rows read up to the break, or all of them
	LastID int64       // the last row read
	Head   string      // its hash: written down, it lets a later verify prove no row was cut off the end
	Break  *AuditBreak // nil: the chain holds
}

// OK is true when every row chains to the one before.
func (v AuditVerdict) OK() bool { return v.Break == nil }

// VerifyAudit walks the audit trail in id order, one row in memory at a
// time, and stops at the first row that breaks the chain: ids must run
// 1, 2, 3… without gaps (AppendAudit numbers them so), each prev_hash must
// be the hash of the row before, and each hash must be the canonical hash
// of the row's stored text (auditHash). It reads one snapshot, so rows
// appended meanwhile are not seen and do not disturb it.
//
// The chain cannot show rows cut off the end: compare Head with a head
// written down earlier (AuditIDOfHash).
func (s *Store) VerifyAudit(ctx context.Context) (AuditVerdict, error) {
	var v AuditVerdict
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, operator, action, member_id, case_id, card_id, letter_id,
		batch_id, from_state, to_state, before, after, note, prev_hash, hash FROM audit ORDER BY id`)
	if err != nil {
		return v, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id                                                          int64
			at, op, action, from, to, before, after, note, prev, stored string
			refs                                                        [5]sql.NullInt64
		)
		if err := rows.Scan(&id, &at, &op, &action, &refs[0], &refs[1], &refs[2], &refs[3], &refs[4], &from, &to,
			&before, &after, &note, &prev, &stored); err != nil {
			return v, fmt.Errorf("verify audit: row after %d: %w", v.LastID, err)
		}
		if b := checkAuditRow(v, id, prev, refs); b != nil {
			v.Break = b
			return v, nil
		}
		want := auditHash(prev, id, at, op, action, refs[0].Int64, refs[1].Int64, refs[2].Int64, refs[3].Int64,
			refs[4].Int64, from, to, before, after, note)
		if want != stored {
			v.Break = &AuditBreak{ID: id, PrevID: v.LastID, Kind: AuditBrokenContent, Stored: stored, Want: want}
			return v, nil
		}
		v.Rows++
		v.LastID, v.Head = id, stored
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("verify audit: %w", err)
	}
	return v, nil
}

// auditRefs names the id columns in the order VerifyAudit reads them.
var auditRefs = [5]string{"member_id", "case_id", "card_id", "letter_id", "batch_id"}

// checkAuditRow checks what the hash does not cover: the row's place in
// the chain, and ids AppendAudit writes as NULL, never 0 (the encoding
// writes both as 0).
func checkAuditRow(v AuditVerdict, id int64, prev string, refs [5]sql.NullInt64) *AuditBreak {
	switch {
	case id != v.LastID+1:
		return &AuditBreak{ID: id, PrevID: v.LastID, Kind: AuditBrokenGap}
	case prev != v.Head:
		return &AuditBreak{ID: id, PrevID: v.LastID, Kind: AuditBrokenLink, Stored: prev, Want: v.Head}
	}
	for i, r := range refs {
		if r.Valid && r.Int64 == 0 {
			return &AuditBreak{ID: id, PrevID: v.LastID, Kind: AuditBrokenField, Stored: auditRefs[i] + " is 0",
				Want: "NULL"}
		}
	}
	return nil
}

// AuditIDOfHash finds the row whose hash is h (a head written down
// earlier): ErrNotFound means the row it named is gone.
func (s *Store) AuditIDOfHash(ctx context.Context, h string) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM audit WHERE hash = ?`, h).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, ErrNotFound
	}
	return id, err
}
