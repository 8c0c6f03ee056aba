// Package pgtest runs a real PostgreSQL for tests: one server per test
// binary, started on first use in a temporary folder (unix socket there,
// no TCP), and a fresh database per test, copied from a template that
// already has the right LC_CTYPE and pg_trgm, so each test starts empty
// in milliseconds. Main stops the server when the package's tests end.
//
// It needs the Debian packages postgresql-15 and postgresql-contrib
// (make test-deps installs them). Without them a test that asks for a
// database skips, unless SPDESK_REQUIRE_REAL is set: then it fails.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Backend is the environment variable that chooses the database the
// store and workflows suites run on: "postgres" for PostgreSQL, anything
// else (or unset) for a SQLite file. make test runs both.
const Backend = "SPDESK_TEST_BACKEND"

// OnPostgres reports whether this test run is the PostgreSQL pass.
func OnPostgres() bool { return os.Getenv(Backend) == "postgres" }

// Role is the ordinary (not superuser) role that owns every test
// database: the tests see what spdesk sees in a center, where the
// application's role is not a superuser.
const Role = "spdesk"

// PasswordRole signs in with a password (scram-sha-256), unlike Role
// and the superuser, which the server trusts on its socket: a test of a
// wrong or missing password uses it (PasswordURL). Its password is
// Password.
const (
	PasswordRole = "spdesk_pw"
	Password     = "pgtest-Right-pw-7"
)

// Locale is what every test database is created with: UTF-8 character
// classes (pg_trgm makes no trigrams from Japanese under C) and byte-order
// sorting, the same as SQLite's.
const Locale = "C.UTF-8"

type server struct {
	dir   string // data folder and socket folder
	admin *sql.DB
	err   error
}

var (
	once sync.Once
	srv  server
	seq  atomic.Int64
)

// Main runs the package's tests and then stops the server if one was
// started: call it from TestMain as os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if srv.dir != "" {
		stop()
	}
	return code
}

// need skips or fails t when no server can run here.
func need(t testing.TB) {
	t.Helper()
	once.Do(start)
	if srv.err == nil {
		return
	}
	if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
		t.Fatalf("SPDESK_REQUIRE_REAL is set, but no PostgreSQL could start: %v", srv.err)
	}
	t.Skipf("no PostgreSQL here (make test-deps installs postgresql-15): %v", srv.err)
}

// URL makes a fresh, empty database for t, owned by Role, and returns its
// postgres:// URL; it is dropped when t ends.
func URL(t testing.TB) string {
	t.Helper()
	need(t)
	return copyOf(t, "spdesk_template")
}

