package queues

import (
	"context"

	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

type queueCasesKeys struct {
	ui.ListKeys                                 // a page turns the queue's page: pgup/b, pgdn/f/space
	Open, Sort, Reverse, Filter, Reassign, Back key.Binding
	Confirm, Cancel                             key.Binding // while typing
}

func newQueueCasesKeys(c ui.Catalog) queueCasesKeys {
	k := queueCasesKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachPages),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.open_case"))),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("key.sort"))),
		Reverse:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", c.T("key.reverse"))),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", c.T("key.filter"))),
		Reassign: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.reassign"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Confirm:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.confirm"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.cancel"))),
	}
	k.PageUp.SetKeys("pgup", "b")
	k.PageUp.SetHelp("pgup/b", k.PageUp.Help().Desc)
	k.PageDown.SetKeys("pgdown", "f", "space")
	k.PageDown.SetHelp("pgdn/f", k.PageDown.Help().Desc)
	return k
}

// typingKeys is the key map while the filter or reassign box has the keys.
type typingKeys struct{ k queueCasesKeys }

func (t typingKeys) ShortHelp() []key.Binding  { return []key.Binding{t.k.Confirm, t.k.Cancel} }
func (t typingKeys) FullHelp() [][]key.Binding { return [][]key.Binding{t.ShortHelp()} }

func (k queueCasesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Sort, k.Filter, k.Reassign, k.Back}
}
func (k queueCasesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Open}, {k.Sort, k.Reverse, k.Filter, k.Reassign, k.Back}}
}

type queuePageMsg struct {
	id      int
	page    workflows.QueuePage
	refused map[string]string // ui.Refusals: reassign dimmed, with why
	err     error
}

type queueOpenMsg struct {
	m   workflows.Member
	cs  workflows.Case
	err error
}

type reassignedMsg struct {
	res workflows.Result
	err error
}

// CasesPage lists one queue a page at a time: every page, sort and
// filter is one SQL query, so a queue of 100,000 cases costs the same
// keystroke as one of ten.
type CasesPage struct {
	ui.Asks
	reloads ui.Reloads // the change feed's re-reads, one at a time
	sh      *ui.Shared
	fig     workflows.QueueFigure
	keys    queueCasesKeys
	q       workflows.QueueQuery
	page    workflows.QueuePage
	loaded  bool
	reqID   int
	grid    ui.Grid
	in      textinput.Model
	typing  string // "", "filter" or "reassign"
	refused map[string]string
	result  string
	failed  bool
	w, h    int
}

func NewCases(sh *ui.Shared, fig workflows.QueueFigure) *CasesPage {
	c := sh.Cat
	s := &CasesPage{sh: sh, fig: fig, keys: newQueueCasesKeys(c),
		q: workflows.QueueQuery{Type: fig.Type, State: fig.State, Sort: workflows.SortDue}}
	s.grid.Cols = []ui.Column{{Title: c.T("col.case"), Min: 9, Auto: true}, {Title: c.T("colq.member"), Min: 10, Auto: true}, {Title: c.T("col.name"), Min: 8, Flex: 2},
		{Title: c.T("colq.assign"), Min: 6, Auto: true}, {Title: c.T("col.opened"), Min: 5, Auto: true}, {Title: c.T("colq.age"), Min: 4, Auto: true, Right: true},
		{Title: c.T("col.due"), Min: 5, Auto: true}, {Title: c.T("colq.duein"), Min: 4, Auto: true, Right: true}}
	if fig.Type == "" {
		// The overdue view: every queue's late cases, latest due first
		// would hide the worst, so oldest due first; each row says its queue.
		s.q = workflows.QueueQuery{Overdue: true, Sort: workflows.SortDue}
		// The queue takes the opened date's place: what is late is read
		// by its due date, and 80 columns hold no more.
		cols := append([]ui.Column{s.grid.Cols[0], {Title: c.T("colq.queue"), Min: 14, Flex: 3}}, s.grid.Cols[1:3]...)
		// The login gives way to the queue and the name here.
		cols = append(cols, ui.Column{Title: c.T("colq.assign"), Min: 6, Flex: 1})
		s.grid.Cols = append(cols, s.grid.Cols[5:]...)
	}
	s.in = textinput.New()
	s.in.CharLimit = 64
	s.in.SetStyles(sh.Styles.Input())
	return s
}

func (s *CasesPage) Init() tea.Cmd { return s.load() }

// load asks for the page at s.q; answers to older requests are dropped.
func (s *CasesPage) load() tea.Cmd {
	svc := s.sh.QueueService()
	if svc == nil {
		return nil
	}
	s.reqID++
	id, q, sh := s.reqID, s.q, s.sh
	q.Limit = s.grid.Page()
	return ui.Ask(func(ctx context.Context) tea.Msg {
		p, err := svc.QueueCases(ctx, q)
		return queuePageMsg{id: id, page: p, err: err, refused: ui.Refusals(ctx, sh, workflows.FnReassignCase)}
	})
}

