package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL: a center's shared database. Everything that differs from
// SQLite is in the files named *_pg.go and in migrations_pg; the queries
// are the same text (dialect_pg_driver.go numbers their placeholders).

//go:embed migrations_pg/*.sql
var migrationPGFS embed.FS

// migrationsPG are PostgreSQL's migrations, numbered with SQLite's: the
// nth of each makes the same schema version (TestMigrationsPairUp).
var migrationsPG = func() []string {
	names, err := fs.Glob(migrationPGFS, "migrations_pg/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationPGFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}()

// ErrLocale refuses a PostgreSQL database whose character classes are
// not UTF-8's: pg_trgm would make no trigrams from Japanese there, and
// every substring search would silently find nothing.
var ErrLocale = errors.New("the database's LC_CTYPE has no UTF-8 character classes, so substring search would find no Japanese text")

// ErrUnreachable is a PostgreSQL server that could not be reached.
var ErrUnreachable = errors.New("cannot connect to the database server")

// ErrSignInRefused is a server that answered and refused the role: a
// wrong or missing password, or no pg_hba.conf line that lets it in.
var ErrSignInRefused = errors.New("the database server refused the sign-in")

// ErrNoDatabase is a server that answered and has no database of that
// name (spdesk does not create one: the administrator does, in C.UTF-8).
var ErrNoDatabase = errors.New("the database server has no database of that name")

// connectError says which of the three a failed first connection is
// (SQLSTATE class 28: authorization; 3D000: no such database).
func connectError(err error) error {
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && strings.HasPrefix(pe.Code, "28"):
		return fmt.Errorf("%w: %w", ErrSignInRefused, err)
	case errors.As(err, &pe) && pe.Code == "3D000":
		return fmt.Errorf("%w: %w", ErrNoDatabase, err)
	}
	return fmt.Errorf("%w: %w", ErrUnreachable, err)
}

// pgApplication marks a PostgreSQL database as spdesk's, the way
// ApplicationID marks a SQLite file.
const pgApplication = "spdesk"

// Advisory lock keys (pg_advisory_xact_lock): any 64-bit numbers other
// programs on the same server are unlikely to use.
const (
	pgMigrateLock = 0x5350445300000001 // "SPDS" 1: one desk migrates at a time
	pgWriteLock   = 0x5350445300000002 // "SPDS" 2: one writer at a time (Write)
)

// pgWriteRetries is how many times a write that hit a serialization
// failure or a deadlock is tried again before its error is returned.
const pgWriteRetries = 5

func openPostgres(ctx context.Context, dbURL string, o OpenOptions) (*Store, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	cfg.RuntimeParams["application_name"] = "spdesk"
	readCfg := cfg.Copy()
	readCfg.RuntimeParams["default_transaction_read_only"] = "on"
	writeCfg := cfg
	if o.ReadOnly {
		writeCfg = readCfg
	}
	s := &Store{path: Redact(dbURL), pg: true, readOnly: o.ReadOnly, link: &linkState{}}
	s.write = openPG(writeCfg, s.link)
	s.write.SetMaxOpenConns(4)
	fail := func(err error) (*Store, error) {
		s.write.Close()
		return nil, err
	}
	if err := s.write.PingContext(ctx); err != nil {
		return fail(connectError(err))
	}
	if err := checkPGLocale(ctx, s.write); err != nil {
		return fail(err)
	}
	v, err := pgSchemaVersion(ctx, s.write)
	switch {
	case err != nil:
	case v > len(migrationsPG):
		err = &SchemaTooNewError{File: v, Binary: len(migrationsPG)}
	case o.ReadOnly && v < len(migrationsPG):
		err = &SchemaOldError{File: v, Binary: len(migrationsPG)}
	case !o.ReadOnly:
		err = s.migratePG(ctx, o.Demo)
	}
	if err == nil {
		s.demo, err = readDemo(ctx, s.write)
	}
	if err != nil {
		return fail(err)
	}
	s.read = openPG(readCfg, s.link)
	s.read.SetMaxOpenConns(4)
	s.read.SetMaxIdleConns(4)
	return s, nil
}

// checkPGLocale refuses a database whose LC_CTYPE is not a UTF-8 one
// (C, POSIX, a Latin-1 locale) or whose encoding is not UTF8.
func checkPGLocale(ctx context.Context, db *sql.DB) error {
	var ctype, enc string
	if err := db.QueryRowContext(ctx, `SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database
		WHERE datname = current_database()`).Scan(&ctype, &enc); err != nil {
		return err
	}
	l := strings.ToLower(strings.ReplaceAll(ctype, "-", ""))
	if enc != "UTF8" || !strings.HasSuffix(l, ".utf8") {
		return fmt.Errorf("%w (LC_CTYPE %s, encoding %s): create it with ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0", ErrLocale, ctype, enc)
	}
	return nil
}

// pgSchemaVersion reads the schema version, -1 for a database with no
// table at all (a new one), or ErrNotSpdesk for one holding another
// program's tables.
func pgSchemaVersion(ctx context.Context, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	// Asked first, not tried: inside a transaction a failed SELECT would
	// abort it.
	var has bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('spdesk_schema') IS NOT NULL`).Scan(&has); err != nil {
		return 0, err
	}
	if has {
		var app string
		var v int
		err := db.QueryRowContext(ctx, `SELECT application, version FROM spdesk_schema WHERE one = 1`).Scan(&app, &v)
		if err == nil && app != pgApplication {
			err = fmt.Errorf("%w: its schema is marked %q", ErrNotSpdesk, app)
		}
		return v, err
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = current_schema()`).Scan(&tables); err != nil {
		return 0, err
	}
	if tables > 0 {
		return 0, fmt.Errorf("%w: a PostgreSQL database of another program (%d tables and no spdesk schema)", ErrNotSpdesk, tables)
	}
	return -1, nil
}

