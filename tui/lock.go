package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/pages/search"
	"spdesk/tui/pages/signin"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The console's accounts machinery, driven by the root: the sign-in gate,
// the idle lock, the check that the signed-in account is still enabled,
// and the demo's switch between its signed-in accounts. All of it is off
// when Options.Accounts is nil (tests of single screens, and the console
// before accounts existed).

// lockState is the root's idle clock. Idle time is wall time, on
// Options.Clock (clock.go), not Options.Now, which tests freeze.
type lockState struct {
	clock     ui.Clock
	lastKey   time.Time
	armed     bool      // an idle tick is pending
	lastCheck time.Time // of the account's enabled flag
	loading   string    // login whose account is being read
}

// idleMsg wakes the root to see whether the console has been idle long
// enough to lock.
type idleMsg struct{}

// accountMsg answers a read of the signed-in account.
type accountMsg struct {
	login string
	op    workflows.Operator
	err   error
}

// accountCheckEvery bounds how often a key press rereads the account: a
// disabled operator's console locks within a second of their next key.
const accountCheckEvery = time.Second

func (m model) accountsOn() bool { return m.sh.Opts.Accounts != nil }

func (m model) idleAfter() time.Duration {
	if m.sh.Opts.IdleLock > 0 {
		return m.sh.Opts.IdleLock
	}
	return m.sh.Opts.Accounts.IdleLock()
}

// armIdle starts the idle tick unless one is pending: one timer at a
// time, which re-arms itself for the rest of the wait.
func (m model) armIdle(after time.Duration) tea.Cmd {
	if !m.accountsOn() || m.lk.armed {
		return nil
	}
	m.lk.armed = true
	return m.lk.clock.After(after, func(time.Time) tea.Msg { return idleMsg{} })
}

// loadAccount reads login's account (the demo's start and ctrl+o).
func (m model) loadAccount(login string) tea.Cmd {
	if !m.accountsOn() || login == "" || m.lk.loading == login {
		return nil
	}
	m.lk.loading, m.lk.lastCheck = login, m.lk.clock.Now()
	svc := m.sh.Opts.Accounts
	return ui.Ask(func(ctx context.Context) tea.Msg {
		op, err := svc.ActiveOperator(ctx, login)
		return accountMsg{login, op, err}
	})
}

// accountsInit starts the idle clock and, for a console given its
// operator (the demo), reads that account.
func (m model) accountsInit() tea.Cmd {
	if !m.accountsOn() {
		return nil
	}
	m.lk.lastKey = m.lk.clock.Now()
	cmd := m.armIdle(m.idleAfter())
	if m.gate == nil {
		cmd = tea.Batch(cmd, m.loadAccount(m.sh.Operator))
	}
	return cmd
}

// accountsUpdate handles the root's own account messages; ok is false for
// every other message.
func (m model) accountsUpdate(msg tea.Msg) (model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case idleMsg:
		m.lk.armed = false
		if m.gate != nil {
			return m, nil, true // re-armed when unlocked
		}
		idle := m.lk.clock.Now().Sub(m.lk.lastKey)
		if left := m.idleAfter() - idle; left > 0 {
			return m, m.armIdle(left), true
		}
		return m.lock(m.sh.Cat.F("lock.idle", "idle", idleText(m.idleAfter(), m.sh.Cat.Lang()), "operator", m.sh.Operator)), nil, true
	case accountMsg:
		if msg.login == m.lk.loading {
			m.lk.loading = ""
		}
		if msg.login != m.sh.Operator {
			return m, nil, true // an answer for the account before a switch
		}
		if workflows.IsAccountDisabled(msg.err) {
			return m.lock(m.sh.Cat.F("lock.disabled", "operator", m.sh.Operator)), nil, true
		}
		if msg.err != nil {
			m.sh.Fail("error.account", msg.err)
			return m, nil, true
		}
		m.sh.Account = msg.op
		return m, nil, true
	}
	return m, nil, false
}