func (s *CasesPage) Kind() ui.PageKind { return ui.PageQueueCases }

func (s *CasesPage) Title() string {
	lang := s.sh.Cat.Lang()
	if s.q.Overdue {
		return s.sh.Cat.T("qc.overdue")
	}
	return s.sh.Cat.F("qc.title", "type", workflows.CaseTypeLabel(s.fig.Type, lang), "state", workflows.StateLabel(s.fig.State, lang))
}

func (s *CasesPage) Keys() help.KeyMap {
	if s.typing != "" {
		return typingKeys{s.keys}
	}
	return s.keys
}

func (s *CasesPage) SetSize(w, h int) {
	s.w, s.h = w, h
	s.grid.SetSize(w, max(2, h-4))
	// The prompt changes (filter, reassign with a case number): leave it
	// room for the longest, "New assignee for C-0000123 (login) ".
	s.in.SetWidth(max(10, w-40))
}

func (s *CasesPage) Status() string {
	c := s.sh.Cat
	sort := c.T("qc.sort." + string(s.q.Sort))
	if s.q.Desc {
		sort += c.T("qc.desc")
	}
	from, to := 0, 0
	if n := len(s.page.Items); n > 0 {
		from, to = s.q.Offset+1, s.q.Offset+n
	}
	return s.sh.Styles.Value.Render(c.F("qc.page", "from", from, "to", to, "total", jpform.Count(s.page.Total)) + "  " + sort)
}

func (s *CasesPage) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case queuePageMsg:
		again := s.reloads.Landed(s.load)
		if msg.id != s.reqID {
			return s, again
		}
		if msg.err != nil {
			s.result, s.failed = ui.RefusalText(s.sh, msg.err), true
			return s, again
		}
		s.page, s.refused, s.loaded = msg.page, msg.refused, true
		s.setRows()
		return s, again
	case queueOpenMsg:
		if msg.err != nil {
			s.sh.Fail("error.queue", msg.err)
			return s, nil
		}
		s.Request(ui.OpenCase(msg.m, msg.cs))
		return s, nil
	case reassignedMsg:
		s.failed = msg.err != nil
		if msg.err != nil {
			s.result = ui.RefusalText(s.sh, msg.err)
		} else {
			s.result = s.sh.Cat.F("qc.reassigned", "case", msg.res.Case.No(), "operator", msg.res.Case.AssignedTo)
		}
		return s, s.load()
	case ui.JobDoneMsg:
		return s, s.load() // a step on the opened case may move it off this queue
	case ui.ChangedMsg:
		if msg.CaseID != 0 { // a case moved at some desk: it may join or leave this list
			return s, s.reloads.Changed(s.load)
		}
	case tea.KeyPressMsg:
		if s.typing != "" {
			return s, s.typingKey(msg)
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *CasesPage) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		s.Request(ui.GoBack())
	case key.Matches(msg, k.Up):
		if s.grid.Cursor() == 0 && s.q.Offset > 0 {
			return s.turn(-1)
		}
		s.grid.Move(-1)
	case key.Matches(msg, k.Down):
		if s.grid.Cursor() == s.grid.Len()-1 && s.q.Offset+s.grid.Len() < s.page.Total {
			return s.turn(1)
		}
		s.grid.Move(1)
	case key.Matches(msg, k.PageDown):
		if s.q.Offset+s.grid.Len() < s.page.Total {
			return s.turn(1)
		}
	case key.Matches(msg, k.PageUp):
		if s.q.Offset > 0 {
			return s.turn(-1)
		}
	case key.Matches(msg, k.Sort):
		if s.q.Sort == workflows.SortDue {
			s.q.Sort = workflows.SortAge
		} else {
			s.q.Sort = workflows.SortDue
		}
		s.q.Offset = 0
		return s.load()
	case key.Matches(msg, k.Reverse):
		s.q.Desc, s.q.Offset = !s.q.Desc, 0
		return s.load()
	case key.Matches(msg, k.Filter):
		s.typing = "filter"
		s.in.Prompt, s.in.Placeholder = s.sh.Cat.T("qc.filter"), s.sh.Cat.T("qc.filter.ph")
		s.in.SetValue(s.q.Filter)
		s.in.CursorEnd()
		return s.in.Focus()
	case key.Matches(msg, k.Reassign):
		it, ok := s.current()
		if !ok {
			return nil
		}
		if s.sh.Opts.Service == nil {
			s.result, s.failed = s.sh.Cat.T("job.readonly"), true
			return nil
		}
		if why := s.refused[workflows.FnReassignCase]; why != "" {
			s.result, s.failed = why, true // said before the login is typed, not after
			return nil
		}
		s.typing = "reassign"
		s.in.Prompt, s.in.Placeholder = s.sh.Cat.F("qc.reassign", "case", it.No()), ""
		s.in.SetValue("")
		return s.in.Focus()
	case key.Matches(msg, k.Open):
		it, ok := s.current()
		if !ok {
			return nil
		}
		r := s.sh.Reader()
		if r == nil {
			return nil
		}
		return ui.Ask(func(ctx context.Context) tea.Msg {
			m, err := r.MemberByID(ctx, it.MemberID)
			return queueOpenMsg{m: m, cs: it.Case, err: err}
		})
	}
	return nil
}