// migratePG brings the database to this binary's schema, each migration
// in its own transaction, under an advisory lock so two desks starting
// at once apply each exactly once. A new database gets the whole schema
// and its kind in one transaction, as on SQLite.
func (s *Store) migratePG(ctx context.Context, demo bool) error {
	for {
		done, err := s.migrateOnePG(ctx, demo)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOnePG(ctx context.Context, demo bool) (done bool, err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(pgMigrateLock)); err != nil {
		return false, err
	}
	v, err := pgSchemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case v > len(migrationsPG):
		return false, &SchemaTooNewError{File: v, Binary: len(migrationsPG)}
	case v == len(migrationsPG):
		return true, nil
	case v < 0:
		if _, err := tx.ExecContext(ctx, `CREATE TABLE spdesk_schema (
			one         bigint PRIMARY KEY CHECK (one = 1),
			application text   NOT NULL,
			version     bigint NOT NULL)`); err != nil {
			return false, err
		}
		for i, m := range migrationsPG {
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return false, fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		kind := KindLive
		if demo {
			kind = KindDemo
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('kind', ?)`, kind); err != nil {
			return false, fmt.Errorf("record the kind of database: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO spdesk_schema (one, application, version) VALUES (1, ?, ?)`,
			pgApplication, len(migrationsPG)); err != nil {
			return false, err
		}
	default:
		if _, err := tx.ExecContext(ctx, migrationsPG[v]); err != nil {
			return false, fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE spdesk_schema SET version = ? WHERE one = 1`, v+1); err != nil {
			return false, err
		}
	}
	return false, tx.Commit()
}

// retryable reports a PostgreSQL error that a second try of the whole
// transaction may not meet: a serialization failure or a deadlock.
// ErrCommitUnknown: the connection was lost while the commit was on its
// way, and the server stayed out of reach while Write looked for the
// write's key (writekey.go), so whether the write happened is not known.
// The store never repeats such a write: the caller reads the record
// again before doing anything twice.
var ErrCommitUnknown = errors.New("the connection to the database was lost during the commit: the change may or may not have been saved; look at the record again before repeating it")

// pgReconnects bounds the writes run again after a lost connection: about
// 3 s of waiting in all (50 ms doubling), for a server that restarts.
const pgReconnects = 6

// lostConnection reports whether err is the connection failing rather
// than the statement: the server shutting down or ending the session
// (SQLSTATE classes 57P and 08), or the socket closing under pgx.
func lostConnection(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")
	}
	// A socket's own error (*net.OpError), not any net.Error: a file's
	// syscall.Errno (a full disk under a print run's write) is one too,
	// and is no lost connection.
	var ne *net.OpError
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.As(err, &ne) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed")
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// pgResyncIDs moves the identity sequences of the tables whose ids the
// store chooses itself (the Loader's members and cards) past the last id.
const pgResyncIDs = `SELECT setval(pg_get_serial_sequence('members', 'id'), greatest((SELECT max(id) FROM members), 1)),
	setval(pg_get_serial_sequence('cards', 'id'), greatest((SELECT max(id) FROM cards), 1))`
