package workflows

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"spdesk/store"
	"spdesk/store/pgtest"
)

// TestMain stops the PostgreSQL server of the PostgreSQL pass, if one
// was started (SPDESK_TEST_BACKEND=postgres, see store/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testDB is where a test's database lives: a new file in t.TempDir(), or
// on the PostgreSQL pass a fresh PostgreSQL database, already migrated as
// a new database opened with o would be (a copy of a template made once).
// Tests about the SQLite file itself use sqliteFile.
func testDB(t testing.TB, o store.OpenOptions) string {
	t.Helper()
	if pgtest.OnPostgres() {
		name := "workflows_live"
		if o.Demo {
			name = "workflows_demo"
		}
		return pgtest.URLFrom(t, name, func(url string) error {
			s, err := store.OpenWith(context.Background(), url, o)
			if err != nil {
				return err
			}
			return s.Close()
		})
	}
	return sqliteFile(t)
}

// sqliteFile is a new database file in t.TempDir(), whatever the pass.
func sqliteFile(t testing.TB) string { return filepath.Join(t.TempDir(), "spdesk.db") }