// URLFrom is URL for a database made ready by prepare (e.g. spdesk's
// schema migrated into it): prepare runs once per name, on a template
// every later URLFrom of that name copies, so a suite pays for its
// migrations once instead of once per test. The template is made by the
// same role as the tests' databases, exactly as prepare leaves it.
func URLFrom(t testing.TB, name string, prepare func(url string) error) string {
	t.Helper()
	need(t)
	tplMu.Lock()
	tpl, ok := templates[name]
	if !ok {
		tpl = "spdesk_tpl_" + name
		_, err := srv.admin.Exec(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE spdesk_template OWNER %s`, tpl, Role))
		if err == nil {
			err = prepare(DatabaseURL(tpl, Role))
		}
		if err != nil {
			srv.admin.Exec(`DROP DATABASE IF EXISTS ` + tpl + ` WITH (FORCE)`)
			tplMu.Unlock()
			t.Fatalf("prepare the %s template: %v", name, err)
		}
		templates[name] = tpl
	}
	tplMu.Unlock()
	return copyOf(t, tpl)
}

var (
	tplMu     sync.Mutex
	templates = map[string]string{}
)

// copyOf makes a new database from the database from, dropped when t ends.
func copyOf(t testing.TB, from string) string {
	t.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), seq.Add(1))
	if _, err := srv.admin.Exec(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s OWNER %s`, name, from, Role)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { srv.admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	return DatabaseURL(name, Role)
}

// PasswordURL makes a fresh, empty database owned by PasswordRole and
// returns its URL, with no password in it: the caller gives one (in the
// URL, PGPASSWORD or a .pgpass file).
func PasswordURL(t testing.TB) string {
	t.Helper()
	need(t)
	u := copyOf(t, "spdesk_template")
	p, _ := url.Parse(u)
	name := strings.TrimPrefix(p.Path, "/")
	if _, err := srv.admin.Exec(fmt.Sprintf(`ALTER DATABASE %s OWNER TO %s`, name, PasswordRole)); err != nil {
		t.Fatal(err)
	}
	return DatabaseURL(name, PasswordRole)
}

// DatabaseURL is the URL of database name on the test server as role.
func DatabaseURL(name, role string) string { return urlIn(srv.dir, name, role) }

// urlIn is the URL of database name as role on the server whose socket
// is in dir.
func urlIn(dir, name, role string) string {
	q := url.Values{"host": {dir}, "user": {role}, "sslmode": {"disable"}}
	return "postgres:///" + name + "?" + q.Encode()
}

// Admin is a superuser connection to the server's postgres database, for
// tests that must make what spdesk never would (a database in the wrong
// locale, a foreign schema).
func Admin(t testing.TB) *sql.DB {
	t.Helper()
	need(t)
	return srv.admin
}

// bin finds a PostgreSQL program: on PATH, else in Debian's versioned
// folder (the postgresql-15 package does not put initdb on PATH).
func bin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found on PATH or in /usr/lib/postgresql/*/bin", name)
	}
	return matches[len(matches)-1], nil
}

// start initdbs and starts the server. PostgreSQL refuses to run as root,
// so under root (make test) it runs as the postgres user, owning the
// folder.
func start() {
	srv.err = func() error {
		initdb, err := bin("initdb")
		if err != nil {
			return err
		}
		pgctl, err := bin("pg_ctl")
		if err != nil {
			return err
		}
		reapOrphans(pgctl)
		// /tmp, not TMPDIR: a unix socket path must stay under 108 bytes.
		dir, err := os.MkdirTemp("/tmp", "spdesk-pg-")
		if err != nil {
			return err
		}
		srv.dir = dir
		// Whose server this is: a test binary that died without Main's
		// stop (a panic, a timeout) leaves it running; the next start
		// stops it (reapOrphans).
		if err := os.WriteFile(filepath.Join(dir, "owner-pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			return err
		}
		var cred *syscall.Credential
		if os.Geteuid() == 0 {
			u, err := user.Lookup("postgres")
			if err != nil {
				return fmt.Errorf("running as root and no postgres user to run the server as: %w", err)
			}
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			if err := os.Chown(dir, uid, gid); err != nil {
				return err
			}
			cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		}
		run := runAs(dir, cred)
		data := filepath.Join(dir, "data")
		// The cluster's default locale is C, on purpose: the refusal of a
		// database in a locale without UTF-8 character classes is tested
		// against a real one. spdesk's databases are made C.UTF-8.
		if err := run(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"); err != nil {
			return err
		}
		// PasswordRole alone must give its password: its line comes
		// before initdb's trust lines (pg_hba.conf: the first match wins).
		hba := filepath.Join(data, "pg_hba.conf")
		b, err := os.ReadFile(hba)
		if err != nil {
			return err
		}
		line := "local all " + PasswordRole + " scram-sha-256\n"
		if err := os.WriteFile(hba, append([]byte(line), b...), 0o600); err != nil {
			return err
		}
		// No TCP; the socket in the folder. Durability off: test data
		// does not outlive the run.
		opts := fmt.Sprintf("-c listen_addresses='' -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
		if err := run(pgctl, "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
			return err
		}
		srv.admin, err = sql.Open("pgx", DatabaseURL("postgres", "postgres"))
		if err != nil {
			return err
		}
		srv.admin.SetMaxOpenConns(2)
		ctx := context.Background()
		for _, q := range []string{
			`CREATE ROLE ` + Role + ` LOGIN`,
			`CREATE ROLE ` + PasswordRole + ` LOGIN PASSWORD '` + Password + `'`,
			`CREATE DATABASE spdesk_template OWNER ` + Role + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE '` + Locale + `'`,
		} {
			if _, err := srv.admin.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}()
	if srv.err != nil && srv.dir != "" {
		stop()
	}
}

// stop ends the server and removes its folder.
func stop() {
	if srv.admin != nil {
		srv.admin.Close()
	}
	if pgctl, err := bin("pg_ctl"); err == nil {
		cmd := exec.Command(pgctl, "-D", filepath.Join(srv.dir, "data"), "-m", "immediate", "-w", "stop")
		if os.Geteuid() == 0 {
			if u, err := user.Lookup("postgres"); err == nil {
				uid, _ := strconv.Atoi(u.Uid)
				gid, _ := strconv.Atoi(u.Gid)
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
			}
		}
		cmd.Run()
	}
	os.RemoveAll(srv.dir)
}

// Copy makes a new database from the closed database at u (nobody may be
// connected to it) and returns its URL; it is dropped when t ends.
func Copy(t testing.TB, u string) string {
	t.Helper()
	need(t)
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return copyOf(t, strings.TrimPrefix(p.Path, "/"))
}

// reapOrphans stops the servers of test binaries that died without
// stopping them, and removes their folders. A server whose owner is alive
// (another package's tests, another checkout's) is left alone.
func reapOrphans(pgctl string) {
	dirs, _ := filepath.Glob("/tmp/spdesk-pg-*")
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "owner-pid"))
		if err != nil {
			continue // being made right now, or not ours
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM) {
			continue // the owner is alive
		}
		cmd := exec.Command(pgctl, "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: serverCredential()}
		cmd.Run()
		os.RemoveAll(dir)
	}
}

// serverCredential is who runs the server: the postgres user under root
// (PostgreSQL refuses root), else the caller (nil).
func serverCredential() *syscall.Credential {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// runAs runs a PostgreSQL program in dir as cred (the postgres user when
// we are root: the server refuses root), in a process group of its own.
func runAs(dir string, cred *syscall.Credential) func(prog string, args ...string) error {
	return func(prog string, args ...string) error {
		cmd := exec.Command(prog, args...)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v\n%s", filepath.Base(prog), err, out)
		}
		return nil
	}
}
