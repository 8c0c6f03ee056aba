package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// Every schema version has a migration for each database, under the
// same number: a migration added for one and not the other fails here.
func TestMigrationsPairUp(t *testing.T) {
	num := func(fsys fs.FS, dir string) []string {
		names, err := fs.Glob(fsys, dir+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range names {
			out = append(out, strings.SplitN(path.Base(n), "_", 2)[0])
		}
		return out
	}
	lite, pg := num(migrationFS, "migrations"), num(migrationPGFS, "migrations_pg")
	if strings.Join(lite, " ") != strings.Join(pg, " ") {
		t.Fatalf("SQLite migrations %v, PostgreSQL migrations %v: each number needs both (store/migrations_pg)", lite, pg)
	}
}

// A new PostgreSQL database gets the whole schema, its kind and the
// schema version; opening it again finds it current; so does a desk
// opening it at the same time.
func TestPostgresOpenCreatesTheSchemaOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() {
			s, err := OpenWith(ctx, url, OpenOptions{Demo: true})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Postgres() || !s.Demo() {
		t.Fatalf("Postgres() = %v, Demo() = %v, want both", s.Postgres(), s.Demo())
	}
	var v int
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM spdesk_schema`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d (%v), want %d", v, err, SchemaVersion())
	}
	if strings.Contains(s.Path(), "password") && !strings.Contains(s.Path(), masked) {
		t.Fatalf("Path() = %s shows a password", s.Path())
	}
}

// Each refusal of a PostgreSQL database says why and changes nothing.
func TestPostgresRefusals(t *testing.T) {
	ctx := context.Background()
	admin := pgtest.Admin(t)

	t.Run("C locale", func(t *testing.T) {
		name := fmt.Sprintf("c_locale_%d", time.Now().UnixNano())
		if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` OWNER `+pgtest.Role+` TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'`); err != nil {
			t.Fatal(err)
		}
		defer admin.ExecContext(ctx, `DROP DATABASE `+name+` WITH (FORCE)`)
		_, err := Open(ctx, pgtest.DatabaseURL(name, pgtest.Role))
		if !errors.Is(err, ErrLocale) || !strings.Contains(err.Error(), "LC_CTYPE C") {
			t.Fatalf("Open on an LC_CTYPE C database = %v, want ErrLocale naming C", err)
		}
	})
	t.Run("another program", func(t *testing.T) {
		url := pgtest.URL(t)
		db := rawPG(t, url)
		if _, err := db.ExecContext(ctx, `CREATE TABLE invoices (id int)`); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(ctx, url); !errors.Is(err, ErrNotSpdesk) {
			t.Fatalf("Open on another program's database = %v, want ErrNotSpdesk", err)
		}
		var n int
		db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n)
		if n != 1 {
			t.Fatalf("the refused database now has %d tables, want its 1", n)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		url := pgtest.URL(t)
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := rawPG(t, url).ExecContext(ctx, `UPDATE spdesk_schema SET version = 999`); err != nil {
			t.Fatal(err)
		}
		var tooNew *SchemaTooNewError
		if _, err := Open(ctx, url); !errors.As(err, &tooNew) || tooNew.File != 999 {
			t.Fatalf("Open on a newer schema = %v, want SchemaTooNewError 999", err)
		}
	})
}

// rawPG is a plain connection to url as the application's role.
func rawPG(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The application's role can neither change nor remove an audit row,
// nor empty the table: privileges and a trigger both refuse it.
func TestPostgresAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	appendAudit(t, s, 0, 2)
	s.Close()
	db := rawPG(t, url)
	for _, q := range []string{`UPDATE audit SET note = 'x'`, `DELETE FROM audit`, `TRUNCATE audit`} {
		if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as the application role = %v, want permission denied", q, err)
		}
	}
	// Even given the privilege back, the trigger refuses.
	if _, err := db.ExecContext(ctx, `GRANT UPDATE, DELETE ON audit TO CURRENT_USER`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit SET note = 'x'`, `DELETE FROM audit`} {
		if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s with the privilege = %v, want the trigger's append-only", q, err)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("audit holds %d rows (%v), want 2", n, err)
	}
}

// Desks writing at once, each through its own store, make one audit
// chain with every row in it.
func TestPostgresAuditChainUnderConcurrentDesks(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	const desks, each = 4, 25
	stores := make([]*Store, desks)
	for i := range stores {
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make(chan error, desks*each)
	for d, s := range stores {
		wg.Go(func() {
			for i := range each {
				e := &AuditEvent{Operator: fmt.Sprintf("desk%d", d), Action: "case.note", Note: fmt.Sprint(i)}
				if err := s.Write(ctx, time.Now(), func(tx *Tx) error { return tx.AppendAudit(e) }); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	v, err := stores[0].VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Rows != desks*each {
		t.Fatalf("verdict %+v, want an unbroken chain of %d rows", v, desks*each)
	}
}

// A write that meets a serialization failure or a deadlock is run again,
// whole, a bounded number of times; its first try leaves nothing behind.
func TestPostgresWriteRetriesSerializationFailures(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, testDBOn(t, true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fail := func(tx *Tx, code string) error {
		_, err := tx.tx.ExecContext(ctx, `DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '`+code+`'; END $$`)
		return err
	}
	tries := 0
	err = s.Write(ctx, time.Now(), func(tx *Tx) error {
		tries++
		if err := tx.AppendAudit(&AuditEvent{Operator: "alice", Action: "case.note", Note: fmt.Sprint(tries)}); err != nil {
			return err
		}
		if tries == 1 {
			return fail(tx, "40001")
		}
		if tries == 2 {
			return fail(tx, "40P01")
		}
		return nil
	})
	if err != nil || tries != 3 {
		t.Fatalf("a write failing twice then passing: %v after %d tries, want success on the third", err, tries)
	}
	if n, _ := s.CountAudit(ctx); n != 1 {
		t.Fatalf("%d audit rows, want the one of the try that committed", n)
	}
	tries = 0
	err = s.Write(ctx, time.Now(), func(tx *Tx) error { tries++; return fail(tx, "40001") })
	if !retryable(err) || tries != pgWriteRetries+1 {
		t.Fatalf("a write that always conflicts: %v after %d tries, want the conflict after %d", err, tries, pgWriteRetries+1)
	}
	tries = 0
	err = s.Write(ctx, time.Now(), func(tx *Tx) error { tries++; return fail(tx, "23505") })
	if err == nil || tries != 1 {
		t.Fatalf("a write failing otherwise: %v after %d tries, want its error at once", err, tries)
	}
}
