package store

import (
	"context"
	"database/sql"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"spdesk/store/pgtest"
)

// TestMain stops the PostgreSQL server of the PostgreSQL pass, if one
// was started (SPDESK_TEST_BACKEND=postgres, see pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testDB is where a test's database lives: a new file in t.TempDir(), or
// on the PostgreSQL pass a fresh PostgreSQL database. Tests about what
// only a SQLite file has (its header, modes, WAL) use a file always.
func testDB(t testing.TB) string {
	t.Helper()
	if pgtest.OnPostgres() {
		return pgtest.URLFrom(t, "store", migrated(OpenOptions{}))
	}
	return sqliteFile(t)
}

// sqliteFile is a new database file in t.TempDir(), whatever the pass.
func sqliteFile(t testing.TB) string { return filepath.Join(t.TempDir(), "spdesk.db") }

// rawDB is a plain connection to the test's database, as another program
// with full rights would have: SQLite's own driver on a file; on
// PostgreSQL the superuser, with triggers off for the session
// (session_replication_role = replica: foreign key checks are triggers
// too), since a tamper test there needs no DROP TRIGGER or PRAGMA
// foreign_keys (rawExec skips those). It takes ? placeholders on both.
func rawDB(t testing.TB, db string) *sql.DB {
	t.Helper()
	if !IsURL(db) {
		raw, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		raw.SetMaxOpenConns(1)
		return raw
	}
	return rawPGAs(t, db, "postgres", map[string]string{"session_replication_role": "replica"})
}

// rawPGAs connects to url's database as role, with runtime parameters.
func rawPGAs(t testing.TB, db, role string, params map[string]string) *sql.DB {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("user", role)
	u.RawQuery = q.Encode()
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(cfg.RuntimeParams, params)
	raw := openPG(cfg, nil)
	raw.SetMaxOpenConns(1)
	return raw
}

// copyDB copies a closed database: the file to a fresh folder, or the
// PostgreSQL database to a new one made from it as a template.
func copyDB(t *testing.T, db string) string {
	t.Helper()
	if IsURL(db) {
		return pgtest.Copy(t, db)
	}
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// migrated prepares a pgtest template: spdesk's schema, made as o says
// (live or demo), and nothing else, as Open leaves a new database.
func migrated(o OpenOptions) func(string) error {
	return func(url string) error {
		s, err := OpenWith(context.Background(), url, o)
		if err != nil {
			return err
		}
		return s.Close()
	}
}

// testDBOn is a migrated PostgreSQL database when pg, whatever the pass
// (it skips, or fails under SPDESK_REQUIRE_REAL, without a server);
// testDB otherwise.
func testDBOn(t testing.TB, pg bool) string {
	t.Helper()
	if pg {
		return pgtest.URLFrom(t, "store", migrated(OpenOptions{}))
	}
	return testDB(t)
}
