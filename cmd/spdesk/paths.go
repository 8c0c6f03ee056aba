package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"spdesk/store"
)

// defaultDBPath follows the XDG base directory spec: data lives in
// $XDG_DATA_HOME/spdesk, or ~/.local/share/spdesk when that is unset.
func defaultDBPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home folder to keep the database in: set XDG_DATA_HOME or use --db: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "spdesk", "spdesk.db"), nil
}

// openStore opens an existing database, --db or the default, for a
// command: a missing file is refused (a mistyped --db must not become a
// new, empty database). The console opened with --read-only opens it
// read-only. The store checks the file for damage beside the command;
// its first write waits for the verdict and a damaged file is refused
// ("damaged ... restore it from a backup"), so reading commands stay fast
// on a million members.
func openStore(ctx context.Context, g *globals) (*store.Store, error) {
	return openStoreWith(ctx, g, store.OpenOptions{ReadOnly: g.readOnly})
}

// createStore is openStore for the two commands that may make a new file:
// the console's first start and seed. demo records a new file as a demo
// database (seed --demo); an existing file keeps the kind it was made as.
func createStore(ctx context.Context, g *globals, demo bool) (*store.Store, error) {
	return openStoreWith(ctx, g, store.OpenOptions{Create: true, Demo: demo})
}

func openStoreWith(ctx context.Context, g *globals, o store.OpenOptions) (*store.Store, error) {
	path := g.db
	if path == "" {
		var err error
		if path, err = defaultDBPath(); err != nil {
			return nil, err
		}
		// The default folder is spdesk's to make, and only its owner's:
		// an explicit --db folder is the operator's to make.
		if o.Create {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
			}
		}
	}
	s, err := store.OpenWith(ctx, path, o)
	if err != nil {
		return nil, explainOpen(path, err)
	}
	return withAuditKey(ctx, g, s)
}

// explainOpen turns a refusal into what the operator should do; the store
// has already left the file as it was.
//
// path may be a postgres:// URL: it is shown without its password.
func explainOpen(path string, err error) error {
	path = store.Redact(path)
	var (
		tooNew  *store.SchemaTooNewError
		tooOld  *store.SchemaOldError
		exposed *store.ExposedError
	)
	hint := ""
	switch {
	case errors.As(err, &tooNew):
		what := "file"
		if store.IsURL(path) {
			what = "database"
		}
		hint = fmt.Sprintf("this %s was written by a newer spdesk (schema %d; this one knows %d); nothing was changed: install the newer spdesk on this desk, or use another --db", what, tooNew.File, tooNew.Binary)
	case errors.As(err, &tooOld):
		hint = fmt.Sprintf("open it once without --read-only to upgrade it; for a write-protected backup, upgrade a copy:\n  cp %s copy.db && chmod 600 copy.db && spdesk --db copy.db", path)
	case errors.As(err, &exposed):
		hint = fmt.Sprintf("it holds passwords waiting to print, operators' password hashes and members' details, so only its owner may read it: run\n  chmod 600 %s\nand check who could read it meanwhile", exposed.File)
	case errors.Is(err, store.ErrLocale):
		hint = "substring search would find no Japanese text in it; nothing was written: have the administrator create the database with CREATE DATABASE ... ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
	case errors.Is(err, store.ErrUnreachable):
		hint = "nothing answered there; nothing was changed: check the server's name and port (or socket folder) in the URL, that PostgreSQL is running and that this desk reaches it, then start spdesk again"
	case errors.Is(err, store.ErrSignInRefused):
		hint = "the server answered but refused this role's sign-in; nothing was changed: check the role name and its password (from PGPASSWORD, ~/.pgpass or the service file, never on the command line; it is never shown), and that the server's pg_hba.conf lets this desk in"
	case errors.Is(err, store.ErrNoDatabase):
		hint = "the server answered but has no database of that name; nothing was created: check the name in the URL, or have the administrator create it with CREATE DATABASE ... ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
	case errors.Is(err, store.ErrNotSpdesk) && store.IsURL(path):
		hint = "this database holds another program's tables; nothing was changed in it: give spdesk a database of its own"
	case errors.Is(err, store.ErrNotSpdesk):
		hint = "this file is not an spdesk database; it was not changed: check the --db path"
	case errors.Is(err, store.ErrTruncated):
		hint = "the database file is damaged (shorter than it should be); it was not changed: restore it from a backup"
	case errors.Is(err, store.ErrCorrupt):
		hint = "SQLite's check of the file found damage; it was not changed: restore it from a backup"
	case errors.Is(err, store.ErrReadOnly):
		hint = "spdesk needs to write the database and its folder: fix the permissions, copy the file somewhere writable, or view it with spdesk --read-only --db " + path
	case errors.Is(err, store.ErrNoDir):
		hint = "the folder for --db does not exist: create it first, or give another path"
	case errors.Is(err, store.ErrNoFile):
		hint = fmt.Sprintf("nothing was created; check the path. A new database is made by the console's first start (spdesk --db %s) or by spdesk seed --db %s", path, path)
	default:
		return fmt.Errorf("cannot open the database %s: %w", path, err)
	}
	return fmt.Errorf("cannot open the database %s: %w\n%s", path, err, hint)
}

func schemaVersion() int { return store.SchemaVersion() }