// lock puts the lock screen over the stack, which stays as it was.
func (m model) lock(why string) model {
	g := signin.NewLock(m.sh, why)
	g.SetSize(m.bodySize())
	m.gate, m.showHelp = g, false
	return m
}

// afterGateKey applies what the gate asked for: open the console on a
// right password (the stack as it was for an unlock, a fresh one for a
// new sign-in), or start over for someone else.
func (m model) afterGateKey(n ui.Nav, cmd tea.Cmd) (model, tea.Cmd) {
	switch {
	case n.SignOut:
		m.sh.Account, m.sh.Operator = workflows.Operator{}, ""
		closeScreens(m.stack...)
		m.stack = []ui.Page{search.New(m.sh)}
		m.stack[0].SetSize(m.bodySize())
		g := signin.New(m.sh)
		g.SetSize(m.bodySize())
		m.gate = g
	case n.Unlock:
		if freshSignIn(m.gate) {
			cmd = tea.Batch(cmd, m.offerOpenCalls()) // calls this operator left open
		}
		m.gate = nil
		m.lk.lastKey, m.lk.lastCheck = m.lk.clock.Now(), m.lk.clock.Now()
		// A supervisor is told at sign-in when the audit trail fails (audit_seal.go).
		cmd = tea.Batch(cmd, m.armIdle(m.idleAfter()), m.checkAuditSeal())
	}
	return m, cmd
}

// active restarts the idle clock: any key or paste is someone at the desk,
// wherever it went (the help overlay, the gate, a window too small to
// draw), not only the keys the screens get (afterKey).
func (m *model) active() { m.lk.lastKey = m.lk.clock.Now() }

// afterKey runs after every key the stack got: the idle clock restarts,
// a switched operator's account is read, and now and then the account is
// reread so that a disabled one locks.
func (m model) afterKey(cmd tea.Cmd) (model, tea.Cmd) {
	if !m.accountsOn() {
		return m, cmd
	}
	now := m.lk.clock.Now()
	m.lk.lastKey = now
	switch {
	case m.sh.Operator != m.sh.Account.Login:
		cmd = tea.Batch(cmd, m.loadAccount(m.sh.Operator))
	case now.Sub(m.lk.lastCheck) >= accountCheckEvery:
		cmd = tea.Batch(cmd, m.loadAccount(m.sh.Operator))
	}
	return m, cmd
}

// globalKeys are the keys the help lists: on the sign-in and lock
// screens "?" is typed into the password, so only f1 opens the help, and
// the desk keys wait for the console to open. A desk key whose page is
// open already says so (desk.go).
func (m model) globalKeys() globalKeys {
	k := m.keys
	if m.gate != nil {
		k.Help.SetHelp("f1", k.Help.Help().Desc)
		k.Desk = deskKeys{}
		return k
	}
	d := &k.Desk
	for _, b := range []struct {
		k *key.Binding
		p ui.PageKind
	}{{&d.Letters, ui.PageLetters}, {&d.CardTest, ui.PageCardTest}, {&d.Queues, ui.PageQueues}, {&d.KB, ui.PageKB}, {&d.Audit, ui.PageAudit}} {
		if m.deskRefusal(b.p) != "" {
			b.k.SetHelp(b.k.Help().Key, b.k.Help().Desc+" "+m.sh.Cat.T("desk.open"))
		}
	}
	return k
}

// roleLabel names a role for the header.
func roleLabel(c ui.Catalog, r workflows.Role) string {
	if r == workflows.RoleSupervisor {
		return c.T("header.role.supervisor")
	}
	return c.T("header.role.operator")
}

// idleText says how long the console waited, for the lock screen.
func idleText(d time.Duration, lang string) string {
	if d < time.Minute {
		return d.String() // only tests lock this soon
	}
	n := int(d.Round(time.Minute) / time.Minute)
	return ui.NewCatalog(lang).F("lock.minutes", "n", n)
}
