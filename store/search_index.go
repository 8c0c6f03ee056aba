package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// ReindexMember recomputes the search keys and the trigram text of one
// member from its stored name, reading and address. The store has no
// triggers for this (folding is Go code, see 0001), so every write that
// changes family_name, given_name, family_kana, given_kana or address must
// call it in the same transaction; phone and e-mail need nothing.
func (tx *Tx) ReindexMember(id int64) error {
	ctx := tx.ctx
	var m Member
	err := tx.tx.QueryRowContext(ctx, `SELECT family_name, given_name, family_kana, given_kana, address
		FROM members WHERE id = ?`, id).Scan(&m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Address)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("reindex member #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("reindex member #%d: %w", id, err)
	}
	k := keysOf(&m)
	if _, err := tx.tx.ExecContext(ctx, `UPDATE members SET name_key = ?, given_key = ?, kana_key = ?, given_kana_key = ?
		WHERE id = ?`, k.name, k.given, k.kana, k.givenKana, id); err != nil {
		return fmt.Errorf("reindex member #%d: %w", id, err)
	}
	// contentless_delete lets us replace the row by id alone.
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM member_fts WHERE rowid = ?`, id); err != nil {
		return fmt.Errorf("reindex member #%d: %w", id, err)
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO member_fts (rowid, text) VALUES (?, ?)`, id, k.text); err != nil {
		return fmt.Errorf("reindex member #%d: %w", id, err)
	}
	return nil
}
