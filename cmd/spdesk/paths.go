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

// openStore opens --db, or the default database, creating the default
// folder on first use (an explicit --db folder is the operator's to make).
func openStore(ctx context.Context, g *globals) (*store.Store, error) {
	path := g.db
	if path == "" {
		var err error
		if path, err = defaultDBPath(); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, explainOpen(path, err)
	}
	return withAuditKey(ctx, g, s)
}

// explainOpen turns a refusal into what the operator should do; the store
// has already left the file as it was.
func explainOpen(path string, err error) error {
	var tooNew *store.SchemaTooNewError
	hint := ""
	switch {
	case errors.As(err, &tooNew):
		hint = fmt.Sprintf("this file was written by a newer spdesk (schema %d; this one knows %d): install the newer spdesk, or use another --db", tooNew.File, tooNew.Binary)
	case errors.Is(err, store.ErrNotSpdesk):
		hint = "this file is not an spdesk database; it was not changed: check the --db path"
	case errors.Is(err, store.ErrTruncated):
		hint = "the database file is damaged (shorter than it should be); it was not changed: restore it from a backup"
	case errors.Is(err, store.ErrReadOnly):
		hint = "spdesk needs to write the database and its folder: fix the permissions, or copy the file somewhere writable"
	case errors.Is(err, store.ErrNoDir):
		hint = "the folder for --db does not exist: create it first, or give another path"
	default:
		return fmt.Errorf("cannot open the database %s: %w", path, err)
	}
	return fmt.Errorf("cannot open the database %s: %w\n%s", path, err, hint)
}

func schemaVersion() int { return store.SchemaVersion() }
