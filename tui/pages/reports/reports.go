package reports

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// defaultDays is the range the page opens on: the last week, today included.
const defaultDays = 7

type reportKeys struct {
	Run, Next, View, Left, Right, Scroll, Back key.Binding
}

func (k reportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Run, k.Next, k.View, k.Back} // ←→ ↑↓ in the overlay: the bar fits 80 columns
}

func (k reportKeys) fullKeys() []key.Binding {
	return []key.Binding{k.Run, k.Next, k.View, k.Left, k.Scroll, k.Back}
}
func (k reportKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.fullKeys()} }

// reportMsg answers the report numbered seq.
type reportMsg struct {
	seq int
	rep workflows.CallReport
	err error
}

// Page is the call report: two date fields above a table of counts, rows
// the reasons (or operators), columns the range's total and each day.
type Page struct {
	ui.Asks
	sh       *ui.Shared
	in       [2]textinput.Model // from, to
	focus    int                // 0, 1: a date field; 2: the table
	byOp     bool
	rep      workflows.CallReport
	has      bool
	busy     bool
	err      string
	seq      int
	dayOff   int // first day column shown
	keys     reportKeys
	w, h     int
	scrollY  int
	lastByOp bool
}

func New(sh *ui.Shared) *Page {
	c := sh.Cat
	p := &Page{sh: sh, keys: reportKeys{
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.reports.run"))),
		Next:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", c.T("key.reports.next"))),
		View:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", c.T("key.reports.view"))),
		Left:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←→", c.T("key.reports.days"))),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.back"))),
		Right:  key.NewBinding(key.WithKeys("right")),
		Scroll: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", c.T("key.reports.scroll"))),
	}}
	today := sh.Today()
	from := workflows.DateOf(today.AddDate(0, 0, -(defaultDays - 1)))
	for i, v := range []string{ui.FormatDate(c, from), ui.FormatDate(c, today)} { // as typed back: ParseReportDate reads both forms
		p.in[i] = textinput.New()
		p.in[i].Prompt = c.T([]string{"reports.from", "reports.to"}[i])
		p.in[i].Placeholder = c.T("reports.ph")
		p.in[i].CharLimit = 20
		p.in[i].SetWidth(14)
		p.in[i].SetStyles(sh.Styles.Input())
		p.in[i].SetValue(v)
	}
	p.setFocus(2)
	return p
}

func (p *Page) Init() tea.Cmd { return p.run() }

func (p *Page) Kind() ui.PageKind { return ui.PageReports }

func (p *Page) Title() string { return p.sh.Cat.T("reports.title") }

func (p *Page) Keys() help.KeyMap { return p.keys }

func (p *Page) SetSize(w, h int) { p.w, p.h = w, h }

func (p *Page) Status() string { return p.sh.Styles.Muted.Render(p.sh.Cat.T("reports.status")) }

func (p *Page) setFocus(f int) {
	p.focus = f
	for i := range p.in {
		if i == f {
			p.in[i].Focus()
		} else {
			p.in[i].Blur()
		}
	}
	p.keys.View.SetEnabled(f == 2)
	p.keys.Left.SetEnabled(f == 2)
	p.keys.Right.SetEnabled(f == 2)
	p.keys.Scroll.SetEnabled(f == 2)
}

// run asks for the report over the fields' range, as the acting operator:
// the desk refuses anyone but a supervisor, and says why in words.
func (p *Page) run() tea.Cmd {
	d := p.sh.Opts.Desk
	if d == nil {
		return nil
	}
	lang := p.sh.Cat.Lang()
	from, err := workflows.ParseReportDate("from", p.in[0].Value())
	if err == nil {
		var to workflows.Date
		if to, err = workflows.ParseReportDate("to", p.in[1].Value()); err == nil {
			p.seq++
			p.busy, p.err = true, ""
			seq, op := p.seq, p.sh.Operator
			return ui.Ask(func(ctx context.Context) tea.Msg {
				rep, err := d.CallReport(ctx, op, from, to)
				return reportMsg{seq: seq, rep: rep, err: err}
			})
		}
	}
	p.err = workflows.Message(err, lang)
	return nil
}

func (p *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case reportMsg:
		if msg.seq != p.seq {
			return p, nil
		}
		p.busy = false
		if msg.err != nil {
			p.err, p.has = workflows.Message(msg.err, p.sh.Cat.Lang()), false
			return p, nil
		}
		p.rep, p.has, p.dayOff = msg.rep, true, 0
	case tea.PasteMsg:
		if p.focus < 2 {
			var cmd tea.Cmd
			p.in[p.focus], cmd = p.in[p.focus].Update(msg)
			return p, cmd
		}
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Back):
		p.Request(ui.GoBack())
	case key.Matches(msg, k.Run):
		p.setFocus(2)
		return p.run()
	case key.Matches(msg, k.Next):
		step := 1
		if msg.String() == "shift+tab" {
			step = 2
		}
		p.setFocus((p.focus + step) % 3)
	case p.focus < 2:
		var cmd tea.Cmd
		p.in[p.focus], cmd = p.in[p.focus].Update(msg)
		return cmd
	case key.Matches(msg, k.View):
		p.byOp = !p.byOp
	case msg.String() == "up":
		p.scrollY = max(0, p.scrollY-1)
	case msg.String() == "down":
		p.scrollY++ // bounded where the table is drawn
	case msg.String() == "left":
		p.dayOff = max(0, p.dayOff-1)
	case msg.String() == "right":
		p.dayOff = min(max(0, len(p.rep.Days)-1), p.dayOff+1)
	}
	return nil
}

