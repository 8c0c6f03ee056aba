package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Moving an office: a SQLite database copied whole into a new PostgreSQL
// one (spdesk db copy). Rows are copied as they are, ids included, in
// one transaction on the target; the search indexes are built again on
// the target (SQLite's FTS5 tables are contentless: there is nothing to
// copy out of them), and the id sequences moved past what was copied. The
// target's own meta (its kind, the schema version) stays: it was made by
// the same migrations.

// ErrTargetNotEmpty refuses a copy into a database that holds data.
var ErrTargetNotEmpty = errors.New("the target database is not empty")

// CopyCount is one table's rows on each side after a copy.
type CopyCount struct {
	Table          string
	Source, Target int64
}

// copySkip are the target's tables a copy does not fill from the source:
// its own meta, and the search indexes built from the copied rows.
var copySkip = map[string]bool{"meta": true, "member_fts": true, "kb_fts": true, "call_fts": true, "case_note_fts": true}

// CopyTo copies s, a SQLite database, into dst, a new PostgreSQL database
// already migrated to the same schema version, and returns each table's
// row count on both sides (the caller compares them and verifies dst's
// audit chain). A target that holds members, accounts, cases, calls or
// audit rows is refused (ErrTargetNotEmpty) and nothing is written.
func (s *Store) CopyTo(ctx context.Context, dst *Store) ([]CopyCount, error) {
	if s.pg || !dst.pg {
		return nil, errors.New("copy: from a SQLite file into a PostgreSQL database only")
	}
	for _, t := range []string{"members", "operators", "cases", "calls", "audit", "letters"} {
		var n int64
		if err := dst.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("copy: target %s: %w", t, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("%w: it has %d rows in %s; nothing was copied: give a new, empty database", ErrTargetNotEmpty, n, t)
		}
	}
	tables, err := dst.copyOrder(ctx)
	if err != nil {
		return nil, err
	}
	srcTables := map[string]bool{}
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		srcTables[n] = true
	}
	rows.Close()
	tables = slices.DeleteFunc(tables, func(t string) bool { return copySkip[t] || !srcTables[t] })

	tx, err := dst.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(pgWriteLock)); err != nil {
		return nil, err
	}
	for _, t := range tables {
		cols, err := copyColumns(ctx, s, dst, t)
		if err != nil {
			return nil, err
		}
		list := strings.Join(cols, ", ")
		ins, err := tx.PrepareContext(ctx, `INSERT INTO `+t+` (`+list+`) VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`)`)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t, err)
		}
		rows, err := s.read.QueryContext(ctx, `SELECT `+list+` FROM `+t)
		if err != nil {
			ins.Close()
			return nil, fmt.Errorf("copy %s: %w", t, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err = rows.Scan(ptrs...); err != nil {
				rows.Close()
				ins.Close()
				return nil, fmt.Errorf("copy %s: %w", t, err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok { // SQLite hands text back as bytes through any
					vals[i] = string(b)
				}
			}
			if _, err = ins.ExecContext(ctx, vals...); err != nil {
				rows.Close()
				ins.Close()
				return nil, fmt.Errorf("copy %s: %w", t, err)
			}
		}
		rows.Close()
		ins.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("copy %s: %w", t, err)
		}
	}
	// The search indexes of the knowledge base, calls and notes, from
	// the folded text their rows carry; members' below, after the commit.
	for _, q := range []string{
		`INSERT INTO kb_fts (rowid, text) SELECT seq, text_fold FROM kb_articles`,
		`INSERT INTO call_fts (rowid, text) SELECT id, note_fold FROM calls WHERE note <> ''`,
		`INSERT INTO case_note_fts (rowid, text) SELECT id, note_fold FROM case_notes`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("copy: index: %w", err)
		}
	}
	// Ids handed out next must follow the copied ones.
	idRows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return nil, err
	}
	var ids [][2]string
	for idRows.Next() {
		var t, c string
		if err := idRows.Scan(&t, &c); err != nil {
			idRows.Close()
			return nil, err
		}
		ids = append(ids, [2]string{t, c})
	}
	idRows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+id[0]+`', '`+id[1]+`'),
			greatest((SELECT max(`+id[1]+`) FROM `+id[0]+`), 1))`); err != nil {
			return nil, fmt.Errorf("copy: ids of %s: %w", id[0], err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("copy: commit: %w", err)
	}
	if err := dst.repairSearchText(ctx); err != nil {
		return nil, fmt.Errorf("copy: members' search index: %w", err)
	}
	var out []CopyCount
	for _, t := range tables {
		c := CopyCount{Table: t}
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&c.Source); err != nil {
			return nil, err
		}
		if err := dst.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&c.Target); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// copyOrder is the target's tables with every table after those its
// foreign keys point to.
func (s *Store) copyOrder(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	var all []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, t)
	}
	rows.Close()
	deps := map[string][]string{}
	rows, err = s.read.QueryContext(ctx, `SELECT conrelid::regclass::text, confrelid::regclass::text
		FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		if from != to {
			deps[from] = append(deps[from], to)
		}
	}
	rows.Close()
	var out []string
	done := map[string]bool{}
	var visit func(t string, depth int) error
	visit = func(t string, depth int) error {
		if done[t] {
			return nil
		}
		if depth > len(all) {
			return fmt.Errorf("copy: the foreign keys of %s go round in a circle", t)
		}
		for _, d := range deps[t] {
			if err := visit(d, depth+1); err != nil {
				return err
			}
		}
		done[t] = true
		out = append(out, t)
		return nil
	}
	for _, t := range all {
		if err := visit(t, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// copyColumns are the columns of table t both databases have, without
// the target's generated ones (PostgreSQL computes them).
func copyColumns(ctx context.Context, src, dst *Store, t string) ([]string, error) {
	have := map[string]bool{}
	rows, err := src.read.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, t)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		have[n] = true
	}
	rows.Close()
	rows, err = dst.read.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`, t)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if have[n] {
			cols = append(cols, n)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("copy %s: no column in common", t)
	}
	return cols, rows.Err()
}