// turn moves a page forward (1) or back (-1), in SQL.
func (s *CasesPage) turn(dir int) tea.Cmd {
	s.q.Offset = max(0, s.q.Offset+dir*s.grid.Page())
	return s.load()
}

// typingKey feeds the filter or reassign box. The filter applies as it is
// typed (each answer tagged, stale ones dropped); reassign runs on enter.
func (s *CasesPage) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Cancel):
		if s.typing == "filter" {
			s.q.Filter, s.q.Offset = "", 0
		}
		s.typing = ""
		s.in.Blur()
		return s.load()
	case key.Matches(msg, s.keys.Confirm):
		kind := s.typing
		s.typing = ""
		s.in.Blur()
		if kind == "reassign" {
			it, ok := s.current()
			to, svc, op := strings.TrimSpace(s.in.Value()), s.sh.Opts.Service, s.sh.Operator
			if !ok || to == "" || svc == nil {
				return nil
			}
			return func() tea.Msg {
				res, err := svc.ReassignCase(context.Background(), op, workflows.ReassignRequest{CaseID: it.ID,
					CaseVersion: it.Version, To: to})
				return reassignedMsg{res: res, err: err}
			}
		}
		return nil
	}
	var cmd tea.Cmd
	s.in, cmd = s.in.Update(msg)
	if s.typing == "filter" && s.in.Value() != s.q.Filter {
		s.q.Filter, s.q.Offset = s.in.Value(), 0
		return tea.Batch(cmd, s.load())
	}
	return cmd
}

func (s *CasesPage) current() (workflows.QueueItem, bool) {
	i := s.grid.Cursor()
	if i < 0 || i >= len(s.page.Items) {
		return workflows.QueueItem{}, false
	}
	return s.page.Items[i], true
}

func (s *CasesPage) setRows() {
	c := s.sh.Cat
	items := s.page.Items
	rows, tones := make([][]string, len(items)), make([][]ui.Tone, len(items))
	for i, it := range items {
		today := s.sh.Today()
		due, in := ui.ShortDate(c, it.DueOn, today), ""
		t := []ui.Tone{ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.ToneMuted, ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.TonePlain}
		if it.HasDue {
			in = c.F("days", "n", it.DueIn)
			switch {
			case it.Overdue:
				t[6], t[7] = ui.ToneBad, ui.ToneBad
			case it.DueIn <= workflows.DueSoonDays:
				t[6], t[7] = ui.ToneWarn, ui.ToneWarn
			}
		}
		rows[i] = []string{it.No(), it.MemberNo, it.MemberName, it.AssignedTo, ui.ShortDate(c, workflows.DateOf(it.OpenedAt.In(ui.Tokyo)), today),
			c.F("days", "n", it.AgeDays), due, in}
		if s.q.Overdue { // the queue in place of the opened date
			lang := c.Lang()
			queue := workflows.CaseTypeLabel(it.Type, lang) + " " + workflows.StateLabel(it.State, lang)
			rows[i] = append(append([]string{rows[i][0], queue}, rows[i][1:4]...), rows[i][5:]...)
			t = append(append([]ui.Tone{t[0], ui.ToneInfo}, t[1:4]...), t[5:]...)
		}
		tones[i] = t
	}
	cur := s.grid.Cursor()
	s.grid.SetRows(rows, tones)
	s.grid.Move(min(cur, len(rows)-1))
}

func (s *CasesPage) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	switch {
	case s.typing != "":
		b.WriteString(" " + s.in.View() + "\n")
	case s.q.Filter != "":
		b.WriteString(" " + st.Label.Render(c.T("qc.filter")) + st.Value.Render(ui.Safe(s.q.Filter)) + "\n")
	default:
		b.WriteString(" " + st.Title.Render(s.Title()) + "\n")
	}
	switch {
	case !s.loaded:
		b.WriteString("  " + st.Muted.Render(c.T("member.loading")) + "\n")
	case len(s.page.Items) == 0:
		b.WriteString("\n  " + st.Notice.Render(c.T("qc.none")) + "\n")
	default:
		b.WriteString(s.grid.View(st, s.typing == "") + "\n")
	}
	lines := strings.Count(b.String(), "\n")
	for ; lines < s.h-1; lines++ {
		b.WriteString("\n")
	}
	switch {
	case s.result != "" && s.failed:
		b.WriteString(" " + st.Error.Render("✘ "+ui.Safe(s.result)))
	case s.result != "":
		b.WriteString(" " + st.Code.Render("✔ "+ui.Safe(s.result)))
	case s.refused[workflows.FnReassignCase] != "" && s.typing == "":
		b.WriteString(" " + ui.DimmedKey(st, "a", c.T("key.reassign"), s.refused[workflows.FnReassignCase]))
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}