func (p *Page) View() string {
	st, c := p.sh.Styles, p.sh.Cat
	var b strings.Builder
	b.WriteString(" " + p.in[0].View() + "   " + p.in[1].View() + "\n\n")
	switch {
	case p.err != "":
		// Wrapped: a refusal names who may see the report.
		b.WriteString(" " + st.Error.Render(c.T("reports.refused")) + "\n " +
			lipgloss.NewStyle().Width(max(20, p.w-2)).Render(ui.SafeLines(p.err)))
	case p.busy && !p.has:
		b.WriteString(" " + st.Muted.Render(c.T("reports.loading")))
	case p.has:
		b.WriteString(p.table())
	}
	return ui.FitBlock(b.String(), p.w, p.h)
}

// table draws the report: one row per reason (or operator) and a total
// row; columns the range's total, then as many days as fit from dayOff.
func (p *Page) table() string {
	st, c := p.sh.Styles, p.sh.Cat
	rep, lang := p.rep, c.Lang()
	if p.byOp != p.lastByOp {
		p.scrollY, p.lastByOp = 0, p.byOp
	}
	var b strings.Builder
	mode := c.T("reports.byreason")
	if p.byOp {
		mode = c.T("reports.byop")
	}
	b.WriteString(" " + st.Title.Render(c.F("reports.total", "n", rep.Total, "from", ui.FormatDate(c, rep.From), "to", ui.FormatDate(c, rep.To))) +
		"  " + st.Label.Render("["+mode+"]") + "\n")
	if rep.Total == 0 {
		b.WriteString(" " + st.Muted.Render(c.T("reports.none")))
		return b.String()
	}
	type row struct {
		label string
		count func(workflows.CallDay) int
	}
	var rows []row
	if p.byOp {
		for _, op := range rep.Operators {
			rows = append(rows, row{ui.Safe(op), func(d workflows.CallDay) int { return d.ByOperator[op] }})
		}
	} else {
		for _, r := range rep.Reasons {
			rows = append(rows, row{workflows.ReasonLabel(r, lang), func(d workflows.CallDay) int { return d.ByReason[r] }})
		}
	}
	// The total first, so it shows however many rows follow; ↑↓ scroll them.
	rows = append([]row{{c.T("reports.row.total"), func(d workflows.CallDay) int { return d.Total }}}, rows...)
	room := max(1, p.h-6) // date fields, blank, title, days, header
	p.scrollY = min(p.scrollY, max(0, len(rows)-room))
	rows = append(rows[:1:1], rows[1+p.scrollY:]...)
	const cell = 6
	labelW := min(30, max(12, p.w/3))
	nDays := max(0, (p.w-labelW-2-cell)/cell)
	off := min(p.dayOff, max(0, len(rep.Days)-1))
	days := rep.Days[off:min(len(rep.Days), off+nDays)]
	if len(days) > 0 {
		b.WriteString(" " + st.Muted.Render(c.F("reports.days", "first", ui.FormatDate(c, days[0].Day), "last", ui.FormatDate(c, days[len(days)-1].Day))) + "\n")
	}
	head := " " + ui.Fit("", labelW) + fmt.Sprintf("%*s", cell, c.T("reports.col.total"))
	for _, d := range days {
		head += padLeft(dayHead(c, d.Day), cell)
	}
	b.WriteString(st.Header.Render(head) + "\n")
	for i, r := range rows {
		total := 0
		for _, d := range rep.Days {
			total += r.count(d)
		}
		line := " " + ui.Fit(r.label, labelW) + fmt.Sprintf("%*d", cell, total)
		for _, d := range days {
			if n := r.count(d); n > 0 {
				line += fmt.Sprintf("%*d", cell, n)
			} else {
				line += fmt.Sprintf("%*s", cell, "·")
			}
		}
		if i == 0 {
			line = st.Value.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// dayHead names a day's column in the cells it has: the day of the month
// (25日) in Japanese, its month and day (11-25) in English. The line above
// the columns gives the first and last day in full, so the month and year
// are never guessed.
func dayHead(c ui.Catalog, d workflows.Date) string {
	if c.Lang() == ui.LangJA {
		return c.F("reports.day", "day", d.Time.Day())
	}
	return d.Time.Format("01-02")
}

// padLeft right-aligns s in w cells (fmt's %*s counts runes, not cells).
func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-lipgloss.Width(s))) + s
}
