package member

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// CallPage holds calls that are not a member's page: the call of a
// caller who is not identified (NewAnonCall, opened by a root key), and
// the calls an operator left open, offered for their wrap-up at sign-in
// (NewOpenCalls). Both wrap up with the member page's form.
type CallPage struct {
	ui.Asks
	sh       *ui.Shared
	anon     bool
	owner    int
	calling  bool
	calls    []workflows.Call // anon: the one call; else the open ones left
	cur      int
	articles []string
	wrap     *wrapUp
	wrapOn   bool
	keys     callPageKeys
	w, h     int
}

type callPageKeys struct {
	Open, Up, Down, Back key.Binding
}

func (k callPageKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Open, k.Up, k.Back} }
func (k callPageKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newCallPage(sh *ui.Shared, anon bool) *CallPage {
	c := sh.Cat
	p := &CallPage{sh: sh, anon: anon, owner: nextOwner(), keys: callPageKeys{
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("callpage.key.wrap"))),
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", c.T("wrap.key.move"))),
		Down: key.NewBinding(key.WithKeys("down", "j")),
		Back: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", c.T("callpage.key.later"))),
	}}
	if anon {
		p.keys.Open.SetEnabled(false)
		p.keys.Up.SetEnabled(false)
		p.keys.Back.SetHelp("esc", c.T("callpage.key.end"))
	}
	return p
}

// NewAnonCall starts the call of a caller not identified (not in a
// read-only console: the root does not open it there).
func NewAnonCall(sh *ui.Shared) *CallPage { return newCallPage(sh, true) }

// NewOpenCalls offers the calls left open for their wrap-up, one by one.
func NewOpenCalls(sh *ui.Shared, calls []workflows.Call) *CallPage {
	p := newCallPage(sh, false)
	p.calls = slices.Clone(calls)
	return p
}

func (p *CallPage) Init() tea.Cmd {
	if p.anon {
		p.calling = true
		return startCall(p.sh, p.owner, 0)
	}
	return nil
}

func (p *CallPage) Kind() ui.PageKind { return ui.PageCall }

func (p *CallPage) Title() string {
	if p.anon {
		return p.sh.Cat.T("callpage.anon.title")
	}
	return p.sh.Cat.T("callpage.open.title")
}

func (p *CallPage) Keys() help.KeyMap {
	if p.wrapOn {
		return p.wrap.keys
	}
	return p.keys
}

func (p *CallPage) SetSize(w, h int) { p.w, p.h = w, h }

func (p *CallPage) Status() string {
	if p.wrapOn {
		return p.sh.Styles.Muted.Render(p.sh.Cat.T("wrap.status"))
	}
	return ""
}

// CallOpen reports a call of the page not yet wrapped up, for the root.
func (p *CallPage) CallOpen() bool { return p.calling || len(p.calls) > 0 }

func (p *CallPage) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case callStartedMsg:
		if msg.owner != p.owner {
			return p, nil
		}
		p.calling = false
		if msg.err != nil {
			p.sh.Fail("error.call", msg.err)
			return p, nil
		}
		p.calls = []workflows.Call{msg.call}
		if p.wrap != nil {
			p.wrap.call = msg.call
			return p, p.wrap.load()
		}
	case ArticleUsedMsg:
		if p.anon && !slices.Contains(p.articles, msg.ID) {
			p.articles = append(p.articles, msg.ID)
			if p.wrap != nil {
				p.wrap.articles = append(p.wrap.articles, msg.ID)
			}
		}
	case suggestMsg, wrappedMsg:
		if p.wrap == nil {
			return p, nil
		}
		cmd, done := p.wrap.update(msg)
		if done {
			p.calls = slices.DeleteFunc(p.calls, func(c workflows.Call) bool { return c.ID == p.wrap.call.ID })
			p.cur = min(p.cur, max(0, len(p.calls)-1))
			p.wrap, p.wrapOn = nil, false
			if len(p.calls) == 0 {
				p.Request(ui.GoBack())
			}
		}
		return p, cmd
	case tea.PasteMsg:
		if p.wrapOn {
			return p, p.wrap.paste(msg)
		}
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *CallPage) key(msg tea.KeyPressMsg) tea.Cmd {
	if p.wrapOn {
		cmd, hide := p.wrap.key(msg)
		if hide {
			p.wrapOn = false
		}
		return cmd
	}
	k := p.keys
	switch {
	case key.Matches(msg, k.Back):
		if p.anon && p.CallOpen() {
			return p.open(0)
		}
		p.Request(ui.GoBack()) // the calls left stay open for the next sign-in
	case key.Matches(msg, k.Up):
		p.cur = max(0, p.cur-1)
	case key.Matches(msg, k.Down):
		p.cur = min(len(p.calls)-1, p.cur+1)
	case key.Matches(msg, k.Open):
		if len(p.calls) > 0 {
			return p.open(p.cur)
		}
	}
	return nil
}

// open shows the wrap-up of call i (anon: the one call, maybe not yet
// written), keeping a form already begun for it.
func (p *CallPage) open(i int) tea.Cmd {
	p.wrapOn = true
	var call workflows.Call
	if i < len(p.calls) {
		call = p.calls[i]
	}
	if p.wrap != nil && p.wrap.call.ID == call.ID {
		if p.wrap.loaded {
			return nil
		}
		return p.wrap.load()
	}
	hint := "wrap.hint.open"
	if p.anon {
		hint = "wrap.hint.anon" // there is no member to go back to
	}
	p.wrap = newWrapUp(p.sh, call, p.articles, hint)
	if call.ID == 0 {
		return nil // asked when the call is written
	}
	return p.wrap.load()
}

func (p *CallPage) View() string {
	if p.wrapOn {
		return p.wrap.view(p.w, p.h)
	}
	st, c := p.sh.Styles, p.sh.Cat
	var b strings.Builder
	if p.anon {
		no := "…"
		if len(p.calls) > 0 {
			no = p.calls[0].No()
		}
		b.WriteString(" " + st.Title.Render(c.F("callpage.anon.lead", "call", no)) + "\n\n")
		b.WriteString(" " + c.T("callpage.anon.body") + "\n")
		return ui.FitBlock(b.String(), p.w, p.h)
	}
	b.WriteString(" " + st.Title.Render(c.F("callpage.open.lead", "n", len(p.calls))) + "\n\n")
	for i, k := range p.calls {
		who := c.T("wrap.unidentified")
		if k.MemberNo != "" {
			who = c.F("wrap.member", "member", k.MemberNo)
		}
		line := fmt.Sprintf("  %s  %s  %s", k.No(), ui.FormatWhen(c, k.StartedAt), ui.Safe(who))
		if i == p.cur {
			line = st.Selected.Render(ui.Fit(line, max(1, p.w-2)))
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n " + st.Muted.Render(c.T("callpage.open.body")))
	return ui.FitBlock(b.String(), p.w, p.h)
}
