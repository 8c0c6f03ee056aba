package queues

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
	"spdesk/workflows/jpform"
)

// QueueGroupLabel names a queue group (whom its cases wait on), for the
// console and `spdesk queues`.
func QueueGroupLabel(group, lang string) string { return ui.NewCatalog(lang).T("waiting." + group) }

// sparkBars are the eight heights of a sparkline.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws one bar per value, scaled to the largest; zero is a
// space-like lowest bar so a quiet day is still a cell.
func Sparkline(vals []int) string {
	top := 0
	for _, v := range vals {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if top > 0 && v > 0 {
			i = 1 + (v*(len(sparkBars)-2)+top-1)/top
			i = min(i, len(sparkBars)-1)
		}
		b.WriteRune(sparkBars[i])
	}
	return b.String()
}

type queuesKeys struct {
	ui.ListKeys
	Open, Approvals, Overdue, Refresh, Back key.Binding
}

func newQueuesKeys(c ui.Catalog) queuesKeys {
	return queuesKeys{
		ListKeys:  ui.NewListKeys(c, ui.ReachLines),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.open_q"))),
		Approvals: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.approvals"))),
		Overdue:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", c.T("key.overdue"))),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.refresh"))),
		Back:      key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
}

func (k queuesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Overdue, k.Approvals, k.Refresh, k.Back}
}
func (k queuesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.Overdue, k.Approvals, k.Refresh, k.Back}}
}

type queuesMsg struct {
	figs []workflows.QueueFigure
	asOf string
	err  error
}

// Page is the supervisor's start of shift: one row per queue,
// grouped by whom the cases wait on, with ages and due dates in business
// days and the last 30 days' intake; enter lists the queue's cases.
type Page struct {
	ui.Asks
	reloads ui.Reloads // the change feed's re-reads, one at a time
	sh      *ui.Shared
	keys    queuesKeys
	figs    []workflows.QueueFigure
	asOf    string
	loaded  bool
	grid    ui.Grid
	w, h    int
}

func New(sh *ui.Shared) *Page {
	c := sh.Cat
	s := &Page{sh: sh, keys: newQueuesKeys(c)}
	// Figures and labels are sized from what they hold; the sparkline
	// takes what is left (the newest days when narrow).
	s.grid.Cols = []ui.Column{{Title: c.T("colq.group"), Min: 4, Auto: true}, {Title: c.T("colq.type"), Min: 8, Auto: true}, {Title: c.T("colq.state"), Min: 8, Auto: true},
		{Title: c.T("colq.count"), Min: 4, Auto: true, Right: true}, {Title: c.T("colq.oldest"), Min: 4, Auto: true, Right: true}, {Title: c.T("colq.soon"), Min: 4, Auto: true, Right: true},
		{Title: c.T("colq.overdue"), Min: 4, Auto: true, Right: true}, {Title: c.T("colq.intake"), Min: 8, Flex: 1}}
	return s
}

func (s *Page) Init() tea.Cmd { return s.load() }

func (s *Page) load() tea.Cmd {
	svc, c := s.sh.QueueService(), s.sh.Cat
	if svc == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		figs, err := svc.Queues(ctx)
		return queuesMsg{figs: figs, asOf: ui.FormatDate(c, workflows.DateOf(bizday.Day(svc.Now(), nil))), err: err}
	})
}

func (s *Page) Kind() ui.PageKind { return ui.PageQueues }

func (s *Page) Title() string     { return s.sh.Cat.T("queues.title") }
func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	s.grid.SetSize(w, max(2, h-6))
	if s.loaded {
		s.setRows()
	}
}

