package workflows

import (
	"context"
	"errors"

	"spdesk/internal/msg"
	"spdesk/store"
)

// The demo's accounts and data belong in a demo database only: one created
// as a demo (store.OpenOptions.Demo), never a live one. Every path that
// makes demo accounts or demo letters refuses elsewhere; the store and
// SQLite's triggers refuse demo accounts too, whoever asks.

func init() {
	Messages.Add(msg.Set{"demo.only": {
		"このデータベースはデモ用に作られていないため、デモのアカウントやデータは作れません。spdesk demo か、新しいファイルへの spdesk seed --demo を使ってください",
		"this database was not created as a demo, so it takes no demo accounts or demo data: use spdesk demo, or spdesk seed --demo on a new file",
	}})
}

// requireDemo refuses demo seeding on a database not created as a demo.
func (s *Service) requireDemo() error {
	if !s.st.Demo() {
		return &Error{Code: EFORBIDDEN, Key: "demo.only", Err: store.ErrDemoOnly}
	}
	return nil
}

// SeedDemoOperators creates the demo's accounts, "demo-operator" and
// "demo-supervisor" (password DemoOperatorPassword), unless they exist.
// Only in a demo database.
func SeedDemoOperators(ctx context.Context, s *Service) error {
	return s.ensureDemoAccounts(ctx, "demo-operator", "demo-supervisor")
}

// ensureDemoAccounts creates operator and supervisor accounts for the demo
// names that have none. The demo's password is shorter than the rule for
// real accounts on purpose: trainees type it on the lock screen. Only in a
// demo database.
func (s *Service) ensureDemoAccounts(ctx context.Context, operator, supervisor string) error {
	if err := s.requireDemo(); err != nil {
		return err
	}
	for _, a := range []struct {
		login, name string
		role        store.Role
	}{{supervisor, "デモ監督者", store.RoleSupervisor}, {operator, "デモ操作者", store.RoleOperator}} {
		if _, err := s.st.OperatorByLogin(ctx, a.login); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		req := OperatorRequest{Login: a.login, DisplayName: a.name, Role: a.role, Password: DemoOperatorPassword}
		if _, err := s.insertOperator(ctx, "demo", req, func(*store.Tx) error { return nil }); err != nil && ErrorCode(err) != ECONFLICT {
			return err
		}
	}
	return nil
}
