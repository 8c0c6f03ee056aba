package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// When a supervisor signs in, the console walks the audit trail, chain
// and keyed seal, off the UI loop, and puts a warning in front of the
// console when it does not verify: forged, cut off, broken, or a key
// that does not match. Operators are not checked: they cannot act on it.

// auditSealTimeout bounds the background walk: a million rows take a few
// seconds on a desk machine, far more than a screen query may.
const auditSealTimeout = 5 * time.Minute

// auditSealMsg answers the sign-in check; login is who it was run for.
type auditSealMsg struct {
	login  string
	status string // the verdict; "" when nothing was walked (not a supervisor)
	warn   bool
	text   string // the verdict in the console's language
	err    error
}

// checkAuditSeal starts the check for the operator who just signed in.
func (m model) checkAuditSeal() tea.Cmd {
	svc, login, lang := m.sh.Opts.Accounts, m.sh.Operator, m.sh.Cat.Lang()
	if svc == nil || login == "" {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), auditSealTimeout)
		defer cancel()
		c, warn, err := svc.SignInAuditCheck(ctx, login)
		msg := auditSealMsg{login: login, warn: warn, err: err}
		if c.Status() != "" {
			msg.status, msg.text = c.Status(), c.Message(lang)
		}
		return msg
	}
}

// auditSealUpdate puts the warning over the console for the supervisor it
// was checked for; ok is false for every other message.
func (m model) auditSealUpdate(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	am, ok := msg.(auditSealMsg)
	if !ok {
		return m, nil, false
	}
	switch {
	case am.login != m.sh.Operator:
		return m, nil, true // someone else signed in meanwhile
	case am.err != nil && !workflows.IsAccountDisabled(am.err):
		m.sh.Fail("auditseal.error", am.err)
		return m, nil, true
	case !am.warn:
		return m, nil, true
	}
	mm, cmd := m.resolve(nil, ui.Nav{Open: ui.PageAuditSeal, Text: am.text}, nil)
	return mm, cmd, true
}

// auditSealScreen is the warning; esc or enter closes it.
type auditSealScreen struct {
	ui.Asks
	sh   *ui.Shared
	text string
	keys auditSealKeys
	w, h int
}

type auditSealKeys struct{ Close key.Binding }

func (k auditSealKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Close} }
func (k auditSealKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newAuditSealScreen(sh *ui.Shared, text string) *auditSealScreen {
	return &auditSealScreen{sh: sh, text: text, keys: auditSealKeys{
		Close: key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", sh.Cat.T("key.auditseal.close")))}}
}

func (s *auditSealScreen) Init() tea.Cmd     { return nil }
func (s *auditSealScreen) SetSize(w, h int)  { s.w, s.h = w, h }
func (s *auditSealScreen) Keys() help.KeyMap { return s.keys }
func (s *auditSealScreen) Kind() ui.PageKind { return ui.PageAuditSeal }

func (s *auditSealScreen) Title() string  { return s.sh.Cat.T("auditseal.title") }
func (s *auditSealScreen) Status() string { return s.sh.Cat.T("auditseal.status") }

func (s *auditSealScreen) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.keys.Close) {
		s.Request(ui.GoBack())
	}
	return s, nil
}

func (s *auditSealScreen) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	width := min(72, max(20, s.w-8))
	var b strings.Builder
	b.WriteString(st.Error.Render(c.T("auditseal.lead")) + "\n\n")
	b.WriteString(lipgloss.NewStyle().Width(width).Render(s.text) + "\n\n")
	b.WriteString(st.Muted.Width(width).Render(c.T("auditseal.todo")))
	box := st.Box.Render(b.String())
	return ui.FitBlock(lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, box), s.w, s.h)
}
