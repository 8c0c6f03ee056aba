package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"spdesk/store"
	"spdesk/workflows"
)

// auditKeyPath is --audit-key, or the key beside spdesk's configuration:
// $XDG_CONFIG_HOME/spdesk/audit.key (~/.config when that is unset), never
// beside the database, whose writers must not be able to read it.
func auditKeyPath(g *globals) (string, error) {
	if g.auditKey != "" {
		return g.auditKey, nil
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home folder to keep the audit key in: set XDG_CONFIG_HOME or use --audit-key: %w", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "spdesk", "audit.key"), nil
}

// withAuditKey gives s the audit key, creating it on a first start. A
// refusal (a sealed database without its key, or with another) closes s.
// With auditKeyLoose (audit verify) a missing or other key is not
// refused: verify reports it as its verdict.
func withAuditKey(ctx context.Context, g *globals, s *store.Store) (*store.Store, error) {
	path, err := auditKeyPath(g)
	if k, ok := demoAuditKey(g, s); ok {
		path, err = k, nil
	}
	if err == nil {
		if g.auditKeyLoose {
			err = looseAuditKey(s, path)
		} else {
			err = workflows.UseAuditKey(ctx, s, path)
		}
	}
	if err != nil {
		s.Close()
		return nil, refusal(g, err)
	}
	return s, nil
}

func looseAuditKey(s *store.Store, path string) error {
	key, err := workflows.ReadAuditKey(path)
	if err != nil || key == nil {
		return err
	}
	return s.SetAuditKey(key)
}

// demoAuditKey is the key `spdesk demo --keep` leaves beside its
// database, for a database made as a demo when no --audit-key is given:
// then every command reads a kept demo as the demo's own console did,
// with no key to look for. Only a demo's: a real desk's key is never
// beside its database (auditKeyPath). audit verify keeps to the rule
// for every database, as it is the check that a trail was not forged.
func demoAuditKey(g *globals, s *store.Store) (string, bool) {
	if g.auditKey != "" || g.auditKeyLoose || !s.Demo() || s.Postgres() {
		return "", false
	}
	k := filepath.Join(filepath.Dir(s.Path()), "audit.key")
	if fi, err := os.Stat(k); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return k, true
}
