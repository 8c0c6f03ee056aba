package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// AuditEvent is one change: who made it, when, what it was, and the changed
// fields before and after (JSON objects). It never holds a password or an
// answer to an identity question: workflows put only results in it.
type AuditEvent struct {
	ID        int64
	At        time.Time
	Operator  string
	Action    string // e.g. "lost_card.report", "case.withdraw", "letter.print"
	MemberID  int64
	CaseID    int64
	CardID    int64
	LetterID  int64
	BatchID   int64
	FromState CaseState // the case's state before, when CaseID is set
	ToState   CaseState // and after (the same when the step keeps it)
	Before    string    // JSON object
	After     string    // JSON object
	Note      string
	PrevHash  string
	Hash      string
}

// AppendAudit appends e, stamped with the transaction's time, and chains it
// to the previous row: Hash = SHA-256(PrevHash, canonical encoding of e).
// With the store's audit key it seals the row too (audit_seal.go); a
// sealed trail and no key, or another key, is an *AuditKeyError.
// The ID is taken as the last ID + 1 because the hash covers it; the
// writers' lock, or for a member's write the audit order lock taken here
// and held to the commit (write_scope.go), makes that safe.
func (tx *Tx) AppendAudit(e *AuditEvent) error {
	if err := tx.inScope(e.MemberID); err != nil {
		return err
	}
	if err := tx.order(); err != nil {
		return err
	}
	// The head and the seal record in one read, the row, the seal's head
	// and (PostgreSQL) the watchers' notice in one write: a member's write
	// holds the order lock from here to its commit, so every round trip
	// saved here is time other desks' steps do not wait.
	var lastID, from sql.NullInt64
	var prev, keyID sql.NullString
	err := tx.tx.QueryRow(`SELECT a.id, a.hash, s.key_id, s.sealed_from FROM (SELECT 1 AS one) o
		LEFT JOIN (SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1) a ON 1 = 1
		LEFT JOIN audit_seal s ON s.id = 1`).Scan(&lastID, &prev, &keyID, &from)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.ID, e.At, e.PrevHash = lastID.Int64+1, tx.Now, prev.String
	if e.Before == "" {
		e.Before = "{}"
	}
	if e.After == "" {
		e.After = "{}"
	}
	e.Hash = AuditHash(*e)
	seal, head, err := tx.sealAudit(e, sealRecord{keyID: keyID.String, from: from.Int64}, keyID.Valid)
	if err != nil {
		return err
	}
	insert := `INSERT INTO audit (id, at, operator, action, member_id, case_id, card_id, letter_id,
		batch_id, from_state, to_state, before, after, note, prev_hash, hash, seal)
		VALUES (?,?,?,?,nullif(?,0),nullif(?,0),nullif(?,0),nullif(?,0),nullif(?,0),?,?,?,?,?,?,?,?)`
	args := []any{e.ID, fmtTime(e.At), e.Operator, e.Action, e.MemberID, e.CaseID, e.CardID, e.LetterID, e.BatchID,
		e.FromState, e.ToState, e.Before, e.After, e.Note, e.PrevHash, e.Hash, seal}
	const moveHead = `UPDATE audit_seal SET head_id = ?, head_hash = ?, head_seal = ? WHERE id = 1`
	if tx.pg {
		// The notice is delivered at the commit, and only if it commits.
		insert += ` RETURNING pg_notify('` + changesChannel + `', '')`
		if head != nil {
			insert = `WITH head AS (` + moveHead + `) ` + insert
			args = append(head, args...)
		}
	} else if head != nil {
		if _, err := tx.tx.Exec(moveHead, head...); err != nil {
			return fmt.Errorf("audit seal: %w", err)
		}
	}
	if _, err = tx.tx.Exec(insert, args...); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditHash is the chain hash of e over a canonical encoding: every field
// in a fixed order, each as its length then its bytes, so no choice of
// field contents can make two different rows encode alike.
func AuditHash(e AuditEvent) string {
	return auditHash(e.PrevHash, e.ID, fmtTime(e.At), e.Operator, e.Action, e.MemberID, e.CaseID, e.CardID,
		e.LetterID, e.BatchID, string(e.FromState), string(e.ToState), e.Before, e.After, e.Note)
}

// auditHash is the canonical encoding, spdesk-audit-v1, hashed:
//
//	SHA-256( for each field f in order: decimal byte length of f, ":", f )
//
// over the fields "spdesk-audit-v1", prev_hash, id, at, operator, action,
// member_id, case_id, card_id, letter_id, batch_id, from_state, to_state,
// before, after, note. Numbers are decimal, an absent id is 0, at is the
// column's text exactly as stored (TimeLayout, UTC). Verify hashes the
// stored column text, so a rewrite that parses to the same time is caught
// too. Changing any of this is a new version tag, never an edit of v1.
func auditHash(prev string, id int64, at, operator, action string, memberID, caseID, cardID, letterID,
	batchID int64, from, to, before, after, note string) string {
	// One buffer, on the stack for the usual row: verify hashes a million
	// rows and the allocations were a tenth of its time.
	var arr [1024]byte
	var num [20]byte
	buf := arr[:0]
	add := func(f string) {
		buf = strconv.AppendInt(buf, int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
	}
	addInt := func(n int64) { add(string(strconv.AppendInt(num[:0], n, 10))) }
	add("spdesk-audit-v1")
	add(prev)
	addInt(id)
	add(at)
	add(operator)
	add(action)
	addInt(memberID)
	addInt(caseID)
	addInt(cardID)
	addInt(letterID)
	addInt(batchID)
	add(from)
	add(to)
	add(before)
	add(after)
	add(note)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

const auditCols = `id, at, operator, action, coalesce(member_id, 0), coalesce(case_id, 0), coalesce(card_id, 0),
	coalesce(letter_id, 0), coalesce(batch_id, 0), from_state, to_state, before, after, note, prev_hash, hash`

func (s *Store) queryAudit(ctx context.Context, query string, args ...any) ([]AuditEvent, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		var e AuditEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Operator, &e.Action, &e.MemberID, &e.CaseID, &e.CardID, &e.LetterID,
			&e.BatchID, &e.FromState, &e.ToState, &e.Before, &e.After, &e.Note, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditOfMember lists the audit events of a member, newest first (the
// History tab); limit <= 0 means all.
func (s *Store) AuditOfMember(ctx context.Context, memberID int64, limit int) ([]AuditEvent, error) {
	if limit <= 0 {
		limit = -1
	}
	return s.queryAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE member_id = ? ORDER BY id DESC LIMIT ?`,
		memberID, limit)
}

// AuditOfCase lists a case's events oldest first: the case timeline.
func (s *Store) AuditOfCase(ctx context.Context, caseID int64) ([]AuditEvent, error) {
	return s.queryAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE case_id = ? ORDER BY id`, caseID)
}

// AuditAfter lists up to limit events with an ID above afterID, in order
// (for walking the whole trail in pages).
func (s *Store) AuditAfter(ctx context.Context, afterID int64, limit int) ([]AuditEvent, error) {
	return s.queryAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
}

// CountAudit counts audit rows.
func (s *Store) CountAudit(ctx context.Context) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM audit`).Scan(&n)
	return n, err
}
