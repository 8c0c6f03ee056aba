package queues

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

type approvalsKeys struct {
	ui.ListKeys
	Approve, Open, Reprint, Refresh, Back, Yes, No key.Binding
	Confirm, Cancel                                key.Binding // while typing a reprint request
}

func newApprovalsKeys(c ui.Catalog) approvalsKeys {
	return approvalsKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachLines),
		Approve:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.approve"))),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.open_case"))),
		Reprint:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", c.T("key.reprint"))),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.refresh"))),
		Confirm:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.confirm"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.cancel"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", c.T("key.approve"))),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", c.T("key.cancel"))),
	}
}

func (k approvalsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Approve, k.Open, k.Reprint, k.Back}
}
func (k approvalsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Approve, k.Open}, {k.Reprint, k.Refresh, k.Back}}
}

// askKeys is the key map while a reprint request is typed.
type askKeys struct{ k approvalsKeys }

func (a askKeys) ShortHelp() []key.Binding  { return []key.Binding{a.k.Confirm, a.k.Cancel} }
func (a askKeys) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }

// confirmKeys is the key map while an approval waits for y or n.
type confirmKeys struct{ k approvalsKeys }

func (c confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{c.k.Yes, c.k.No} }
func (c confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

type approvalsMsg struct {
	items   []workflows.ApprovalItem
	refused map[string]string // supervisor functions op may not call, why in words
	err     error
}

type approvedMsg struct {
	what string
	err  error
}

// ApprovalsPage is the approvals queue: cancellations whose form came
// back and letter reprint requests. The workflows refuse an approver who
// is not a supervisor or who made the request; the screen shows why.
type ApprovalsPage struct {
	ui.Asks
	sh      *ui.Shared
	keys    approvalsKeys
	items   []workflows.ApprovalItem
	refused map[string]string // ui.Refusals: approving dimmed, with why
	loaded  bool
	confirm bool
	busy    bool
	result  string
	failed  bool
	grid    ui.Grid
	w, h    int

	ask reprintAsk // approvals_reprint.go
}

func NewApprovals(sh *ui.Shared) *ApprovalsPage {
	c := sh.Cat
	s := &ApprovalsPage{sh: sh, keys: newApprovalsKeys(c), ask: newReprintAsk(sh)}
	s.grid.Cols = []ui.Column{{Title: c.T("colq.what"), Min: 8, Auto: true}, {Title: c.T("col.case"), Min: 9, Auto: true}, {Title: c.T("colq.member"), Min: 10, Auto: true},
		{Title: c.T("col.name"), Min: 8, Flex: 2}, {Title: c.T("colq.by"), Min: 8, Auto: true}, {Title: c.T("colq.when"), Min: 10, Auto: true}}
	return s
}

func (s *ApprovalsPage) Init() tea.Cmd { return s.load() }

func (s *ApprovalsPage) load() tea.Cmd {
	svc := s.sh.QueueService()
	if svc == nil {
		return nil
	}
	sh := s.sh
	return ui.Ask(func(ctx context.Context) tea.Msg {
		items, err := svc.Approvals(ctx)
		return approvalsMsg{items: items, err: err,
			refused: ui.Refusals(ctx, sh, workflows.FnApproveCancel, workflows.FnApproveReprint)}
	})
}

func (s *ApprovalsPage) Kind() ui.PageKind { return ui.PageApprovals }

func (s *ApprovalsPage) Title() string { return s.sh.Cat.T("appr.title") }

func (s *ApprovalsPage) Keys() help.KeyMap {
	if s.confirm {
		return confirmKeys{s.keys}
	}
	if s.ask.stage != askNone {
		return askKeys{s.keys}
	}
	return s.keys
}

func (s *ApprovalsPage) SetSize(w, h int) {
	s.w, s.h = w, h
	s.grid.SetSize(w, max(2, h-5))
}

func (s *ApprovalsPage) Status() string {
	return s.sh.Styles.Value.Render(s.sh.Cat.F("appr.as", "operator", s.sh.Operator))
}

// what names an item: the case number, or the request and its letter.
func (s *ApprovalsPage) what(it workflows.ApprovalItem) string {
	if it.Kind == workflows.ApproveCancellation {
		return it.Case.No()
	}
	return it.Request.No()
}

func (s *ApprovalsPage) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case approvalsMsg:
		if msg.err != nil {
			s.sh.Fail("error.approvals", msg.err)
			return s, nil
		}
		s.items, s.refused, s.loaded = msg.items, msg.refused, true
		s.setRows()
	case approvedMsg:
		s.busy, s.failed = false, msg.err != nil
		if msg.err != nil {
			s.result = ui.RefusalText(s.sh, msg.err)
		} else {
			s.result = s.sh.Cat.F("appr.done", "what", msg.what)
		}
		return s, s.load()
	case reprintAskedMsg:
		s.busy, s.failed = false, msg.err != nil
		if msg.err != nil {
			s.result = ui.RefusalText(s.sh, msg.err)
		} else {
			s.result = s.sh.Cat.F("appr.requested", "request", msg.req.No(), "letter", msg.letter)
		}
		return s, s.load()
	case queueOpenMsg:
		if msg.err != nil {
			s.sh.Fail("error.approvals", msg.err)
			return s, nil
		}
		s.Request(ui.OpenCase(msg.m, msg.cs))
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		if s.confirm {
			return s, s.confirmKey(msg)
		}
		if s.ask.stage != askNone {
			return s, s.askKey(msg)
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *ApprovalsPage) listKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Back):
		s.Request(ui.GoBack())
	case s.keys.Move(msg, &s.grid):
	case key.Matches(msg, s.keys.Refresh):
		return s.load()
	case key.Matches(msg, s.keys.Reprint):
		if s.sh.Opts.Service == nil {
			s.result, s.failed = s.sh.Cat.T("job.readonly"), true
			return nil
		}
		s.result = ""
		return s.ask.start()
	case key.Matches(msg, s.keys.Approve):
		it, ok := s.current()
		if !ok {
			return nil
		}
		if why := s.refused[approveFn(it)]; why != "" {
			s.result, s.failed = why, true // said before asking, not after
			return nil
		}
		if s.sh.Opts.Service == nil {
			s.result, s.failed = s.sh.Cat.T("job.readonly"), true
			return nil
		}
		s.confirm, s.result = true, ""
	case key.Matches(msg, s.keys.Open):
		it, ok := s.current()
		r := s.sh.Reader()
		if !ok || r == nil || it.Kind != workflows.ApproveCancellation {
			return nil
		}
		return ui.Ask(func(ctx context.Context) tea.Msg {
			m, err := r.MemberByID(ctx, it.Case.MemberID)
			return queueOpenMsg{m: m, cs: it.Case, err: err}
		})
	}
	return nil
}

