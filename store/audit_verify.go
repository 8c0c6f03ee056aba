package store

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"errors"
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
	Rows   int64       // rows read up to the break or the forged row, or all of them
	LastID int64       // the last row read
	Head   string      // its hash: written down, it lets a later verify prove no row was cut off the end
	Break  *AuditBreak // nil: the chain holds
	Seal   AuditSeal   // what the keyed seal says (audit_seal.go)
}

// The verdicts of VerifyAudit (AuditVerdict.Status), worst first. Each
// says exactly this and no more:
const (
	// The chain breaks at a row: it was edited, or rows taken from the
	// middle, by someone who did not recompute the hashes after it.
	AuditBroken = "broken"
	// The chain holds but a seal does not match: rows were rewritten and
	// the hashes after them recomputed by someone without the key, or the
	// seal record was edited, removed or put back from an older copy
	// (AuditSeal.Forged says which).
	AuditForged = "forged"
	// Every row there is chains and is sealed, but the seal record says
	// the trail was last written up to a later row: rows were cut off
	// the end (the record names how many). A trail rolled back whole, the
	// record with it, to a copy taken earlier is not seen: only a head
	// written down outside (audit verify --head) shows that.
	AuditCutOff = "cut_off"
	// The trail is sealed with another key than the one given: nothing
	// about forgery can be said until the right key is given.
	AuditWrongKey = "wrong_key"
	// The trail is sealed and no key was given: only the chain was checked.
	AuditNoKey = "no_key"
	// The chain holds and no row carries a seal: the trail was written
	// before sealing began (an older spdesk, or no key), or every seal and
	// the record were stripped; the chain alone cannot tell.
	AuditUnsealed = "unsealed"
	// The chain holds, every row from SealedFrom on carries its seal and
	// the record names the last row. Rows before SealedFrom were written
	// before sealing began and are covered by the chain only.
	AuditIntact = "intact"
)

// What a forged verdict found (AuditSeal.Forged).
const (
	AuditForgedRow       = "row"        // a row's seal is missing or does not match its hash
	AuditForgedRecord    = "record"     // the seal record's own seal does not match it
	AuditForgedKeyID     = "key_id"     // the record names another key, yet its seal is this key's
	AuditForgedOldRecord = "old_record" // the record names a head before the last sealed row
	AuditForgedNoRecord  = "no_record"  // rows carry seals but the seal record is gone
)

// AuditSeal is the seal's part of a verdict.
type AuditSeal struct {
	Status     string // a verdict other than broken; "" when the chain broke first
	KeyID      string // the key the trail is sealed with (the record's); "" without a record
	SealedFrom int64  // the first sealed row; 0: none
	HeadID     int64  // the last row, as the seal record names it
	Forged     string // AuditForged*, when Status is forged
	ForgedID   int64  // the row a forged row or a missing record was found at
}

// OK is true when every row chains to the one before; Status says
// whether the seal proves it too.
func (v AuditVerdict) OK() bool { return v.Break == nil }

// Status is the verdict: AuditBroken, or the seal's.
func (v AuditVerdict) Status() string {
	if v.Break != nil {
		return AuditBroken
	}
	return v.Seal.Status
}

