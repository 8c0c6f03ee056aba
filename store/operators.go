package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Role is what an operator account may do.
type Role string

const (
	RoleOperator   Role = "operator"
	RoleSupervisor Role = "supervisor"
)

// Operator is an account that signs in to the console. Login is the name
// cases and audit rows carry. PasswordHash is an argon2id PHC string; the
// password itself is never stored.
type Operator struct {
	ID           int64
	Login        string
	DisplayName  string
	Role         Role
	PasswordHash string
	Disabled     bool
	Failed       int       // wrong passwords in a row since the last sign-in
	LockedUntil  time.Time // zero when not locked
	CreatedAt    time.Time
	CreatedBy    string
	Version      int64
}

const operatorCols = `id, login, display_name, role, pw_hash, disabled, failed, locked_until, created_at,
	created_by, version`

// scanOperator reads one account. In a database not created as a demo
// (demo false) the demo's accounts read as disabled, whatever the row
// says: they cannot sign in or act there, even in a file edited around
// spdesk's triggers.
func scanOperator(row scanner, demo bool) (Operator, error) {
	var o Operator
	var locked, created string
	err := row.Scan(&o.ID, &o.Login, &o.DisplayName, &o.Role, &o.PasswordHash, &o.Disabled, &o.Failed,
		&locked, &created, &o.CreatedBy, &o.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, err
	}
	if o.LockedUntil, err = parseTime(locked); err != nil {
		return o, err
	}
	o.Disabled = o.Disabled || (!demo && IsDemoLogin(o.Login))
	o.CreatedAt, err = parseTime(created)
	return o, err
}

// OperatorByLogin reads the account named login (case-insensitive);
// ErrNotFound when there is none.
func (s *Store) OperatorByLogin(ctx context.Context, login string) (Operator, error) {
	return scanOperator(s.read.QueryRowContext(ctx, `SELECT `+operatorCols+` FROM operators WHERE login = ?`, login), s.demo)
}

// Operators lists every account by login.
func (s *Store) Operators(ctx context.Context) ([]Operator, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+operatorCols+` FROM operators ORDER BY login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Operator
	for rows.Next() {
		o, err := scanOperator(rows, s.demo)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// HasOperators reports whether any account exists (none: first start).
func (s *Store) HasOperators(ctx context.Context) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM operators LIMIT 1) n`).Scan(&n)
	return n > 0, err
}

// OperatorByLogin reads the account named login inside the transaction.
func (tx *Tx) OperatorByLogin(login string) (Operator, error) {
	return scanOperator(tx.tx.QueryRowContext(tx.ctx, `SELECT `+operatorCols+` FROM operators WHERE login = ?`, login), tx.demo)
}

// HasOperators reports whether any account exists, inside the transaction.
func (tx *Tx) HasOperators() (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM (SELECT 1 FROM operators LIMIT 1) n`).Scan(&n)
	return n > 0, err
}

// InsertOperator adds o, stamped with the transaction's time; a login
// already taken (in any letter case) is ErrExists.
func (tx *Tx) InsertOperator(o *Operator) error {
	if err := tx.refuseDemoAccount(o.Login, o.Disabled); err != nil {
		return err
	}
	id, err := tx.insertID(`INSERT INTO operators (login, display_name, role, pw_hash, disabled,
		created_at, created_by) VALUES (?,?,?,?,?,?,?) ON CONFLICT (login) DO NOTHING RETURNING id`,
		o.Login, o.DisplayName, o.Role, o.PasswordHash, o.Disabled, fmtTime(tx.Now), o.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrExists
	}
	if err != nil {
		return fmt.Errorf("operator: %w", err)
	}
	o.ID = id
	o.CreatedAt, o.Version = tx.Now, 1
	return nil
}

// ErrExists refuses a new row whose unique name is taken.
var ErrExists = errors.New("already exists")

// UpdateOperator writes o's mutable fields if the row is still at
// o.Version, and bumps it.
func (tx *Tx) UpdateOperator(o *Operator) error {
	if err := tx.refuseDemoAccount(o.Login, o.Disabled); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(tx.ctx, `UPDATE operators SET display_name = ?, role = ?, pw_hash = ?,
		disabled = ?, failed = ?, locked_until = ?, version = version + 1 WHERE id = ? AND version = ?`,
		o.DisplayName, o.Role, o.PasswordHash, o.Disabled, o.Failed, fmtTime(o.LockedUntil), o.ID, o.Version)
	if err != nil {
		return fmt.Errorf("operator: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	o.Version++
	return nil
}
