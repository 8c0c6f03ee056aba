package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Reads and writes of members and cards inside a workflow's transaction.
// Every write names the version it is based on and bumps it; a mismatch is
// ErrStale and nothing is written.

// Member reads a member inside the transaction; ErrNotFound if none.
func (tx *Tx) Member(id int64) (Member, error) {
	if err := tx.inScope(id); err != nil {
		return Member{}, err
	}
	m, err := scanMember(tx.tx.QueryRow(`SELECT `+memberCols+` FROM members WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("member #%d: %w", id, ErrNotFound)
	}
	return m, err
}

// Card reads a card inside the transaction; ErrNotFound if none.
func (tx *Tx) Card(id int64) (Card, error) {
	c, err := scanCard(tx.tx.QueryRow(`SELECT `+cardCols+` FROM cards WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("card #%d: %w", id, ErrNotFound)
	}
	if err == nil {
		err = tx.inScope(c.MemberID)
	}
	return c, err
}

// CardsOfMember lists a member's cards inside the transaction.
func (tx *Tx) CardsOfMember(memberID int64) ([]Card, error) {
	if err := tx.inScope(memberID); err != nil {
		return nil, err
	}
	return collectCards(tx.tx.Query(`SELECT `+cardCols+` FROM cards WHERE member_id = ? ORDER BY id`, memberID))
}

// CardNoTaken reports whether a card number is already issued.
func (tx *Tx) CardNoTaken(no string) (bool, error) {
	var n int
	err := tx.tx.QueryRow(`SELECT count(*) FROM cards WHERE card_no = ?`, no).Scan(&n)
	return n > 0, err
}

// InsertCard stores a new card at version 1 and sets its ID.
func (tx *Tx) InsertCard(c *Card) error {
	if err := tx.inScope(c.MemberID); err != nil {
		return err
	}
	id, err := tx.insertID(`INSERT INTO cards (member_id, card_no, kind, company, status, issued_on, expires_on,
		replaces_card) VALUES (?,?,?,?,?,?,?,nullif(?,0)) RETURNING id`,
		c.MemberID, c.No, c.Kind, c.Company, c.Status, c.IssuedOn.String(), c.ExpiresOn.String(), c.ReplacesCard)
	if err != nil {
		return fmt.Errorf("insert card: %w", err)
	}
	c.ID = id
	c.Version = 1
	return tx.emit(EventCardIssued, c.MemberID, c.ID, string(c.Status), "")
}

// expectOne checks that an UPDATE guarded by a version touched its row:
// expectOne("card #1")(tx.Exec(...)).
func expectOne(what string) func(sql.Result, error) error {
	return func(r sql.Result, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("%s: %w", what, ErrStale)
		}
		return nil
	}
}

// SetCardStatus changes a card's status if it is still at version, with
// its outbox event.
func (tx *Tx) SetCardStatus(id, version int64, st CardStatus) error {
	var old CardStatus
	var member int64
	err := tx.tx.QueryRow(`SELECT status, member_id FROM cards WHERE id = ? AND version = ?`, id, version).Scan(&old, &member)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("card #%d: %w", id, ErrStale)
	}
	if err != nil {
		return fmt.Errorf("card #%d: %w", id, err)
	}
	if err := tx.inScope(member); err != nil {
		return err
	}
	if err := expectOne(fmt.Sprintf("card #%d", id))(tx.tx.Exec(`UPDATE cards SET status = ?, version = version + 1 WHERE id = ? AND version = ?`,
		st, id, version)); err != nil {
		return err
	}
	return tx.cardEvent(id, old, st)
}

// UpdateMemberName sets the name and its reading.
func (tx *Tx) UpdateMemberName(id, version int64, family, given, familyKana, givenKana string) error {
	if err := tx.inScope(id); err != nil {
		return err
	}
	return expectOne(fmt.Sprintf("member #%d", id))(tx.tx.Exec(`UPDATE members SET family_name = ?, given_name = ?, family_kana = ?,
		given_kana = ?, version = version + 1 WHERE id = ? AND version = ?`,
		family, given, familyKana, givenKana, id, version))
}

// UpdateMemberContact sets postal code, address, phone and e-mail at once
// (the caller passes the unchanged ones as they were).
func (tx *Tx) UpdateMemberContact(id, version int64, postal, address, phone, email string) error {
	if err := tx.inScope(id); err != nil {
		return err
	}
	return expectOne(fmt.Sprintf("member #%d", id))(tx.tx.Exec(`UPDATE members SET postal_code = ?, address = ?, phone = ?, email = ?,
		version = version + 1 WHERE id = ? AND version = ?`,
		postal, address, phone, email, id, version))
}

// SetMemberStatus moves a membership between active, cancellation_pending
// and cancelled; a cancellation is an outbox event (the login service
// need not know the steps before it).
func (tx *Tx) SetMemberStatus(id, version int64, st MemberStatus) error {
	if err := tx.inScope(id); err != nil {
		return err
	}
	if err := expectOne(fmt.Sprintf("member #%d", id))(tx.tx.Exec(`UPDATE members SET status = ?, version = version + 1 WHERE id = ? AND version = ?`,
		st, id, version)); err != nil || st != MemberCancelled {
		return err
	}
	return tx.emit(EventMembershipCancelled, id, 0, string(st), "")
}