// VerifyAudit walks the audit trail in id order, one row in memory at a
// time, and stops at the first row that breaks the chain: ids must run
// 1, 2, 3… without gaps (AppendAudit numbers them so), each prev_hash must
// be the hash of the row before, and each hash must be the canonical hash
// of the row's stored text (auditHash). With the store's audit key it
// checks every seal on the way, stopping at the first that does not
// match, then the seal record (see the verdicts above). It reads one
// snapshot, so rows appended meanwhile are not seen and do not disturb it.
//
// Rows cut off the end are seen through the seal record; a trail rolled
// back whole is not: compare Head with a head written down earlier
// (AuditIDOfHash).
func (s *Store) VerifyAudit(ctx context.Context) (AuditVerdict, error) {
	var v AuditVerdict
	// One snapshot for the record and the rows: an append between the two
	// reads would look like a record older than the trail.
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return v, fmt.Errorf("verify audit: %w", err)
	}
	defer tx.Rollback()
	var rec sealRecord
	err = tx.QueryRowContext(ctx, `SELECT key_id, sealed_from, head_id, head_hash, head_seal FROM audit_seal WHERE id = 1`).
		Scan(&rec.keyID, &rec.from, &rec.headID, &rec.headHash, &rec.headSealed)
	hasRec := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("verify audit: seal record: %w", err)
	}
	key := s.audit
	var sl *sealer
	if key.key != nil {
		sl = newSealer(key.key)
	}
	// Seals are checked row by row only under the key the trail names.
	checkSeals := hasRec && sl != nil && rec.keyID == key.id
	firstSealed := int64(0)
	rows, err := tx.QueryContext(ctx, `SELECT id, at, operator, action, member_id, case_id, card_id, letter_id,
		batch_id, from_state, to_state, before, after, note, prev_hash, hash, seal FROM audit ORDER BY id`)
	if err != nil {
		return v, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id                                                                int64
			at, op, action, from, to, before, after, note, prev, stored, seal string
			refs                                                              [5]sql.NullInt64
		)
		if err := rows.Scan(&id, &at, &op, &action, &refs[0], &refs[1], &refs[2], &refs[3], &refs[4], &from, &to,
			&before, &after, &note, &prev, &stored, &seal); err != nil {
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
		if checkSeals && id >= rec.from && !hmac.Equal([]byte(seal), []byte(sl.row(id, stored))) {
			v.Seal = AuditSeal{Status: AuditForged, Forged: AuditForgedRow, ForgedID: id, KeyID: rec.keyID,
				SealedFrom: rec.from, HeadID: rec.headID}
			return v, nil
		}
		if seal != "" && firstSealed == 0 {
			firstSealed = id
		}
		v.Rows++
		v.LastID, v.Head = id, stored
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("verify audit: %w", err)
	}
	v.Seal = sealVerdict(v, rec, hasRec, key, sl, firstSealed)
	return v, nil
}

// sealVerdict judges the seal record once every row chained (and, under
// the right key, carried its seal).
func sealVerdict(v AuditVerdict, rec sealRecord, hasRec bool, key auditKeyring, sl *sealer, firstSealed int64) AuditSeal {
	if !hasRec {
		switch {
		case firstSealed != 0:
			return AuditSeal{Status: AuditForged, Forged: AuditForgedNoRecord, ForgedID: firstSealed}
		case v.Rows == 0:
			return AuditSeal{Status: AuditIntact} // nothing written yet: the first row will be sealed
		}
		return AuditSeal{Status: AuditUnsealed}
	}
	out := AuditSeal{KeyID: rec.keyID, SealedFrom: rec.from, HeadID: rec.headID}
	headOK := sl != nil && hmac.Equal([]byte(rec.headSealed), []byte(sl.head(rec.from, rec.headID, rec.headHash)))
	switch {
	case sl == nil:
		out.Status = AuditNoKey
	case rec.keyID != key.id && headOK:
		out.Status, out.Forged = AuditForged, AuditForgedKeyID
	case rec.keyID != key.id:
		out.Status = AuditWrongKey
	case !headOK:
		out.Status, out.Forged = AuditForged, AuditForgedRecord
	case rec.headID > v.LastID:
		out.Status = AuditCutOff
	case rec.headID < v.LastID:
		out.Status, out.Forged = AuditForged, AuditForgedOldRecord
	case rec.headHash != v.Head:
		// The last row's own seal matched, so its hash is the key's:
		// only an edited record can disagree with it.
		out.Status, out.Forged = AuditForged, AuditForgedRecord
	default:
		out.Status = AuditIntact
	}
	return out
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
