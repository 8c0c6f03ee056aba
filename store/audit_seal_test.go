package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"testing"
	"time"
)

var (
	sealKey  = bytes.Repeat([]byte{7}, AuditKeySize)
	otherKey = bytes.Repeat([]byte{9}, AuditKeySize)
)

// openKeyed opens path with key (nil: none).
func openKeyed(t *testing.T, path string, key []byte) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if key != nil {
		if err := s.SetAuditKey(key); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// sealedFile is a closed database of n rows sealed with sealKey.
func sealedFile(t *testing.T, n int) string {
	t.Helper()
	path := testDB(t)
	s := openKeyed(t, path, sealKey)
	appendAudit(t, s, 0, n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func verifyKeyed(t *testing.T, path string, key []byte) AuditVerdict {
	t.Helper()
	s := openKeyed(t, path, key)
	defer s.Close()
	v, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func verifyOpen(t *testing.T, s *Store) AuditVerdict {
	t.Helper()
	v, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// forge rewrites row id's note and recomputes every hash from it to the
// end, as a careful forger without the key would: the chain holds again.
func forge(t *testing.T, path string, id int64) {
	t.Helper()
	rawExec(t, path, `DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`,
		`UPDATE audit SET note = 'nothing happened' WHERE id = `+itoa(id))
	db := rawDB(t, path)
	defer db.Close()
	prev := ""
	if err := db.QueryRow(`SELECT hash FROM audit WHERE id = ?`, id-1).Scan(&prev); err != nil && id > 1 {
		t.Fatal(err)
	}
	for i := id; ; i++ {
		var at, op, action, from, to, before, after, note string
		var refs [5]int64
		err := db.QueryRow(`SELECT at, operator, action, coalesce(member_id,0), coalesce(case_id,0), coalesce(card_id,0),
			coalesce(letter_id,0), coalesce(batch_id,0), from_state, to_state, before, after, note
			FROM audit WHERE id = ?`, i).Scan(&at, &op, &action, &refs[0], &refs[1], &refs[2], &refs[3], &refs[4],
			&from, &to, &before, &after, &note)
		if errors.Is(err, sql.ErrNoRows) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		h := auditHash(prev, i, at, op, action, refs[0], refs[1], refs[2], refs[3], refs[4], from, to, before, after, note)
		if _, err := db.Exec(`UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?`, prev, h, i); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var sealNow = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// TestAuditSealTellsForgedFromCutOff is issue 10 item 8: a row rewritten
// and every later hash recomputed chains again (the chain alone says
// intact), and only the keyed seal says forged; rows cut off the end are
// "cut off", not forged; a wrong key or none is said as such.
func TestAuditSealTellsForgedFromCutOff(t *testing.T) {
	path := sealedFile(t, 8)
	if v := verifyKeyed(t, path, sealKey); v.Status() != AuditIntact || v.Rows != 8 || v.Seal.SealedFrom != 1 || v.Seal.HeadID != 8 {
		t.Fatalf("fresh sealed trail: %s %+v", v.Status(), v)
	}

	t.Run("forged", func(t *testing.T) {
		p := copyDB(t, path)
		forge(t, p, 3)
		if v := verifyKeyed(t, p, nil); !v.OK() {
			t.Fatalf("the forger's chain should hold (that is the hole): %+v", v.Break)
		}
		v := verifyKeyed(t, p, sealKey)
		if v.Status() != AuditForged || v.Seal.Forged != AuditForgedRow || v.Seal.ForgedID != 3 || v.Rows != 2 {
			t.Fatalf("rewritten row 3: %s %+v, rows %d", v.Status(), v.Seal, v.Rows)
		}
	})
	t.Run("cut off", func(t *testing.T) {
		p := copyDB(t, path)
		rawExec(t, p, `DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id > 6`)
		v := verifyKeyed(t, p, sealKey)
		if v.Status() != AuditCutOff || v.Seal.HeadID != 8 || v.LastID != 6 {
			t.Fatalf("two rows cut off: %s %+v last %d", v.Status(), v.Seal, v.LastID)
		}
	})
	t.Run("record moved to hide a cut", func(t *testing.T) {
		// Without the key the record cannot be made to name row 6.
		p := copyDB(t, path)
		rawExec(t, p, `DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id > 6`,
			`UPDATE audit_seal SET head_id = 6, head_hash = (SELECT hash FROM audit WHERE id = 6)`)
		if v := verifyKeyed(t, p, sealKey); v.Status() != AuditForged || v.Seal.Forged != AuditForgedRecord {
			t.Fatalf("record edited: %s %+v", v.Status(), v.Seal)
		}
	})
	t.Run("record removed", func(t *testing.T) {
		p := copyDB(t, path)
		rawExec(t, p, `DELETE FROM audit_seal`)
		if v := verifyKeyed(t, p, sealKey); v.Status() != AuditForged || v.Seal.Forged != AuditForgedNoRecord || v.Seal.ForgedID != 1 {
			t.Fatalf("record removed: %s %+v", v.Status(), v.Seal)
		}
	})
	t.Run("seals stripped", func(t *testing.T) {
		p := copyDB(t, path)
		rawExec(t, p, `DROP TRIGGER audit_no_update`, `UPDATE audit SET seal = '' WHERE id >= 5`)
		if v := verifyKeyed(t, p, sealKey); v.Status() != AuditForged || v.Seal.ForgedID != 5 {
			t.Fatalf("seals stripped: %s %+v", v.Status(), v.Seal)
		}
	})
	t.Run("key id edited", func(t *testing.T) {
		p := copyDB(t, path)
		rawExec(t, p, `UPDATE audit_seal SET key_id = '0123456789abcdef'`)
		if v := verifyKeyed(t, p, sealKey); v.Status() != AuditForged || v.Seal.Forged != AuditForgedKeyID {
			t.Fatalf("key id edited: %s %+v", v.Status(), v.Seal)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		v := verifyKeyed(t, path, otherKey)
		if v.Status() != AuditWrongKey || v.Seal.KeyID != AuditKeyID(sealKey) || v.Rows != 8 {
			t.Fatalf("wrong key: %s %+v", v.Status(), v.Seal)
		}
	})
	t.Run("no key", func(t *testing.T) {
		if v := verifyKeyed(t, path, nil); v.Status() != AuditNoKey || !v.OK() {
			t.Fatalf("no key: %s %+v", v.Status(), v.Seal)
		}
	})
}

func TestAuditSealRecordPutBackIsForged(t *testing.T) {
	path := sealedFile(t, 5)
	db := rawDB(t, path)
	var id int64
	var h, seal string
	if err := db.QueryRow(`SELECT head_id, head_hash, head_seal FROM audit_seal`).Scan(&id, &h, &seal); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := openKeyed(t, path, sealKey)
	appendAudit(t, s, 5, 3)
	s.Close()
	// The rows after the old head are cut and the old record put back:
	// that is a whole earlier copy, and looks intact (the documented limit).
	p := copyDB(t, path)
	rawExec(t, p, `DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id > 5`,
		`UPDATE audit_seal SET head_id = `+itoa(id)+`, head_hash = '`+h+`', head_seal = '`+seal+`'`)
	if v := verifyKeyed(t, p, sealKey); v.Status() != AuditIntact || v.LastID != 5 {
		t.Fatalf("a consistent earlier copy: %s %+v", v.Status(), v.Seal)
	}
	// The old record alone, rows kept: the record is older than the trail.
	rawExec(t, path, `UPDATE audit_seal SET head_id = `+itoa(id)+`, head_hash = '`+h+`', head_seal = '`+seal+`'`)
	if v := verifyKeyed(t, path, sealKey); v.Status() != AuditForged || v.Seal.Forged != AuditForgedOldRecord {
		t.Fatalf("old record put back: %s %+v", v.Status(), v.Seal)
	}
}

// A trail written before seals existed is sealed from the first row
// written with a key; the rows before stay covered by the chain only.
func TestAuditSealStartsOnAnOlderTrail(t *testing.T) {
	path := auditFile(t, 3)
	if v := verifyKeyed(t, path, sealKey); v.Status() != AuditUnsealed || !v.OK() {
		t.Fatalf("unsealed trail: %s", v.Status())
	}
	// Ordinary writes with the key do not start the seal on rows they
	// cannot vouch for: the trail stays unsealed and says so.
	s := openKeyed(t, path, sealKey)
	appendAudit(t, s, 3, 2)
	if v := verifyOpen(t, s); v.Status() != AuditUnsealed {
		t.Fatalf("an ordinary write started the seal: %s %+v", v.Status(), v.Seal)
	}
	// A deliberate step seals from its own row on.
	if err := s.Write(context.Background(), sealNow, func(tx *Tx) error {
		tx.StartAuditSeal()
		return tx.AppendAudit(&AuditEvent{Operator: "sato", Action: "audit.seal"})
	}); err != nil {
		t.Fatal(err)
	}
	appendAudit(t, s, 5, 1)
	s.Close()
	if v := verifyKeyed(t, path, sealKey); v.Status() != AuditIntact || v.Seal.SealedFrom != 6 || v.Rows != 7 {
		t.Fatalf("sealed from row 6: %s %+v", v.Status(), v.Seal)
	}
}

// TestStrippedSealIsNotLaunderedByTheNextWrite: blanking every seal and
// the seal record, then rewriting history and recomputing the chain, must
// not come out "intact" once the desk writes again: the trail stays
// unsealed, which verify (and a supervisor's sign-in) reports.
func TestStrippedSealIsNotLaunderedByTheNextWrite(t *testing.T) {
	path := sealedFile(t, 6)
	forge(t, path, 3) // drops the append-only triggers too
	rawExec(t, path, `UPDATE audit SET seal = ''`, `DELETE FROM audit_seal`)
	s := openKeyed(t, path, sealKey)
	appendAudit(t, s, 6, 2) // the desk carries on with its key
	s.Close()
	if v := verifyKeyed(t, path, sealKey); v.Status() == AuditIntact {
		t.Fatalf("a stripped and rewritten trail verifies as intact after the next write: %+v", v.Seal)
	}
}

// Once sealed, a store without the key, or with another, refuses to
// append: nothing is written.
func TestAuditSealRefusesAppendWithoutItsKey(t *testing.T) {
	path := sealedFile(t, 2)
	for _, key := range [][]byte{nil, otherKey} {
		s := openKeyed(t, path, key)
		err := s.Write(context.Background(), sealNow, func(tx *Tx) error {
			return tx.AppendAudit(&AuditEvent{Operator: "mallory", Action: "case.withdraw"})
		})
		var ke *AuditKeyError
		if !errors.As(err, &ke) || ke.DBKeyID != AuditKeyID(sealKey) {
			t.Fatalf("key %v: append = %v, want an AuditKeyError", key != nil, err)
		}
		if n, _ := s.CountAudit(context.Background()); n != 2 {
			t.Fatalf("%d rows after a refused append", n)
		}
		s.Close()
	}
	if v := verifyKeyed(t, path, sealKey); v.Status() != AuditIntact {
		t.Fatalf("after refused appends: %s", v.Status())
	}
}

// TestAuditSealIsPinned pins the seal encoding (HMAC-SHA256 over the
// length-prefixed fields, values checked with Python's hmac): every sealed
// trail ever written must keep verifying, so these may never change.
func TestAuditSealIsPinned(t *testing.T) {
	sl := newSealer(sealKey)
	for _, tc := range []struct{ got, want string }{
		{AuditKeyID(sealKey), "49fbe8dbee17a176"},
		{sl.row(7, "ab12"), "0b9cfdcfcce7fda2708c2fe45ff0957db38f4ea3e36491f39482ef24a3cf53e9"},
		{sl.head(1, 7, "ab12"), "3e2770cc1e7b3daec31b4a5585bbc20572fcf2ad5efa442df3aef89b6b84a3cd"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}
