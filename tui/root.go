package tui

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/pages/search"
	"spdesk/tui/pages/signin"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// Minimum window the console draws in; smaller gets a notice.
const (
	MinWidth  = 80
	MinHeight = 24
)

// shell rows around the screen body: header, rule, status, help.
const shellRows = 4

// Options are what cmd/spdesk hands the console; the pages read them
// through ui.Shared.
type Options = ui.Options

// globalKeys work on every screen: help, quit and the desk keys.
type globalKeys struct {
	Help key.Binding
	Quit key.Binding
	Desk deskKeys
}

func newGlobalKeys(c ui.Catalog) globalKeys {
	return globalKeys{
		// ? is safe even while typing a search: no member field holds one.
		Help: key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", c.T("key.help"))),
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", c.T("key.quit"))),
		Desk: newDeskKeys(c),
	}
}

// keyHelp joins the top screen's keys with the global ones for the help
// bar and the overlay.
type keyHelp struct {
	screen help.KeyMap
	global globalKeys
}

func (k keyHelp) ShortHelp() []key.Binding {
	return append(k.screen.ShortHelp(), k.global.Help, k.global.Quit)
}

// FullHelp lists the desk keys once, in the global column: the bar has no
// room for them at 80 columns.
func (k keyHelp) FullHelp() [][]key.Binding {
	d := k.global.Desk
	return append(k.screen.FullHelp(), []key.Binding{k.global.Help, k.global.Quit,
		d.Letters, d.Operator, d.CardTest, d.Queues, d.KB, d.Audit, d.NewCall, d.Reports})
}

// model is the root: it owns the screen stack and draws the shell.
type model struct {
	sh       *ui.Shared
	dbPath   string
	demo     bool
	operator string
	stack    []ui.Page
	keys     globalKeys
	help     help.Model
	w, h     int
	showHelp bool
	gate     ui.Page                 // sign-in or lock screen over the stack; nil when open
	lk       *lockState              // idle clock and account checks (lock.go)
	watch    <-chan workflows.Change // the desk's change feed (watch.go); nil without one
	away     bool                    // the feed says the database does not answer (watch.go)
}

// New builds the console for cmd/spdesk to run with tea.NewProgram.
func New(opts ui.Options) tea.Model {
	lang := opts.Lang
	if lang == "" {
		lang = ui.DetectLang(os.Getenv)
	}
	cat := ui.NewCatalog(lang)
	sh := &ui.Shared{Cat: cat, Styles: ui.NewStyles(true), Now: opts.Now, Members: -1, Opts: opts, Operator: opts.Operator}
	if ops := sh.Operators(); sh.Operator == "" && len(ops) > 0 {
		sh.Operator = ops[0]
	}
	if sh.Now == nil {
		sh.Now = time.Now
	}
	m := model{sh: sh, demo: opts.Demo, operator: opts.Operator, keys: newGlobalKeys(cat), help: help.New(),
		lk: &lockState{clock: opts.Clock}}
	if m.lk.clock == nil {
		m.lk.clock = ui.WallClock{}
	}
	if opts.Desk != nil {
		// A typed nil must not reach the interface: src == nil means no store.
		sh.Src = opts.Desk
		m.dbPath = opts.Desk.DBPath()
		sh.DBPath = m.dbPath
	}
	m.help.Styles = sh.Styles.Help
	m.stack = []ui.Page{search.New(sh)}
	if opts.Accounts != nil && sh.Operator == "" {
		m.gate = signin.New(sh)
	}
	return m
}

// Run runs a console model (New's, or one wrapping it, as cmd/spdesk's
// panic logger does) until the operator quits or ctx ends. A program
// killed because ctx ended was stopped on purpose: that is no error. A
// panic still is, whatever the context.
func Run(ctx context.Context, m tea.Model, opts ...tea.ProgramOption) error {
	_, err := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic) && ctx.Err() != nil {
		return nil
	}
	return err
}

type countMsg struct {
	n   int64
	err error
}

func (m model) count() tea.Msg {
	if m.sh.Src == nil {
		return countMsg{err: errors.New(m.sh.Cat.T("error.nostore"))}
	}
	ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
	defer cancel()
	n, err := m.sh.Src.CountMembers(ctx)
	return countMsg{n, err}
}

func (m model) Init() tea.Cmd {
	// The stack's top and the gate over it each start once.
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.count, m.stack[len(m.stack)-1].Init(), m.accountsInit(),
		m.startWatch()}
	if m.gate != nil {
		cmds = append(cmds, m.gate.Init())
	} else {
		cmds = append(cmds, m.offerOpenCalls()) // signed in already (the demo): calls left open last time
	}
	return tea.Batch(cmds...)
}

// top is the screen keys go to: the sign-in or lock screen when there is one.
func (m model) top() ui.Page {
	if m.gate != nil {
		return m.gate
	}
	return m.stack[len(m.stack)-1]
}

