package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the embedded SQL files in name order; user_version is the
// number applied so far.
var migrations = func() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}()

// SchemaVersion is the schema this binary writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the file to this binary's schema. A new file (version
// -1 from checkContents) gets the whole schema and its kind (demo or
// live, see OpenOptions.Demo) in one transaction, so no file ever has the
// one without the other. An existing file gets one transaction per
// migration, so a crash leaves it at a whole version. The version is read
// again inside each BEGIN IMMEDIATE transaction, so two consoles opening a
// fresh file at once apply every migration exactly once. checkContents
// refused a "too new" file before the switch to WAL, which would rewrite
// the header.
func (s *Store) migrate(ctx context.Context, v int, demo bool) error {
	conn := s.write
	if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		return fmt.Errorf("WAL: %w", err)
	}
	// A migration that rebuilds a table others point at (SQLite cannot
	// alter a CHECK) must drop it with foreign keys off, the way SQLite
	// documents; migrateOne checks every reference before it commits. The
	// pragma is a no-op inside a transaction, hence here, on the one
	// write connection.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys=OFF"); err != nil {
		return err
	}
	// Not ctx: a cancelled open must not leave the connection without them.
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys=ON")
	if v < 0 {
		if err := s.create(ctx, demo); err != nil {
			return err
		}
	}
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// create writes the whole schema and the file's kind into a new file,
// unless another spdesk did first (then migrateOne finds it current).
func (s *Store) create(ctx context.Context, demo bool) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var app int
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if app == ApplicationID {
		return nil
	}
	for i, m := range migrations {
		if _, err := tx.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	kind := KindLive
	if demo {
		kind = KindDemo
	}
	// Tests that stop the migrations short of 0007 make files without meta.
	var hasMeta int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).Scan(&hasMeta); err != nil {
		return err
	}
	if hasMeta == 1 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('kind', ?)`, kind); err != nil {
			return fmt.Errorf("record the kind of database: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id=%d; PRAGMA user_version=%d", ApplicationID, len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// migrateOne applies the next pending migration, if any.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, err
	}
	if v > len(migrations) {
		return false, &SchemaTooNewError{File: v, Binary: len(migrations)}
	}
	if v == len(migrations) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id=%d; PRAGMA user_version=%d", ApplicationID, v+1)); err != nil {
		return false, err
	}
	var fkTable string
	switch err := tx.QueryRowContext(ctx, "SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1").Scan(&fkTable); {
	case err == nil:
		return false, fmt.Errorf("migration %d: leaves a broken reference in %s", v+1, fkTable)
	case !errors.Is(err, sql.ErrNoRows):
		return false, fmt.Errorf("migration %d: foreign_key_check: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	return false, nil
}
