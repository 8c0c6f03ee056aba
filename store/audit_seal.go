package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
)

// The audit seal. The hash chain (audit.go) shows a row changed by someone
// who did not recompute the hashes after it; anyone who can write the file
// can recompute them. The seal is an HMAC-SHA256 under a key kept outside
// the database (cmd/spdesk keeps it in $XDG_CONFIG_HOME/spdesk/audit.key):
//
//   - every row written with the key carries seal = HMAC(key, id, hash);
//     the hash covers the row and, through prev_hash, every row before, so
//     a rewritten row cannot get a matching seal without the key;
//   - the one-row table audit_seal names the key (key_id), the first
//     sealed row (sealed_from) and the head as it was last written
//     (head_id, head_hash), sealed as head_seal; rows cut off the end
//     leave head_id naming a row that is gone.
//
// Once a trail is sealed, a store without its key, or with another key,
// refuses to append (AuditKeyError): an unsealed row after sealed ones
// would look like a forgery, and a second key would split the trail.

// AuditKeySize is the length of an audit key in bytes.
const AuditKeySize = 32

// auditKeyring is the key a store seals with; zero: it writes unsealed
// rows into a trail that is not sealed yet, and refuses a sealed one.
type auditKeyring struct {
	key []byte
	id  string
}

// SetAuditKey gives the store the key that seals its audit rows. Call it
// right after Open, before any write; the key is copied.
func (s *Store) SetAuditKey(key []byte) error {
	if len(key) != AuditKeySize {
		return fmt.Errorf("audit key: %d bytes, want %d", len(key), AuditKeySize)
	}
	k := append([]byte(nil), key...)
	s.audit = auditKeyring{key: k, id: AuditKeyID(k)}
	return nil
}

// AuditKeyID names a key without revealing it: the first 8 bytes of
// HMAC(key, "spdesk-audit-key-id-v1"), in hex.
func AuditKeyID(key []byte) string {
	return newSealer(key).sum("spdesk-audit-key-id-v1")[:16]
}

// AuditKeyError refuses a write to a sealed trail: the store has no key
// (KeyID empty) or another one.
type AuditKeyError struct {
	DBKeyID string // the key the trail is sealed with
	KeyID   string // the store's key; "" when it has none
}

func (e *AuditKeyError) Error() string {
	if e.KeyID == "" {
		return fmt.Sprintf("the audit trail is sealed with key %s and no audit key was given", e.DBKeyID)
	}
	return fmt.Sprintf("the audit key %s is not the key %s this database's audit trail is sealed with", e.KeyID, e.DBKeyID)
}

// AuditSealKeyID is the id of the key this database's trail is sealed
// with; "" when no row is sealed yet.
func (s *Store) AuditSealKeyID(ctx context.Context) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT key_id FROM audit_seal WHERE id = 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("audit seal: %w", err)
	}
	return id, nil
}

// StartAuditSeal makes the next audit row of tx start the seal on a trail
// that has unsealed rows (a database from before seals existed): sealing
// such a trail is a supervisor's deliberate, recorded step. A new trail is
// sealed from its first row without it.
func (tx *Tx) StartAuditSeal() { tx.startSeal = true }

// AuditKeyID is the id of the store's key; "" without one.
func (s *Store) AuditKeyID() string { return s.audit.id }

// sealAudit seals e (ID and Hash set) in tx, given the seal record as
// AppendAudit read it (found: there is one): it returns the row's seal
// and the arguments of the UPDATE that moves the sealed head to e
// (AppendAudit runs it with the row), starting the seal record on the
// first sealed row. Without a key it returns "" and no head for a trail
// not sealed yet.
func (tx *Tx) sealAudit(e *AuditEvent, rec sealRecord, found bool) (string, []any, error) {
	keyID, from := rec.keyID, rec.from
	k := tx.audit
	switch {
	case k == nil || k.key == nil:
		if found {
			return "", nil, &AuditKeyError{DBKeyID: keyID}
		}
		return "", nil, nil
	case found && keyID != k.id:
		return "", nil, &AuditKeyError{DBKeyID: keyID, KeyID: k.id}
	case !found:
		// A trail that already has rows is sealed only on an explicit,
		// audited step (StartAuditSeal): were the seal to start by itself,
		// whoever blanked every seal and the seal record could rewrite
		// history and have the next write seal it as "intact".
		if !tx.startSeal {
			var earlier bool
			if err := tx.tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM audit WHERE id < ?)`, e.ID).Scan(&earlier); err != nil {
				return "", nil, fmt.Errorf("audit seal: %w", err)
			}
			if earlier {
				return "", nil, nil
			}
		}
		from = e.ID
		if _, err := tx.tx.Exec(`INSERT INTO audit_seal (id, key_id, sealed_from, head_id, head_hash, head_seal)
			VALUES (1, ?, ?, 0, '', '')`, k.id, from); err != nil {
			return "", nil, fmt.Errorf("audit seal: %w", err)
		}
	}
	sl := newSealer(k.key)
	return sl.row(e.ID, e.Hash), []any{e.ID, e.Hash, sl.head(from, e.ID, e.Hash)}, nil
}

// sealer computes seals with one HMAC state, reset for each: verify
// seals a million rows.
type sealer struct {
	mac hash.Hash
	buf []byte
}

func newSealer(key []byte) *sealer { return &sealer{mac: hmac.New(sha256.New, key)} }

// sum is HMAC-SHA256 over the fields in the spdesk-audit-v1 way: each as
// its decimal byte length, ":", its bytes; so no two field lists encode
// alike. The first field is always a version tag naming what is sealed.
func (s *sealer) sum(fields ...string) string {
	s.mac.Reset()
	b := s.buf[:0]
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	s.buf = b
	s.mac.Write(b)
	var out [sha256.Size]byte
	return hex.EncodeToString(s.mac.Sum(out[:0]))
}

// row is a row's seal: over its id and its chain hash.
func (s *sealer) row(id int64, h string) string {
	return s.sum("spdesk-audit-seal-v1", strconv.FormatInt(id, 10), h)
}

// head is the seal record's seal: over the first sealed row and the head.
// It leaves key_id out, so a record whose key_id was edited still shows,
// under the right key, that the key_id is what changed.
func (s *sealer) head(from, id int64, h string) string {
	return s.sum("spdesk-audit-head-v1", strconv.FormatInt(from, 10), strconv.FormatInt(id, 10), h)
}

// sealRecord is the audit_seal row as verify reads it.
type sealRecord struct {
	keyID                string
	from, headID         int64
	headHash, headSealed string
}
