package cases

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// procedure is one call the member screen's actions key offers, with why
// it cannot be started now (empty: it can).
type procedure struct {
	key    string // catalog key of its name
	typ    workflows.CaseType
	reason string
}

// procNames name each procedure of workflows.Procedures on the list.
var procNames = map[workflows.Procedure]string{
	workflows.ProcLostCard: "proc.lost", workflows.ProcBrokenCard: "proc.broken",
	workflows.ProcPasswordReset: "proc.password", workflows.ProcNameChange: "proc.name",
	workflows.ProcContactChange: "proc.contact", workflows.ProcCancellation: "proc.cancel",
	workflows.ProcReaderOrder: "proc.reader", // reader_order.go: an order, not a case
}

// procedures lists the procedures for a member in the order a call
// most often needs them, each with the reason it is not allowed now:
// workflows.MayStart's, the refusal the procedure itself would give, so
// asking first spares the operator a form that can only end in one.
func procedures(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case) []procedure {
	c := sh.Cat
	var ps []procedure
	for _, p := range workflows.Procedures() {
		pr := procedure{key: procNames[p], typ: workflows.CaseType(p)}
		if sh.Opts.Service == nil {
			pr.reason = c.T("job.readonly")
		} else if err := workflows.MayStart(p, m, cards, cases); err != nil {
			pr.reason = workflows.Message(err, c.Lang())
		}
		ps = append(ps, pr)
	}
	return ps
}

type procKeys struct {
	ui.ListKeys
	Start, Back key.Binding
}

func newProcKeys(c ui.Catalog) procKeys {
	return procKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachLines),
		Start:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.start"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
}

func (k procKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Down, k.Start, k.Back} }
func (k procKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Up, k.Down, k.Start, k.Back}} }

// ProceduresPage is the actions list of one member, and then the procedure
// picked from it, start to result, on the same screen: esc leaves.
type ProceduresPage struct {
	ui.Asks
	sh     *ui.Shared
	m      workflows.Member
	cards  []workflows.Card
	cases  []workflows.Case
	procs  []procedure
	cursor int
	keys   procKeys
	job    *ui.Job
	w, h   int
}

func NewProcedures(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case) *ProceduresPage {
	s := &ProceduresPage{sh: sh, m: m, cards: cards, cases: cases, procs: procedures(sh, m, cards, cases), keys: newProcKeys(sh.Cat)}
	for i, p := range s.procs { // the cursor starts on the first that can be started
		if p.reason == "" {
			s.cursor = i
			break
		}
	}
	return s
}

// Init starts the job a constructor already picked (newProcScreenFor).
func (s *ProceduresPage) Init() tea.Cmd {
	if s.job != nil {
		return s.job.Init()
	}
	return nil
}

func (s *ProceduresPage) Kind() ui.PageKind { return ui.PageProcedures }

func (s *ProceduresPage) Title() string {
	if s.job != nil {
		return s.job.Title
	}
	return s.sh.Cat.T("proc.title")
}

func (s *ProceduresPage) Status() string {
	return s.sh.Styles.Value.Render(ui.Safe(s.m.No + " " + s.m.Name()))
}

func (s *ProceduresPage) Keys() help.KeyMap {
	if s.job != nil {
		return s.job.Keys()
	}
	return s.keys
}

func (s *ProceduresPage) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.job != nil {
		s.job.SetSize(w, h)
	}
}

func (s *ProceduresPage) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	if s.job != nil {
		cmd := s.job.Update(s.sh, msg)
		if s.job.Phase == ui.JobClosed {
			s.Request(ui.GoBack())
		}
		return s, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(k, s.keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, s.keys.Down):
		s.cursor = min(len(s.procs)-1, s.cursor+1)
	case key.Matches(k, s.keys.Back):
		s.Request(ui.GoBack())
	case key.Matches(k, s.keys.Start):
		p := s.procs[s.cursor]
		if p.reason != "" {
			s.sh.Banner = p.reason
			return s, nil
		}
		s.job = s.newJob(p)
		s.job.SetSize(s.w, s.h)
		return s, s.job.Init()
	}
	return s, nil
}

// newJob is the job that runs procedure p for the member.
func (s *ProceduresPage) newJob(p procedure) *ui.Job {
	switch p.typ {
	case workflows.CaseLostCard, workflows.CaseBrokenCard:
		return cardJob(s.sh, s.m, s.cards, s.cases, p.typ == workflows.CaseBrokenCard)
	case procReaderOrder:
		return readerOrderJob(s.sh, s.m)
	}
	return openCaseJob(s.sh, s.m, p.typ)
}

func (s *ProceduresPage) View() string {
	if s.job != nil {
		return ui.FitBlock("\n"+s.job.View(s.sh, s.w), s.w, s.h)
	}
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	b.WriteString("\n  " + st.Title.Render(c.T("proc.title")) + "  " + st.Muted.Render(c.T("proc.hint")) + "\n\n")
	nameW := 0
	for _, p := range s.procs {
		nameW = max(nameW, lipgloss.Width(c.T(p.key)))
	}
	for i, p := range s.procs {
		mark := "  "
		if i == s.cursor {
			mark = st.Title.Render("▸") + " "
		}
		name := ui.Fit(c.T(p.key), nameW)
		line := ""
		switch {
		case p.reason != "":
			line = st.Muted.Render(name + "  " + ui.Safe(p.reason))
		case i == s.cursor:
			line = st.Selected.Render(name)
		default:
			line = st.Value.Render(name)
		}
		b.WriteString("  " + mark + line + "\n")
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}

// NewProceduresFor is the procedures list with typ picked and, when it
// can be started now, already started: what one key on a knowledge base
// article asks the root for.
func NewProceduresFor(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case, typ workflows.CaseType) *ProceduresPage {
	s := NewProcedures(sh, m, cards, cases)
	for i, p := range s.procs {
		if p.typ != typ {
			continue
		}
		s.cursor = i
		if p.reason != "" {
			sh.Banner = p.reason
			break
		}
		s.job = s.newJob(p)
	}
	return s
}
