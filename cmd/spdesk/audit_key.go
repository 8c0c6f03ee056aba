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
