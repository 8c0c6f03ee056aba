package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
)

// Kinds of database, recorded in meta when the file is created (migration
// 0007 and Store.create).
const (
	KindDemo = "demo"
	KindLive = "live"
)

// DemoLogins are the demo's own accounts, whose password is printed on the
// demo's sign-in screen. They exist only in a demo database.
var DemoLogins = []string{"demo-operator", "demo-supervisor"}

// IsDemoLogin reports whether login names one of the demo's accounts, in
// any letter case (logins are matched without regard to case).
func IsDemoLogin(login string) bool {
	return slices.Contains(DemoLogins, strings.ToLower(strings.TrimSpace(login)))
}

// ErrDemoOnly refuses demo accounts, demo data and demo letters in a
// database that was not created as a demo.
var ErrDemoOnly = errors.New("only a database created as a demo holds the demo's accounts and data")

// readDemo reads the kind the database was created as. A file from before
// migration 0007 has none: it is not a demo.
func readDemo(ctx context.Context, db *sql.DB) (bool, error) {
	var kind string
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'kind'`).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return false, nil // none recorded, or a test's schema stopped short of 0007
	}
	return kind == KindDemo, err
}

// refuseDemoAccount is ErrDemoOnly for an enabled demo account written
// into a database that is not a demo. The triggers of migration 0007
// refuse it too; this says so in words the workflows can show.
func (tx *Tx) refuseDemoAccount(login string, disabled bool) error {
	if disabled || tx.demo || !IsDemoLogin(login) {
		return nil
	}
	return ErrDemoOnly
}