func (s *ApprovalsPage) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Yes):
		s.confirm = false
		it, ok := s.current()
		svc, op := s.sh.Opts.Service, s.sh.Operator
		if !ok || svc == nil {
			return nil
		}
		s.busy = true
		what := s.what(it)
		return func() tea.Msg {
			return approvedMsg{what: what, err: svc.ApproveItem(context.Background(), op, it)}
		}
	case key.Matches(msg, s.keys.No):
		s.confirm = false
	}
	return nil
}

// approveFn is the supervisor function approving it calls.
func approveFn(it workflows.ApprovalItem) string {
	if it.Kind == workflows.ApproveCancellation {
		return workflows.FnApproveCancel
	}
	return workflows.FnApproveReprint
}

func (s *ApprovalsPage) current() (workflows.ApprovalItem, bool) {
	i := s.grid.Cursor()
	if i < 0 || i >= len(s.items) {
		return workflows.ApprovalItem{}, false
	}
	return s.items[i], true
}

func (s *ApprovalsPage) setRows() {
	c := s.sh.Cat
	rows, tones := make([][]string, len(s.items)), make([][]ui.Tone, len(s.items))
	for i, it := range s.items {
		what := c.T("appr.kind." + string(it.Kind))
		if it.Kind == workflows.ApproveReprint {
			what += " " + ui.LetterKindLabel(c, it.LetterKind)
		}
		rows[i] = []string{what, s.what(it), it.MemberNo, it.MemberName, it.RequestedBy, ui.ShortWhen(c, it.RequestedAt, s.sh.Today())}
		tones[i] = []ui.Tone{ui.ToneInfo, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.ToneMuted}
	}
	s.grid.SetRows(rows, tones)
}

func (s *ApprovalsPage) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	as := c.F("appr.as", "operator", s.sh.Operator)
	if len(s.refused) > 0 {
		as = c.T("appr.who") // op cannot approve: say who can
	}
	b.WriteString(" " + st.Title.Render(c.T("appr.title")) + "  " + st.Muted.Render(as) + "\n")
	switch {
	case !s.loaded:
		b.WriteString("  " + st.Muted.Render(c.T("member.loading")) + "\n")
	case len(s.items) == 0:
		b.WriteString("\n  " + st.Notice.Render(c.T("appr.none")) + "\n")
	default:
		b.WriteString(s.grid.View(st, !s.confirm) + "\n")
	}
	lines := strings.Count(b.String(), "\n")
	for ; lines < s.h-2; lines++ {
		b.WriteString("\n")
	}
	if s.ask.stage != askNone {
		b.WriteString(" " + s.ask.in.View() + "\n")
	} else if it, ok := s.current(); ok && s.confirm {
		b.WriteString(" " + st.Notice.Render(c.F("appr.confirm", "what", s.what(it))) + "\n")
	} else if why := s.refused[approveFn(it)]; ok && why != "" {
		b.WriteString(" " + ui.DimmedKey(st, "a", c.T("key.approve"), why) + "\n")
	} else {
		b.WriteString("\n")
	}
	switch {
	case s.busy:
		b.WriteString(" " + st.Muted.Render(c.T("print.busy")))
	case s.result != "" && s.failed:
		b.WriteString(" " + st.Error.Render("✘ "+ui.Safe(s.result)))
	case s.result != "":
		b.WriteString(" " + st.Code.Render("✔ "+ui.Safe(s.result)))
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}
