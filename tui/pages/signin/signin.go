package signin

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Page is the gate in front of the console: the sign-in form at
// start, or the lock screen (lock set) of an idle or disabled console,
// whose login is the signed-in operator's. The root draws it instead of
// the screen stack, which waits under it untouched.
type Page struct {
	ui.Asks
	sh        *ui.Shared
	lock      bool
	why       string // the lock screen's lead: idle, or disabled
	login, pw textinput.Model
	onPw      bool
	busy      bool
	seq       int
	msg       string
	keys      signInKeys
	w, h      int
}

type signInKeys struct {
	Submit, Next, Other key.Binding
}

func (k signInKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Submit, k.Next, k.Other} }
func (k signInKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// signedInMsg answers a sign-in or unlock attempt.
type signedInMsg struct {
	seq int
	op  workflows.Operator
	err error
}

func New(sh *ui.Shared) *Page {
	c := sh.Cat
	s := &Page{sh: sh, keys: signInKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.signin"))),
		Next:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", c.T("key.nextfield"))),
		Other:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.otheruser")), key.WithDisabled()),
	}}
	s.login = textinput.New()
	s.login.Prompt = c.T("signin.login")
	s.login.CharLimit = 32
	s.pw = textinput.New()
	s.pw.Prompt = c.T("signin.password")
	s.pw.EchoMode = textinput.EchoPassword
	s.pw.EchoCharacter = '•'
	s.pw.CharLimit = 128
	s.restyle()
	s.login.Focus()
	return s
}

// NewLock locks the console of the signed-in operator; why is the
// lead line (idle or disabled).
func NewLock(sh *ui.Shared, why string) *Page {
	s := New(sh)
	s.lock, s.why, s.onPw = true, why, true
	s.login.SetValue(sh.Operator)
	s.login.Blur()
	s.pw.Focus()
	s.keys.Submit.SetHelp("enter", sh.Cat.T("key.unlock"))
	s.keys.Next.SetEnabled(false)
	s.keys.Other.SetEnabled(true)
	return s
}

func (s *Page) restyle() {
	ts := s.sh.Styles.Input()
	s.login.SetStyles(ts)
	s.pw.SetStyles(ts)
}

func (s *Page) Init() tea.Cmd { return nil }

func (s *Page) Kind() ui.PageKind { return ui.PageGate }

func (s *Page) Title() string {
	if s.lock {
		return s.sh.Cat.T("lock.title")
	}
	return s.sh.Cat.T("signin.title")
}

func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) Status() string {
	if s.lock {
		return s.sh.Cat.T("lock.status")
	}
	return s.sh.Cat.T("signin.status")
}

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	s.login.SetWidth(32)
	s.pw.SetWidth(32)
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.restyle()
	case signedInMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		s.busy = false
		if msg.err != nil {
			s.msg = workflows.Message(msg.err, s.sh.Cat.Lang())
			return s, nil
		}
		s.sh.SignedIn(msg.op)
		s.Request(ui.Nav{Unlock: true})
		return s, nil
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		return s.edit(msg)
	}
	return s, nil
}

func (s *Page) key(msg tea.KeyPressMsg) (ui.Page, tea.Cmd) {
	if s.busy {
		return s, nil // one attempt at a time: argon2 takes a moment
	}
	switch {
	case key.Matches(msg, s.keys.Other):
		s.Request(ui.Nav{SignOut: true}) // someone else at the desk
		return s, nil
	case key.Matches(msg, s.keys.Next):
		s.focusPw(!s.onPw)
		return s, nil
	case key.Matches(msg, s.keys.Submit):
		if !s.onPw && !s.lock {
			s.focusPw(true)
			return s, nil
		}
		return s, s.submit()
	}
	return s.edit(msg)
}

func (s *Page) edit(msg tea.Msg) (ui.Page, tea.Cmd) {
	s.msg = ""
	var cmd tea.Cmd
	if s.onPw {
		s.pw, cmd = s.pw.Update(msg)
	} else {
		s.login, cmd = s.login.Update(msg)
	}
	return s, cmd
}

func (s *Page) focusPw(on bool) {
	if s.lock {
		return
	}
	s.onPw = on
	if on {
		s.login.Blur()
		s.pw.Focus()
	} else {
		s.pw.Blur()
		s.login.Focus()
	}
}

// submit sends the attempt to workflows (which counts it) and forgets the
// typed password at once.
func (s *Page) submit() tea.Cmd {
	login, pw := strings.TrimSpace(s.login.Value()), s.pw.Value()
	s.pw.SetValue("")
	if login == "" || pw == "" {
		s.msg = s.sh.Cat.T("signin.empty")
		return nil
	}
	svc := s.sh.Opts.Accounts
	s.seq++
	s.busy, s.msg = true, ""
	seq := s.seq
	return func() tea.Msg {
		// The deadline bounds SignIn's database work, not its argon2 check:
		// a loaded machine answers late rather than "internal error", and
		// a deadline that runs out reads "the machine is busy".
		ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
		defer cancel()
		op, err := svc.SignIn(ctx, login, pw)
		return signedInMsg{seq, op, err}
	}
}

func (s *Page) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	b.WriteString(st.Title.Render(s.Title()) + "\n\n")
	if s.lock {
		// Wrapped: the Japanese lead is wider than an 80-column window.
		b.WriteString(st.Notice.Width(min(56, max(20, s.w-8))).Render(ui.Safe(s.why)) + "\n\n")
		b.WriteString(st.Label.Render(c.T("signin.login")) + st.Value.Render(ui.Safe(s.sh.Operator)) + "\n")
	} else {
		b.WriteString(c.T("signin.lead") + "\n\n")
		b.WriteString(s.login.View() + "\n")
	}
	b.WriteString(s.pw.View() + "\n\n")
	switch {
	case s.busy:
		b.WriteString(st.Muted.Render(c.T("signin.busy")))
	case s.msg != "":
		// Wrapped: the refusal names every reason it may have.
		b.WriteString(st.Error.Width(min(56, max(20, s.w-8))).Render(ui.SafeLines(s.msg)))
	case s.sh.Opts.Demo:
		b.WriteString(st.Muted.Render(c.F("signin.demo", "password", workflows.DemoOperatorPassword)))
	}
	box := st.Box.Render(b.String())
	return ui.FitBlock(lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, box), s.w, s.h)
}

// Locked reports whether this is the lock screen of a console in use,
// rather than the sign-in form of a fresh one.
func (s *Page) Locked() bool { return s.lock }
