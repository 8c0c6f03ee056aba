package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5"

	"spdesk/internal/romaji"
)

// The best hand-written PostgreSQL for each benchmarked question: the
// same rows in the same order as Search's page (key, then id: the order
// Search guarantees), the members' cards, and the count capped past
// CountCap, all in one statement and one round trip, written for that
// one question by someone who knows which it is. The schema and indexes
// are the store's (migrations_pg). Statements are prepared once, on
// connections that always use the generic plan (benchPGBestDB): an index
// walk's plan does not depend on the values, and planning it again for
// each would cost more than running it. The trigram question is planned
// for its pattern each time instead (unnamed), since the right plan
// depends on how common the text is. $n placeholders, since each value
// is used twice.

// bestPGSQL is page (a members query, its rows as m) joined to the
// cards, ordered by order, with the capped count of count's rows when
// count is not empty.
func bestPGSQL(page, order, count string) string {
	q := `SELECT ` + prefixed("m.", memberCols) + `, ` + prefixed("c.", cardJoinCols)
	if count != "" {
		q += `, (SELECT count(*) FROM (` + count + ` LIMIT 1001) n) AS total`
	} else {
		q += `, 0`
	}
	return q + ` FROM (` + page + `) m LEFT JOIN cards c ON c.member_id = m.id ORDER BY ` + order + `, c.issued_on DESC, c.id DESC`
}

// bestPGPage runs bestPGSQL as a prepared statement.
func bestPGPage(ctx context.Context, db *sql.DB, page, order, count string, args ...any) error {
	st, err := bestStmt(ctx, db, bestPGSQL(page, order, count))
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	return bestPGScan(rows)
}

func bestPGScan(rows *sql.Rows) error {
	defer rows.Close()
	var cs cardScan
	var total int
	for rows.Next() {
		if _, err := scanMember(withExtra{row: rows, after: append(cs.dest(), &total)}); err != nil {
			return err
		}
		if _, _, err := cs.card(); err != nil {
			return err
		}
	}
	return rows.Err()
}

func bestPGMemberNo(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE member_no = $1`, "m.id", "", q)
}

func bestPGCardNo(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE id = (SELECT member_id FROM cards WHERE card_no = $1)`, "m.id", "", q)
}

func bestPGPhone(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE phone = $1 ORDER BY id LIMIT 50`, "m.id", "", strings.ReplaceAll(q, "-", ""))
}

func bestPGPhone4(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE phone4 = $1 ORDER BY id LIMIT 50`, "m.id",
		`SELECT 1 FROM members WHERE phone4 = $1`, q)
}

func bestPGEmail(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE email = $1`, "m.id", "", q) // citext: any case
}

func bestPGRange(col string) func(ctx context.Context, db *sql.DB, q string) error {
	return func(ctx context.Context, db *sql.DB, q string) error {
		k := Fold(q)
		return bestPGPage(ctx, db, `SELECT * FROM members WHERE `+col+` >= $1 AND `+col+` < $2 ORDER BY `+col+`, id LIMIT 50`,
			"m."+col+", m.id", `SELECT 1 FROM members WHERE `+col+` >= $1 AND `+col+` < $2`, k, prefixEnd(k))
	}
}

// bestPGUnion: several ranges, each walked in key order and stopped at
// 50 (or 1,001 for the count), their members' page and the count of
// their union. ranges are "table.col" (the member id is member_id in
// any table but members).
func bestPGUnion(ctx context.Context, db *sql.DB, ranges []string, args ...any) error {
	probe := func(r string, limit string) string {
		table, col, _ := strings.Cut(r, ".")
		id := "id"
		if table != "members" {
			id = "member_id"
		}
		cond := col + ` >= $1 AND ` + col + ` < $2`
		if col == "sound_key" {
			cond += ` AND sound_key <> ''` // the partial index's condition
		}
		return `(SELECT ` + id + ` AS id FROM ` + table + ` WHERE ` + cond + ` ORDER BY ` + col + `, ` + id + ` LIMIT ` + limit + `)`
	}
	var page, count []string
	for _, r := range ranges {
		page = append(page, probe(r, "50"))
		count = append(count, probe(r, "1001"))
	}
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE id IN (`+strings.Join(page, " UNION ")+`) ORDER BY id LIMIT 50`, "m.id",
		strings.Join(count, " UNION "), args...)
}

func bestPGShort(ctx context.Context, db *sql.DB, q string) error {
	k := Fold(q)
	return bestPGUnion(ctx, db, []string{"members.name_key", "members.kana_key", "members.given_key", "members.given_kana_key"},
		k, prefixEnd(k))
}

// bestPGSound: the reading as it sounds: the sound key's range and the
// reading's (sound_key holds only the sounds that differ from it).
func bestPGSound(ctx context.Context, db *sql.DB, q string) error {
	k := SoundKey(q)
	if kana, ok := romaji.Kana(q); ok && romaji.Is(q) {
		k = soundOfQuery(kana)
	}
	return bestPGUnion(ctx, db, []string{"members.sound_key", "members.kana_key"}, k, prefixEnd(k))
}

func bestPGFormer(ctx context.Context, db *sql.DB, q string) error {
	k := Fold(q)
	return bestPGUnion(ctx, db, []string{"members.name_key", "members.kana_key", "members.given_key", "members.given_kana_key",
		"member_former_names.name_key"}, k, prefixEnd(k))
}

func bestPGBirth(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE birth_date = $1 ORDER BY id LIMIT 50`, "m.id",
		`SELECT 1 FROM members WHERE birth_date = $1`, q)
}

func bestPGPostal(ctx context.Context, db *sql.DB, q string) error {
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE postal_code = $1 ORDER BY id LIMIT 50`, "m.id",
		`SELECT 1 FROM members WHERE postal_code = $1`, Digits(q))
}

// bestPGNameBirth: the birth date's few members, the name checked on
// them. Written so the name index cannot serve: the generic plan
// otherwise ANDs the date's 48 entries with the name's 41,871 (EXPLAIN
// ANALYZE: 156 ms against 12 ms).
func bestPGNameBirth(ctx context.Context, db *sql.DB, q string) error {
	name, date, _ := strings.Cut(q, " ")
	k := Fold(name)
	return bestPGPage(ctx, db, `SELECT * FROM members WHERE birth_date = $1 AND (name_key || '') >= $2 AND (name_key || '') < $3
		ORDER BY id LIMIT 50`, "m.id", "", date, k, prefixEnd(k))
}

// bestPGSubstring: the trigram index's matches, the first 50 by id with
// their cards, and their count: two statements, each planned for the
// pattern (one statement holding both took longer to plan than to run).
func bestPGSubstring(ctx context.Context, db *sql.DB, q string) error {
	like := "%" + likeEscape(Fold(q)) + "%"
	rows, err := db.QueryContext(ctx, bestPGSQL(`SELECT * FROM members WHERE id IN
		(SELECT rowid FROM member_fts WHERE text LIKE $1 ORDER BY rowid LIMIT 50)`, "m.id", ""), pgx.QueryExecModeExec, like)
	if err != nil {
		return err
	}
	if err := bestPGScan(rows); err != nil {
		return err
	}
	var n int
	return db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM member_fts WHERE text LIKE $1 LIMIT 1001) n`,
		pgx.QueryExecModeExec, like).Scan(&n)
}
