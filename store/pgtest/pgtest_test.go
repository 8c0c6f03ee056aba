package pgtest

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// A test database is fresh, owned by the application role, and in a
// locale where pg_trgm makes trigrams from Japanese; the cluster's own
// default (C) makes none, which is why spdesk refuses such a database.
func TestDatabaseIsFreshAndUTF8(t *testing.T) {
	ctx := context.Background()
	a, b := URL(t), URL(t)
	if a == b {
		t.Fatalf("two tests got the same database %s", a)
	}
	db, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var who, ctype string
	var super bool
	if err := db.QueryRowContext(ctx, `SELECT current_user, datctype, rolsuper FROM pg_database, pg_roles
		WHERE datname = current_database() AND rolname = current_user`).Scan(&who, &ctype, &super); err != nil {
		t.Fatal(err)
	}
	if who != Role || ctype != Locale || super {
		t.Fatalf("connected as %s (superuser %v) to a %s database, want %s, not superuser, %s", who, super, ctype, Role, Locale)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a fresh database has %d tables (%v), want 0", n, err)
	}
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION pg_trgm`); err != nil {
		t.Fatalf("the application role cannot create pg_trgm: %v", err)
	}
	var trgm string
	if err := db.QueryRowContext(ctx, `SELECT show_trgm('佐藤花子')::text`).Scan(&trgm); err != nil || trgm == "{}" {
		t.Fatalf("show_trgm in %s = %s (%v), want trigrams", Locale, trgm, err)
	}

	admin := Admin(t)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE pgtest_c TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'`); err != nil {
		t.Fatal(err)
	}
	defer admin.ExecContext(ctx, `DROP DATABASE pgtest_c`)
	c, err := sql.Open("pgx", DatabaseURL("pgtest_c", "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `CREATE EXTENSION pg_trgm`); err != nil {
		t.Fatal(err)
	}
	if err := c.QueryRowContext(ctx, `SELECT show_trgm('佐藤花子')::text`).Scan(&trgm); err != nil {
		t.Fatal(err)
	}
	if trgm != "{}" {
		t.Fatalf("show_trgm under LC_CTYPE C = %s: the reason spdesk refuses such a database no longer holds", trgm)
	}
}
