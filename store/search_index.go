package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ReindexMember recomputes the search keys and the trigram text of one
// member from its stored name, reading and address. The store has no
// triggers for this (folding is Go code, see 0001), so every write that
// changes family_name, given_name, family_kana, given_kana or address must
// call it in the same transaction; phone and e-mail need nothing.
func (tx *Tx) ReindexMember(id int64) error {
	if err := tx.inScope(id); err != nil {
		return err
	}
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
	if _, err := tx.tx.ExecContext(ctx, `UPDATE members SET name_key = ?, given_key = ?, kana_key = ?, given_kana_key = ?,
		sound_key = ? WHERE id = ?`, k.name, k.given, k.kana, k.givenKana, k.sound, id); err != nil {
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

// repairSearchText gives a trigram text, and its keys again, to every
// member above the last one that has a text. Loads write texts with their
// members, except a fresh load, which builds them on the side and copies
// them in at the end: one that died half-way leaves members without.
// Migration 0011 clears the index so that every member is folded again
// (the fold changed). Two index probes when there is nothing to do.
func (s *Store) repairSearchText(ctx context.Context) error {
	var last, indexed int64
	// FTS5 keeps a row per indexed document in member_fts_docsize; on
	// PostgreSQL member_fts is a plain table.
	indexedQ := `SELECT max(id) FROM member_fts_docsize`
	if s.pg {
		indexedQ = `SELECT max(rowid) FROM member_fts`
	}
	err := s.write.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM members), 0),
		coalesce((`+indexedQ+`), 0)`).Scan(&last, &indexed)
	if err != nil || last <= indexed {
		return err
	}
	return s.Write(ctx, time.Now(), func(tx *Tx) error {
		for from := indexed; from < last; {
			rows, err := tx.tx.QueryContext(ctx, `SELECT id, family_name, given_name, family_kana, given_kana, address
				FROM members WHERE id > ? ORDER BY id LIMIT ?`, from, textsPerInsert)
			if err != nil {
				return err
			}
			var args, keys []any
			for rows.Next() {
				var m Member
				if err := rows.Scan(&m.ID, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Address); err != nil {
					rows.Close()
					return err
				}
				k := keysOf(&m)
				args = append(args, m.ID, k.text)
				keys = append(keys, []any{k.name, k.given, k.kana, k.givenKana, k.sound, m.ID})
				from = m.ID
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, k := range keys {
				if _, err := tx.tx.ExecContext(ctx, `UPDATE members SET name_key = ?, given_key = ?, kana_key = ?,
					given_kana_key = ?, sound_key = ? WHERE id = ?`, k.([]any)...); err != nil {
					return fmt.Errorf("search keys: %w", err)
				}
			}
			if len(args) == 0 {
				break
			}
			if _, err := tx.tx.ExecContext(ctx, textInsert.sql(len(args)/2), args...); err != nil {
				return fmt.Errorf("search text: %w", err)
			}
		}
		return nil
	})
}
