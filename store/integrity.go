package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// checkContents looks inside a file checkFile let through, before anything
// writes to it: the tables and columns of the schema version it claims
// (cheap: the schema only). It returns that version, or -1 for a file with
// no spdesk schema yet (a new or an empty file, which must then hold no
// table at all). The page-by-page checks are the caller's: see Open.
func checkContents(ctx context.Context, db *sql.DB) (int, error) {
	var v, app int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, corruptOr(err, "user_version")
	}
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return 0, corruptOr(err, "application_id")
	}
	if app != ApplicationID {
		v = -1
	} else if v > len(migrations) {
		return v, &SchemaTooNewError{File: v, Binary: len(migrations)}
	}
	if err := checkSchema(ctx, db, max(v, 0)); err != nil {
		return v, corruptOr(err, "schema")
	}
	return v, nil
}

// check is the quick_check of a file that needed no write at open: it
// reads every page (about 0.8 s of CPU per 100,000 members, 8 s at a
// million), too slow for the console's first frame, so it runs beside
// it. Reads go ahead meanwhile (SQLite reports a damaged page it reads);
// every Write waits for the verdict, so a damaged file is never written.
type check struct {
	done   chan struct{}
	err    error
	cancel context.CancelFunc
}

// checkLater starts the quick_check on a connection of its own.
func (s *Store) checkLater(dsn string) {
	ctx, cancel := context.WithCancel(context.Background())
	s.check = check{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.check.done)
		db, err := sql.Open("sqlite", dsn)
		if err == nil {
			db.SetMaxOpenConns(1)
			err = pragmaCheck(ctx, db, "quick_check")
			db.Close()
		}
		if ctx.Err() != nil {
			err = errors.New("the check of the database did not finish: the store was closed")
		}
		s.check.err = err
	}()
}

// Check waits for the quick_check Open started and returns its verdict:
// nil, or ErrCorrupt. Every Write calls it first.
func (s *Store) Check(ctx context.Context) error {
	if s.check.done == nil {
		return nil
	}
	select {
	case <-s.check.done:
		return s.check.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopCheck interrupts a check still running, for Close.
func (s *Store) stopCheck() {
	if s.check.done != nil {
		s.check.cancel()
		<-s.check.done
	}
}

// repairsPending reports whether Open has repairs to write: a password
// wipe a reader kept from completing (wipe.go), indexes a died bulk load
// dropped, or members without search text.
func (s *Store) repairsPending(ctx context.Context) (bool, error) {
	var wipes int
	// A test may stop the migrations short of the table (kb_test.go).
	err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'wipe_pending'`).Scan(&wipes)
	if err == nil && wipes > 0 {
		err = s.write.QueryRowContext(ctx, `SELECT count(*) FROM wipe_pending`).Scan(&wipes)
	}
	if err != nil {
		return false, corruptOr(err, "wipe mark")
	}
	if wipes > 0 {
		return true, nil
	}
	var missing int
	for _, ix := range searchIndexes {
		var n int
		if err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`,
			ix[0]).Scan(&n); err != nil {
			return false, corruptOr(err, "schema")
		}
		if n == 0 {
			missing++
		}
	}
	if missing > 0 {
		return true, nil
	}
	var last, indexed int64
	err = s.write.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM members), 0),
		coalesce((SELECT max(id) FROM member_fts_docsize), 0)`).Scan(&last, &indexed)
	return last > indexed, corruptOr(err, "search text")
}

// pragmaCheck runs quick_check or integrity_check: "ok", or ErrCorrupt
// with SQLite's first finding. A file too damaged to run the check at all
// is ErrCorrupt too; any other failure (busy, I/O) is returned as it is.
func pragmaCheck(ctx context.Context, db *sql.DB, pragma string) error {
	var first string
	err := db.QueryRowContext(ctx, "PRAGMA "+pragma+"(1)").Scan(&first)
	if err == nil && first != "ok" {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, pragma, first)
	}
	return corruptOr(err, pragma)
}

// corruptOr is ErrCorrupt for SQLite's "malformed" and "not a database"
// answers, err as it is (prefixed with what, if any) otherwise.
// IsCorrupt reports whether err says the file is damaged: ErrCorrupt, or
// SQLite's SQLITE_CORRUPT or SQLITE_NOTADB from a read that met a bad page
// (reads do not wait for the open's damage check).
func IsCorrupt(err error) bool { return err != nil && errors.Is(corruptOr(err, ""), ErrCorrupt) }

func corruptOr(err error, what string) error {
	if err == nil {
		return nil
	}
	var code interface{ Code() int }
	if errors.As(err, &code) {
		switch code.Code() & 0xff {
		case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
			if errors.Is(err, ErrCorrupt) {
				return err
			}
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, what, err)
		}
	}
	if what == "" || errors.Is(err, ErrCorrupt) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// checkSchema refuses a file whose tables are not those of schema version
// v: every table the migrations up to v create, with at least their
// columns. Extra tables or columns are let be (a newer spdesk's, an
// administrator's own); missing ones mean the file is not what its
// version says, and migrating it would build on what is not there.
func checkSchema(ctx context.Context, db *sql.DB, v int) error {
	want, err := expectedSchema(v)
	if err != nil {
		return err
	}
	got, err := schemaOf(ctx, db)
	if err != nil {
		return err
	}
	if v == 0 && len(got) > 0 {
		return fmt.Errorf("%w: it holds tables (%s) but no spdesk schema", ErrNotSpdesk, strings.Join(slices.Sorted(maps.Keys(got)), ", "))
	}
	for table, cols := range want {
		have, ok := got[table]
		if !ok {
			return fmt.Errorf("%w: schema version %d has table %s, the file has none", ErrNotSpdesk, v, table)
		}
		for _, c := range cols {
			if !slices.Contains(have, c) {
				return fmt.Errorf("%w: schema version %d has column %s.%s, the file has none", ErrNotSpdesk, v, table, c)
			}
		}
	}
	return nil
}

// schemaOf lists the tables of db (SQLite's own left out) and their columns.
func schemaOf(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT t.name, c.name FROM sqlite_schema AS t, pragma_table_info(t.name) AS c
		WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, fmt.Errorf("read the schema: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

var expected struct {
	sync.Mutex
	byVersion map[int]map[string][]string
}

// expectedSchema is what migrations 1..v make, built once per version in
// an in-memory database (a few milliseconds): the migrations themselves
// are the reference, so no list here can drift from them.
func expectedSchema(v int) (map[string][]string, error) {
	expected.Lock()
	defer expected.Unlock()
	if s, ok := expected.byVersion[v]; ok {
		return s, nil
	}
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	ctx := context.Background()
	for i, m := range migrations[:v] {
		if _, err := db.ExecContext(ctx, m); err != nil {
			return nil, fmt.Errorf("expected schema: migration %d: %w", i+1, err)
		}
	}
	s, err := schemaOf(ctx, db)
	if err != nil {
		return nil, err
	}
	if expected.byVersion == nil {
		expected.byVersion = map[int]map[string][]string{}
	}
	expected.byVersion[v] = s
	return s, nil
}
