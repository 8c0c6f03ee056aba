package store

import (
	"context"
	"database/sql"
	"strings"
)

// The best hand-written SQL for each benchmarked question, the yardstick
// Search is held to: the same rows, the same cards, the same capped count,
// written for that one question by someone who knows which it is.

func bestRows(ctx context.Context, db *sql.DB, q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
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
	in, a := inList(ids)
	crows, err := db.QueryContext(ctx, `SELECT `+cardCols+` FROM cards WHERE member_id IN `+in, a...)
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
	return db.QueryRowContext(ctx, `SELECT count(*) FROM (`+q+` LIMIT 1001)`, args...).Scan(&n)
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
