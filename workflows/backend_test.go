package workflows

import (
	"os"
	"path/filepath"
	"testing"

	"spdesk/store/pgtest"
)

// TestMain stops the PostgreSQL server of the PostgreSQL pass, if one
// was started (SPDESK_TEST_BACKEND=postgres, see store/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testDB is where a test's database lives: a new file in t.TempDir(), or
// on the PostgreSQL pass a fresh PostgreSQL database. Tests about the
// SQLite file itself (its mode, a crash mid-write) use a file always.
func testDB(t testing.TB) string {
	t.Helper()
	if pgtest.OnPostgres() {
		return pgtest.URL(t)
	}
	return sqliteFile(t)
}

// sqliteFile is a new database file in t.TempDir(), whatever the pass.
func sqliteFile(t testing.TB) string { return filepath.Join(t.TempDir(), "spdesk.db") }
