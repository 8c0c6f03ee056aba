package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"

	"spdesk/internal/romaji"
)

// The best hand-written SQL for each benchmarked question, the yardstick
// Search is held to: the same rows, the same cards, the same capped count,
// written for that one question by someone who knows which it is.

// bestStmts caches prepared statements for the yardstick as Store does
// for Search, so the comparison is of SQL, not of preparing it; by
// database, since one run measures SQLite and PostgreSQL.
var bestStmts sync.Map

type bestKey struct {
	db *sql.DB
	q  string
}

func bestStmt(ctx context.Context, db *sql.DB, q string) (*sql.Stmt, error) {
	if st, ok := bestStmts.Load(bestKey{db, q}); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, q)
	if err == nil {
		bestStmts.Store(bestKey{db, q}, st)
	}
	return st, err
}

func bestRows(ctx context.Context, db *sql.DB, q string, args ...any) error {
	st, err := bestStmt(ctx, db, q)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, m.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	in, a := inListPadded(ids)
	cst, err := bestStmt(ctx, db, `SELECT `+cardCols+` FROM cards WHERE member_id IN `+in)
	if err != nil {
		return err
	}
	crows, err := cst.QueryContext(ctx, a...)
	if err != nil {
		return err
	}
	defer crows.Close()
	for crows.Next() {
		if _, err := scanCard(crows); err != nil {
			return err
		}
	}
	return crows.Err()
}

func bestCount(ctx context.Context, db *sql.DB, q string, args ...any) error {
	var n int
	st, err := bestStmt(ctx, db, `SELECT count(*) FROM (`+q+` LIMIT 1001)`)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(&n)
}

func bestMemberNo(ctx context.Context, db *sql.DB, q string) error {
	return bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE member_no = ?`, q)
}

func bestCardNo(ctx context.Context, db *sql.DB, q string) error {
	return bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE id = (SELECT member_id FROM cards WHERE card_no = ?)`, q)
}

func bestPhone(ctx context.Context, db *sql.DB, q string) error {
	return bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE phone = ? LIMIT 50`, strings.ReplaceAll(q, "-", ""))
}

func bestPhone4(ctx context.Context, db *sql.DB, q string) error {
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE phone4 = ? ORDER BY id LIMIT 50`, q); err != nil {
		return err
	}
	return bestCount(ctx, db, `SELECT 1 FROM members WHERE phone4 = ?`, q)
}

func bestEmail(ctx context.Context, db *sql.DB, q string) error {
	return bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE email = ?`, q)
}

func bestRange(col string) func(ctx context.Context, db *sql.DB, q string) error {
	return func(ctx context.Context, db *sql.DB, q string) error {
		k := Fold(q)
		if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE `+col+` >= ? AND `+col+` < ? ORDER BY `+col+` LIMIT 50`, k, prefixEnd(k)); err != nil {
			return err
		}
		return bestCount(ctx, db, `SELECT 1 FROM members WHERE `+col+` >= ? AND `+col+` < ?`, k, prefixEnd(k))
	}
}

// bestShort: four LIMIT-50 prefix probes in one UNION, not one OR query
// (which sorts every match), and a capped count of their union.
func bestShort(ctx context.Context, db *sql.DB, q string) error {
	k, e := Fold(q), prefixEnd(Fold(q))
	var parts []string
	var args []any
	for _, col := range []string{"name_key", "kana_key", "given_key", "given_kana_key"} {
		parts = append(parts, `SELECT id FROM (SELECT id FROM members WHERE `+col+` >= ? AND `+col+` < ? ORDER BY `+col+` LIMIT 50)`)
		args = append(args, k, e)
	}
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE id IN (`+strings.Join(parts, " UNION ")+`) LIMIT 50`, args...); err != nil {
		return err
	}
	for i := range parts {
		parts[i] = strings.Replace(parts[i], "LIMIT 50", "LIMIT 1001", 1)
	}
	return bestCount(ctx, db, strings.Join(parts, " UNION "), args...)
}

func bestSubstring(ctx context.Context, db *sql.DB, q string) error {
	p := ftsPhrase(Fold(q))
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE id IN
		(SELECT rowid FROM member_fts WHERE member_fts MATCH ? ORDER BY rowid LIMIT 50)`, p); err != nil {
		return err
	}
	return bestCount(ctx, db, `SELECT 1 FROM member_fts WHERE member_fts MATCH ?`, p)
}

// bestSound: the reading as it sounds, one range on sound_key.
func bestSound(ctx context.Context, db *sql.DB, q string) error {
	k := SoundKey(q)
	if kana, ok := romaji.Kana(q); ok && romaji.Is(q) {
		k = soundOfQuery(kana)
	}
	// sound_key holds only the sounds that differ from the reading: the
	// reading's range is the other half.
	both := `SELECT id FROM (SELECT id FROM members WHERE sound_key >= ? AND sound_key < ? AND sound_key <> '' ORDER BY sound_key LIMIT 50)
		UNION SELECT id FROM (SELECT id FROM members WHERE kana_key >= ? AND kana_key < ? ORDER BY kana_key LIMIT 50)`
	args := []any{k, prefixEnd(k), k, prefixEnd(k)}
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE id IN (`+both+`) LIMIT 50`, args...); err != nil {
		return err
	}
	return bestCount(ctx, db, strings.ReplaceAll(both, "LIMIT 50", "LIMIT 1001"), args...)
}

func bestBirth(ctx context.Context, db *sql.DB, q string) error {
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE birth_date = ? ORDER BY id LIMIT 50`, q); err != nil {
		return err
	}
	return bestCount(ctx, db, `SELECT 1 FROM members WHERE birth_date = ?`, q)
}

func bestPostal(ctx context.Context, db *sql.DB, q string) error {
	d := Digits(q)
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE postal_code = ? ORDER BY id LIMIT 50`, d); err != nil {
		return err
	}
	return bestCount(ctx, db, `SELECT 1 FROM members WHERE postal_code = ?`, d)
}

// bestNameBirth: the birth date's few members, the name checked on them.
func bestNameBirth(ctx context.Context, db *sql.DB, q string) error {
	name, date, _ := strings.Cut(q, " ")
	k := Fold(name)
	return bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE birth_date = ? AND +name_key >= ? AND +name_key < ? ORDER BY id LIMIT 50`,
		date, k, prefixEnd(k))
}

// bestFormer: a name, now or before a change: the four name ranges and
// the former names' range in one UNION, as bestShort, and their count.
func bestFormer(ctx context.Context, db *sql.DB, q string) error {
	k, e := Fold(q), prefixEnd(Fold(q))
	var parts []string
	var args []any
	for _, col := range []string{"name_key", "kana_key", "given_key", "given_kana_key"} {
		parts = append(parts, `SELECT id FROM (SELECT id FROM members WHERE `+col+` >= ? AND `+col+` < ? ORDER BY `+col+` LIMIT 50)`)
		args = append(args, k, e)
	}
	parts = append(parts, `SELECT member_id FROM (SELECT member_id FROM member_former_names WHERE name_key >= ? AND name_key < ? ORDER BY name_key LIMIT 50)`)
	args = append(args, k, e)
	if err := bestRows(ctx, db, `SELECT `+memberCols+` FROM members WHERE id IN (`+strings.Join(parts, " UNION ")+`) LIMIT 50`, args...); err != nil {
		return err
	}
	for i := range parts {
		parts[i] = strings.Replace(parts[i], "LIMIT 50", "LIMIT 1001", 1)
	}
	return bestCount(ctx, db, strings.Join(parts, " UNION "), args...)
}
