package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// Each way a center's database can be wrong, through the real binary:
// the message names the database (password masked), says what is wrong
// in words that tell the cases apart, and what to do; the password is
// never shown.
func TestPostgresFaultsAreToldApart(t *testing.T) {
	const secret = "Wr0ng-secret-pw"
	expect := func(t *testing.T, env []string, db string, want, notWant []string) {
		t.Helper()
		out, stderr, ok := run(t, env, "search", "--db", db, "x")
		if ok {
			t.Fatalf("spdesk search --db %s succeeded:\n%s", db, out)
		}
		if strings.Contains(out+stderr, secret) {
			t.Fatalf("the password is shown:\n%s", stderr)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("the message does not say %q:\n%s", w, stderr)
			}
		}
		for _, w := range notWant {
			if strings.Contains(stderr, w) {
				t.Errorf("the message says %q, which is not the fault:\n%s", w, stderr)
			}
		}
	}

	t.Run("socket folder with nothing listening", func(t *testing.T) {
		dir := t.TempDir()
		db := "postgres://desk:" + secret + "@/spdesk?host=" + url.QueryEscape(dir) + "&connect_timeout=2"
		expect(t, nil, db, []string{"cannot connect", dir, "xxxxx", "nothing answered", "PostgreSQL is running"},
			[]string{"refused the sign-in"})
	})
	t.Run("a host that refuses", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close() // nobody listens there now: the host refuses
		db := fmt.Sprintf("postgres://desk:%s@127.0.0.1:%d/spdesk?connect_timeout=2&sslmode=disable", secret, port)
		expect(t, nil, db, []string{"cannot connect", fmt.Sprintf("127.0.0.1:%d", port), "nothing answered"},
			[]string{"refused the sign-in"})
	})
	t.Run("wrong password", func(t *testing.T) {
		db := pgtest.PasswordURL(t)
		expect(t, []string{"PGPASSWORD=" + secret}, db, []string{"refused the sign-in", pgtest.PasswordRole, "PGPASSWORD"},
			[]string{"nothing answered"})
		// The right one opens it: the refusal was the password's.
		if _, stderr, ok := run(t, []string{"PGPASSWORD=" + pgtest.Password}, "seed", "--db", db, "--members", "5"); !ok {
			t.Fatalf("seed with the right password: %s", stderr)
		}
	})
	t.Run("no such database", func(t *testing.T) {
		u, _ := url.Parse(pgtest.URL(t))
		u.Path = "/no_such_db"
		expect(t, nil, u.String(), []string{"no database of that name", "no_such_db"}, []string{"nothing answered"})
	})
	t.Run("C locale", func(t *testing.T) {
		admin := pgtest.Admin(t)
		name := fmt.Sprintf("cli_c_locale_%d", time.Now().UnixNano())
		if _, err := admin.Exec(`CREATE DATABASE ` + name + ` OWNER ` + pgtest.Role + ` TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'`); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`) })
		expect(t, nil, pgtest.DatabaseURL(name, pgtest.Role), []string{"LC_CTYPE C", "C.UTF-8", "nothing was written"}, nil)
	})
	t.Run("another program's database", func(t *testing.T) {
		db := pgtest.URL(t)
		pgExec(t, db, `CREATE TABLE invoices (id int)`)
		expect(t, nil, db, []string{"another program", "nothing was changed"}, nil)
		if n := pgCount(t, db, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`); n != 1 {
			t.Errorf("the other program's database now has %d tables, want its 1", n)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		db := pgtest.URL(t)
		if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "5"); !ok {
			t.Fatalf("seed: %s", stderr)
		}
		pgExec(t, db, `UPDATE spdesk_schema SET version = 999`)
		expect(t, nil, db, []string{"this database was written by a newer spdesk", "999", "nothing was changed"}, nil)
		if n := pgCount(t, db, `SELECT version FROM spdesk_schema`); n != 999 {
			t.Errorf("schema version %d after the refusal, want 999 untouched", n)
		}
	})
}

func pgExec(t *testing.T, db, q string) {
	t.Helper()
	c, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ExecContext(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}

func pgCount(t *testing.T, db, q string) int {
	t.Helper()
	c, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int
	if err := c.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
