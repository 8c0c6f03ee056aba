package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Kept is a server whose data folder outlives the run: the search
// benchmark seeds a million members into it once and reuses them, where
// the tests' server (URL) starts empty and is removed at the end.
type Kept struct {
	dir     string
	started bool    // by this Keep: Stop stops it
	Admin   *sql.DB // superuser, on the postgres database
}

// Keep starts the server in dir, making it first if dir holds none, or
// joins it if it is already running (another run's, or one that died
// before Stop: then Stop leaves it running). Its
// settings are a benchmark's: no durability (a crash means a new seed,
// see the caller's marker), room for a million-member load without a
// checkpoint storm, and shared buffers that hold the members and their
// indexes. dir must be short (the unix socket lives in it).
func Keep(dir string) (*Kept, error) {
	initdb, err := bin("initdb")
	if err != nil {
		return nil, err
	}
	pgctl, err := bin("pg_ctl")
	if err != nil {
		return nil, err
	}
	cred := serverCredential()
	run := runAs(dir, cred)
	data := filepath.Join(dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if cred != nil {
			if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
				return nil, err
			}
		}
		if err := run(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"); err != nil {
			return nil, err
		}
	}
	k := &Kept{dir: dir}
	// pg_ctl status exits 0 when the server of this folder runs.
	if run(pgctl, "-D", data, "status") != nil {
		opts := fmt.Sprintf("-c listen_addresses='' -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off "+
			"-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min -c maintenance_work_mem=512MB", dir)
		if err := run(pgctl, "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "120", "start"); err != nil {
			return nil, err
		}
		k.started = true
	}
	if k.Admin, err = sql.Open("pgx", k.URL("postgres", "postgres")); err != nil {
		return nil, err
	}
	k.Admin.SetMaxOpenConns(2)
	// The application role, as in the tests' server; a kept server has it
	// from its first run.
	_, err = k.Admin.ExecContext(context.Background(), `DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '`+Role+`') THEN CREATE ROLE `+Role+` LOGIN; END IF; END $$`)
	if err != nil {
		k.Stop()
		return nil, err
	}
	return k, nil
}

// URL is the URL of database name on the kept server as role.
func (k *Kept) URL(name, role string) string {
	return urlIn(k.dir, name, role)
}

// CreateDatabase makes an empty database for spdesk (owned by Role,
// C.UTF-8), dropping one of that name first.
func (k *Kept) CreateDatabase(ctx context.Context, name string) error {
	if _, err := k.Admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		return err
	}
	_, err := k.Admin.ExecContext(ctx, `CREATE DATABASE `+name+` OWNER `+Role+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE '`+Locale+`'`)
	return err
}

// Stop shuts the server down cleanly, if Keep started it (a checkpoint,
// so the next start finds the data whole), and keeps its folder.
func (k *Kept) Stop() error {
	if k.Admin != nil {
		k.Admin.Close()
	}
	if !k.started {
		return nil
	}
	pgctl, err := bin("pg_ctl")
	if err != nil {
		return err
	}
	cmd := exec.Command(pgctl, "-D", filepath.Join(k.dir, "data"), "-m", "fast", "-w", "stop")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: serverCredential()}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}