func (s *Page) Status() string {
	open, over, soon := 0, 0, 0
	for _, f := range s.figs {
		open, over, soon = open+f.Count, over+f.Overdue, soon+f.DueSoon
	}
	return s.sh.Styles.Value.Render(s.sh.Cat.F("queues.totals", "open", jpform.Count(open), "overdue", jpform.Count(over), "soon", jpform.Count(soon)))
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case queuesMsg:
		again := s.reloads.Landed(s.load)
		if msg.err != nil {
			s.sh.Fail("error.queues", msg.err)
			return s, again
		}
		s.figs, s.asOf, s.loaded = msg.figs, msg.asOf, true
		s.setRows()
		return s, again
	case approvedMsg, reassignedMsg, ui.JobDoneMsg:
		// A screen above changed a case: the figures below it follow.
		return s, s.load()
	case ui.ChangedMsg:
		if msg.CaseID != 0 { // a case moved at some desk: the queues' figures follow
			return s, s.reloads.Changed(s.load)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			s.Request(ui.GoBack())
		case s.keys.Move(msg, &s.grid):
		case key.Matches(msg, s.keys.Refresh):
			return s, s.load()
		case key.Matches(msg, s.keys.Approvals):
			s.Request(ui.OpenPage(ui.PageApprovals))
		case key.Matches(msg, s.keys.Overdue):
			s.Request(ui.OpenQueueCases(workflows.QueueFigure{})) // no queue: every overdue case
		case key.Matches(msg, s.keys.Open):
			if i := s.grid.Cursor(); i < len(s.figs) {
				s.Request(ui.OpenQueueCases(s.figs[i]))
			}
		}
	}
	return s, nil
}

func (s *Page) setRows() {
	c, lang := s.sh.Cat, s.sh.Cat.Lang()
	rows, tones := make([][]string, len(s.figs)), make([][]ui.Tone, len(s.figs))
	for i, f := range s.figs {
		group := ""
		if i == 0 || s.figs[i-1].Group != f.Group {
			group = c.T("waiting." + f.Group)
		}
		rows[i] = []string{group, workflows.CaseTypeLabel(f.Type, lang), workflows.StateLabel(f.State, lang),
			strconv.Itoa(f.Count), c.F("days", "n", f.OldestAge), strconv.Itoa(f.DueSoon),
			strconv.Itoa(f.Overdue), ""}
		t := []ui.Tone{ui.ToneInfo, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.ToneMuted}
		if f.DueSoon > 0 {
			t[5] = ui.ToneWarn
		}
		if f.Overdue > 0 {
			t[6] = ui.ToneBad
		}
		tones[i] = t
	}
	cur := s.grid.Cursor()
	s.grid.SetRows(rows, tones)
	s.grid.Move(cur)
	// The sparkline gets what the figures leave: the newest days when narrow.
	spark := s.grid.Widths()[len(s.grid.Cols)-1]
	for i, f := range s.figs {
		intake := f.Intake
		if len(intake) > spark {
			intake = intake[len(intake)-spark:]
		}
		rows[i][len(rows[i])-1] = Sparkline(intake)
	}
}

func (s *Page) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(c.T("queues.title")) + "  " + st.Muted.Render(c.F("queues.asof", "date", s.asOf)) + "\n")
	switch {
	case !s.loaded:
		b.WriteString("  " + st.Muted.Render(c.T("member.loading")) + "\n")
		return ui.FitBlock(b.String(), s.w, s.h)
	case len(s.figs) == 0:
		b.WriteString("\n  " + st.Notice.Render(c.T("queues.empty")) + "\n")
		return ui.FitBlock(b.String(), s.w, s.h)
	}
	b.WriteString(s.grid.View(st, true) + "\n")
	// Pad the grid to its height so the flow panel stays put.
	for n := len(s.figs) + 1; n < s.grid.H; n++ {
		b.WriteString("\n")
	}
	if i := s.grid.Cursor(); i < len(s.figs) {
		f := s.figs[i]
		b.WriteString("\n " + st.Label.Render(workflows.CaseTypeLabel(f.Type, c.Lang())) + "  " +
			st.Info.Render(c.F("queues.opened30", "spark", Sparkline(f.Intake), "n", sum(f.Intake))) + "\n")
		b.WriteString(" " + strings.Repeat(" ", lipgloss.Width(workflows.CaseTypeLabel(f.Type, c.Lang()))) + "  " +
			st.Code.Render(c.F("queues.closed30", "spark", Sparkline(f.Closed), "n", sum(f.Closed))) + "\n")
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}