func (m model) bodySize() (int, int) { return m.w, max(0, m.h-shellRows) }

func (m model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if mm, cmd, ok := m.accountsUpdate(msg); ok {
		return mm, cmd
	}
	if mm, cmd, ok := m.auditSealUpdate(msg); ok {
		return mm, cmd
	}
	if mm, cmd, ok := m.openCalls(msg); ok {
		return mm, cmd
	}
	if mm, cmd, ok := m.watchUpdate(msg); ok {
		return mm, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(m.w)
		bw, bh := m.bodySize()
		for _, s := range m.stack {
			s.SetSize(bw, bh)
		}
		if m.gate != nil {
			m.gate.SetSize(bw, bh)
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.sh.Styles = ui.NewStyles(msg.IsDark())
		m.help.Styles = m.sh.Styles.Help
		return m.broadcast(msg)
	case countMsg:
		if msg.err != nil {
			m.sh.Fail("error.count", msg.err)
		} else {
			m.sh.Members = msg.n
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case ui.ReplayKeysMsg:
		// Keys a screen held back, fed through the usual key path in
		// order, so they reach whatever screen is on top now.
		var cmds []tea.Cmd
		var next tea.Model = m
		for _, k := range msg {
			var cmd tea.Cmd
			next, cmd = next.Update(k)
			cmds = append(cmds, cmd)
		}
		return next, tea.Batch(cmds...)
	case tea.PasteMsg:
		m.active()
		if m.showHelp || m.tooSmall() {
			return m, nil
		}
		if m.gate != nil {
			return m.updateGate(msg)
		}
		return m.updateTop(msg)
	}
	return m.broadcast(msg)
}

func (m model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.sh.Banner = ""
	m.active()
	switch {
	case key.Matches(msg, m.keys.Quit) && !m.unsaved():
		return m, tea.Quit
	case key.Matches(msg, m.keys.Quit):
		return m.updateTop(msg) // the page asks before its half-filled form is lost
	case m.tooSmall():
		return m, nil // nothing on screen to act on
	case m.showHelp:
		switch msg.String() {
		case "?", "f1", "esc", "q", "enter":
			m.showHelp = false
		}
		return m, nil
	case m.gate != nil && msg.Text != "":
		return m.updateGate(msg) // a password may hold a "?": f1 opens the help there
	case key.Matches(msg, m.keys.Help):
		m.showHelp = true
		return m, nil
	case m.gate != nil && m.keys.Desk.matches(msg):
		m.sh.Banner = m.sh.Cat.T("desk.gate")
		return m, nil
	case m.gate != nil:
		return m.updateGate(msg)
	}
	if mm, cmd, ok := m.deskKey(msg); ok {
		return mm.afterKey(cmd)
	}
	mm, cmd := m.updateTop(msg)
	return mm.(model).afterKey(cmd)
}

// updateGate hands msg to the sign-in or lock screen, then does what it asked.
func (m model) updateGate(msg tea.Msg) (tea.Model, tea.Cmd) {
	g, cmd, n := step(m.gate, msg)
	m.gate = g
	return m.afterGateKey(n, cmd)
}

func (m model) updateTop(msg tea.Msg) (tea.Model, tea.Cmd) {
	i := len(m.stack) - 1
	s, cmd, n := step(m.stack[i], msg)
	m.stack = append(m.stack[:i:i], s)
	return m.resolve(s, n, cmd)
}

// resolve does what from asked (nil: the root itself): builds and opens
// the page, or closes from. It runs within the Update that asked, so the
// next message already finds the new page on top.
func (m model) resolve(from ui.Page, n ui.Nav, cmd tea.Cmd) (model, tea.Cmd) {
	switch {
	case n.Open != ui.PageNone:
		m = m.articleUsed(from)
		s := routes[n.Open](m.sh, n)
		s.SetSize(m.bodySize())
		m.stack = append(m.stack[:len(m.stack):len(m.stack)], s)
		cmd = tea.Batch(cmd, s.Init())
	case n.Back && len(m.stack) > 1:
		m = m.articleUsed(from)
		// back closes the page that asked, which is the top one unless
		// an answer reached a page beneath.
		for i := len(m.stack) - 1; i > 0; i-- {
			if m.stack[i] == from {
				closeScreens(from)
				m.stack = append(m.stack[:i:i], m.stack[i+1:]...)
				break
			}
		}
	}
	return m, cmd
}

// broadcast hands a message to every screen: answers to queries carry
// what they answer, so a screen that did not ask ignores them.
func (m model) broadcast(msg tea.Msg) (tea.Model, tea.Cmd) {
	stack := make([]ui.Page, len(m.stack))
	cmds := make([]tea.Cmd, len(m.stack)+1)
	navs := make([]ui.Nav, len(m.stack))
	for i, s := range m.stack {
		stack[i], cmds[i], navs[i] = step(s, msg)
	}
	m.stack = stack
	if m.gate != nil {
		var cmd tea.Cmd
		var n ui.Nav
		m.gate, cmd, n = step(m.gate, msg)
		m, cmds[len(cmds)-1] = m.afterGateKey(n, cmd)
	}
	for i, n := range navs {
		m, cmds[i] = m.resolve(stack[i], n, cmds[i])
	}
	return m, tea.Batch(cmds...)
}

func (m model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.sh.Cat.T("app.title")
	if m.demo {
		v.WindowTitle += " — DEMO"
	}
	return v
}

// render is the whole frame as text, exactly w×h.
func (m model) render() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	st := m.sh.Styles
	_, bh := m.bodySize()
	body := m.top().View()
	if m.showHelp {
		body = m.helpOverlay(bh)
	}
	status := m.top().Status()
	switch {
	case m.sh.Banner != "":
		status = st.Error.Render(ui.Safe(m.sh.Banner)) // errors quote data
	case m.away:
		status = st.Warn.Render(m.sh.Cat.T("status.reconnecting"))
	}
	m.help.ShowAll = false
	lines := []string{
		m.header(),
		m.rule(),
		ui.FitBlock(body, m.w, bh),
		ui.Fit(" "+status, m.w),
		ui.Fit(" "+m.help.View(keyHelp{m.top().Keys(), m.globalKeys()}), m.w),
	}
	return ui.FrameSafe(strings.Join(lines, "\n")) // safe.go: the net under every screen
}

func (m model) header() string {
	st, c := m.sh.Styles, m.sh.Cat
	left := st.App.Render(" " + c.T("app.name") + " ")
	if m.demo {
		left += st.Demo.Render(c.T("header.demo")) + " "
	}
	if m.sh.Opts.ReadOnly {
		left += st.Notice.Render(c.T("header.readonly")) + " "
	}
	if m.away {
		left += st.Error.Render(c.T("header.reconnecting")) + " "
	}
	op := m.sh.Operator // the acting one: ctrl+o switches it
	if op == "" {
		op = c.T("operator.none")
	}
	if a := m.sh.Account; a.Login != "" && a.Login == m.sh.Operator {
		op = ui.Safe(a.DisplayName) + " (" + ui.Safe(a.Login) + ", " + roleLabel(c, a.Role) + ")"
	}
	right := st.Label.Render(c.T("header.operator")+" ") + st.Value.Render(ui.Safe(op)) + " "
	room := m.w - lipgloss.Width(left) - lipgloss.Width(right) - lipgloss.Width(c.T("header.db")) - 4
	db := c.T("header.nodb")
	if m.dbPath != "" {
		db = ui.ShortenPath(m.dbPath, room)
		if room < 8 { // a long tag (read-only) and a long name: the operator matters more
			db = "…"
		}
	}
	left += " " + st.Label.Render(c.T("header.db")+" ") + st.Value.Render(db)
	return ui.Spread(left, right, m.w)
}

// rule is the line under the header with the breadcrumb of open screens.
func (m model) rule() string {
	st := m.sh.Styles
	parts := make([]string, len(m.stack))
	for i, s := range m.stack {
		parts[i] = ui.Safe(s.Title()) // titles name members
	}
	if m.gate != nil {
		parts = []string{ui.Safe(m.gate.Title())} // a locked console shows nothing of what is open
	}
	crumb := " " + strings.Join(parts, " › ") + " "
	line := st.Rule.Render("──") + st.Title.Render(crumb)
	if rest := m.w - lipgloss.Width(line); rest > 0 {
		line += st.Rule.Render(strings.Repeat("─", rest))
	}
	return ui.Fit(line, m.w)
}

func (m model) helpOverlay(h int) string {
	st, c := m.sh.Styles, m.sh.Cat
	hm := m.help
	hm.ShowAll = true
	hm.SetWidth(m.w - 6)
	inner := st.Title.Render(c.T("help.title")) + "\n\n" +
		hm.View(keyHelp{m.top().Keys(), m.globalKeys()}) + "\n\n" + st.Muted.Render(c.T("help.close"))
	box := st.Box.Render(inner)
	return lipgloss.Place(m.w, h, lipgloss.Center, lipgloss.Center, box)
}

func (m model) tooSmallView() string {
	st, c := m.sh.Styles, m.sh.Cat
	body := c.F("toosmall.body", "w", m.w, "h", m.h)
	return ui.Notice(st, m.w, m.h, c.T("toosmall.title")+"\n"+body, body, c.F("toosmall.short", "w", m.w, "h", m.h))
}

// unsaved says the top page holds a half-filled form (cases: a job's form
// with something typed): ctrl+c goes to it, to ask, instead of quitting.
func (m model) unsaved() bool {
	u, ok := m.stack[len(m.stack)-1].(interface{ Unsaved() bool })
	return ok && m.gate == nil && u.Unsaved()
}
