package workflows

import (
	"spdesk/store"
)

// testSupervisors are the names the workflow tests act as; they are
// supervisors so that state-machine tests test states, not roles.
// testOperator is a plain operator, for the role tests; testOperators
// are the plain operators other tests act as.
var (
	testSupervisors = []string{"alice", "bob", "carol"}
	testOperators   = []string{testOperator, "op1"}
)

const testOperator = "olga"

// seedAccounts creates the test accounts (password "password-" + login).
func (e *env) seedAccounts() {
	e.t.Helper()
	add := func(login string, role store.Role) {
		if _, err := e.svc.insertOperator(e.ctx, "setup", OperatorRequest{Login: login, DisplayName: login,
			Role: role, Password: "password-" + login}, func(*store.Tx) error { return nil }); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, l := range testSupervisors {
		add(l, store.RoleSupervisor)
	}
	for _, l := range testOperators {
		add(l, store.RoleOperator)
	}
}