// SetPasswordState records what we know of the member's password. A lock
// is an outbox event; an issued password's event is SetPasswordHash's.
func (tx *Tx) SetPasswordState(id, version int64, st PasswordState) error {
	if err := tx.inScope(id); err != nil {
		return err
	}
	if err := expectOne(fmt.Sprintf("member #%d", id))(tx.tx.Exec(`UPDATE members SET password_state = ?, version = version + 1
		WHERE id = ? AND version = ?`, st, id, version)); err != nil || st != PasswordLocked {
		return err
	}
	return tx.emit(EventPasswordLocked, id, 0, string(st), "")
}

// SetPasswordHash replaces the member's password hash (an argon2id PHC
// string); the old hash is gone in the same statement.
func (tx *Tx) SetPasswordHash(memberID int64, hash string) error {
	if err := tx.inScope(memberID); err != nil {
		return err
	}
	_, err := tx.tx.Exec(`INSERT INTO member_passwords (member_id, hash, set_at) VALUES (?,?,?)
		ON CONFLICT(member_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`,
		memberID, hash, fmtTime(tx.Now))
	if err != nil {
		return err
	}
	return tx.emit(EventPasswordReset, memberID, 0, string(PasswordIssued), hash)
}

// PasswordHash returns the member's current password hash, "" if none.
func (s *Store) PasswordHash(ctx context.Context, memberID int64) (string, error) {
	var h string
	err := s.read.QueryRowContext(ctx, `SELECT hash FROM member_passwords WHERE member_id = ?`, memberID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, err
}

// FormerName is a name a member had before a name change.
type FormerName struct {
	FamilyName, GivenName, FamilyKana, GivenKana string
	Until                                        Date
	CaseID                                       int64
}

// InsertFormerName keeps the name a change is about to replace.
// with its search keys, so the search finds the member by it.
func (tx *Tx) InsertFormerName(memberID int64, n FormerName) error {
	if err := tx.inScope(memberID); err != nil {
		return err
	}
	k := n.keys()
	_, err := tx.tx.Exec(`INSERT INTO member_former_names (member_id, family_name, given_name, family_kana,
		given_kana, until, case_id, name_key, kana_key, sound_key) VALUES (?,?,?,?,?,?,nullif(?,0),?,?,?)`,
		memberID, n.FamilyName, n.GivenName, n.FamilyKana, n.GivenKana, n.Until.String(), n.CaseID,
		k.name, k.kana, k.sound)
	return err
}

// keys are the former name's search keys, folded as a member's are.
func (n FormerName) keys() searchKeys {
	return keysOf(&Member{FamilyName: n.FamilyName, GivenName: n.GivenName, FamilyKana: n.FamilyKana, GivenKana: n.GivenKana})
}

// repairFormerNameKeys folds the former names that have no keys: those
// kept before migration 0011. The table is small (a name change is rare),
// so a scan at open costs nothing.
func (s *Store) repairFormerNameKeys(ctx context.Context) error {
	rows, err := s.write.QueryContext(ctx, `SELECT id, family_name, given_name, family_kana, given_kana
		FROM member_former_names WHERE name_key = ''`)
	if err != nil {
		return err
	}
	type fix struct {
		id int64
		k  searchKeys
	}
	var fixes []fix
	for rows.Next() {
		var f fix
		var n FormerName
		if err := rows.Scan(&f.id, &n.FamilyName, &n.GivenName, &n.FamilyKana, &n.GivenKana); err != nil {
			rows.Close()
			return err
		}
		f.k = n.keys()
		fixes = append(fixes, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(fixes) == 0 {
		return err
	}
	return s.Write(ctx, time.Now(), func(tx *Tx) error {
		for _, f := range fixes {
			if _, err := tx.tx.ExecContext(ctx, `UPDATE member_former_names SET name_key = ?, kana_key = ?, sound_key = ?
				WHERE id = ?`, f.k.name, f.k.kana, f.k.sound, f.id); err != nil {
				return fmt.Errorf("former name keys: %w", err)
			}
		}
		return nil
	})
}

// FormerNames lists a member's earlier names, latest first.
func (s *Store) FormerNames(ctx context.Context, memberID int64) ([]FormerName, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT family_name, given_name, family_kana, given_kana, until,
		coalesce(case_id, 0) FROM member_former_names WHERE member_id = ? ORDER BY id DESC`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FormerName
	for rows.Next() {
		var n FormerName
		var until string
		if err := rows.Scan(&n.FamilyName, &n.GivenName, &n.FamilyKana, &n.GivenKana, &until, &n.CaseID); err != nil {
			return nil, err
		}
		if n.Until, err = ParseDate(until); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ActiveMembersWithCard lists up to limit active members holding an active
// card of the given kind and no open case, lowest ID first, skipping those
// in skip. Demo seeding picks its members with it.
func (s *Store) ActiveMembersWithCard(ctx context.Context, kind CardKind, limit int) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT m.id FROM members m
		WHERE m.status = 'active'
		  AND EXISTS (SELECT 1 FROM cards c WHERE c.member_id = m.id AND c.status = 'active' AND c.kind = ?)
		  AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.member_id = m.id AND k.closed_at = '')
		ORDER BY m.id LIMIT ?`, kind, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
