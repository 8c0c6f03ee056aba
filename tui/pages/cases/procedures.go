package cases

import (
	"fmt"
	"slices"
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
	key     string // catalog key of its name
	typ     workflows.CaseType
	address bool // the contact change for a new address only
	reason  string
}

// procNames name each procedure of workflows.Procedures on the list.
var procNames = map[workflows.Procedure]string{
	workflows.ProcLostCard: "proc.lost", workflows.ProcBrokenCard: "proc.broken",
	workflows.ProcPasswordReset: "proc.password", workflows.ProcNameChange: "proc.name",
	workflows.ProcContactChange: "proc.contact", workflows.ProcCancellation: "proc.cancel",
	workflows.ProcReaderOrder: "proc.reader", // reader_order.go: an order, not a case
	workflows.ProcResumeCard:  "proc.resume", // resume_card.go: a suspended card no case holds
}

// procResumeCard stands for resuming a suspended card in the list.
const procResumeCard = workflows.CaseType(workflows.ProcResumeCard)

// procedures lists the procedures for a member in the order a call
// most often needs them, each with the reason it is not allowed now:
// workflows.MayStart's, the refusal the procedure itself would give, so
// asking first spares the operator a form that can only end in one.
func procedures(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case) []procedure {
	c := sh.Cat
	var ps []procedure
	add := func(p workflows.Procedure, address bool) {
		pr := procedure{key: procNames[p], typ: workflows.CaseType(p), address: address}
		if address {
			pr.key = "proc.address"
		}
		if sh.Opts.Service == nil {
			pr.reason = c.T("job.readonly")
		} else if err := workflows.MayStart(p, m, cards, cases); err != nil {
			pr.reason = workflows.Why(err, c.Lang())
		}
		ps = append(ps, pr)
	}
	list := workflows.Procedures()
	if !slices.Contains(list, workflows.ProcResumeCard) {
		list = append(list, workflows.ProcResumeCard)
	}
	for _, p := range list {
		if p == workflows.ProcContactChange {
			add(p, true) // a move is the contact change most calls are about
		}
		add(p, false)
	}
	return ps
}

type procKeys struct {
	ui.ListKeys
	Start, Number, Back key.Binding
}

func newProcKeys(c ui.Catalog) procKeys {
	return procKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachLines),
		Start:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.start"))),
		Number:   key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", c.T("key.number"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
}

func (k procKeys) ShortHelp() []key.Binding { return []key.Binding{k.Number, k.Down, k.Start, k.Back} }
func (k procKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Number, k.Up, k.Down, k.Start, k.Back}}
}

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
	done   ui.JobResult // the job's result, once it has one
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
		if k, ok := msg.(tea.KeyPressMsg); ok && s.job.IsRetry(k) {
			return s, s.start(s.procs[s.cursor]) // a fresh form: the answers are asked again
		}
		if done, ok := msg.(ui.JobDoneMsg); ok && done.ID == s.job.ID {
			s.done = done.Res
		}
		cmd := s.job.Update(s.sh, msg)
		if s.job.Phase == ui.JobClosed {
			if cs := s.done.Outcome.Case; s.lands(cs) {
				// A card report's next step is at the desk now (the
				// reissue, the form): the case screen takes its place,
				// with that step marked, and esc goes back to the member.
				p := New(s.sh, s.m, cs)
				p.SetSize(s.w, s.h)
				return p, tea.Batch(cmd, p.Init())
			}
			s.Request(ui.GoBack())
		}
		return s, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	if key.Matches(k, s.keys.Number) {
		i := int(k.Code - '1')
		if i < 0 || i >= len(s.procs) {
			return s, nil
		}
		s.cursor = i
		return s, s.start(s.procs[i])
	}
	switch {
	case key.Matches(k, s.keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, s.keys.Down):
		s.cursor = min(len(s.procs)-1, s.cursor+1)
	case key.Matches(k, s.keys.Back):
		s.Request(ui.GoBack())
	case key.Matches(k, s.keys.Start):
		return s, s.start(s.procs[s.cursor])
	}
	return s, nil
}

// start opens the job of p, or says why it cannot start now.
func (s *ProceduresPage) start(p procedure) tea.Cmd {
	if p.reason != "" {
		s.sh.Banner = p.reason
		return nil
	}
	s.done = ui.JobResult{}
	s.job = s.newJob(p)
	s.job.SetSize(s.w, s.h)
	return s.job.Init()
}

// lands says the case a procedure left has its next step at the desk
// now: a lost or broken card's case, suspended, waiting for the reissue
// or the form.
func (s *ProceduresPage) lands(cs workflows.Case) bool {
	if cs.ID == 0 || s.done.Err != nil || s.done.Failed || cs.State != workflows.StateCardSuspended {
		return false
	}
	_, ok := nextStep(workflows.Choices(cs, s.m, workflows.Actor{Login: s.sh.Operator}))
	return ok
}

// Unsaved says a half-filled form is open (the root asks before ctrl+c).
func (s *ProceduresPage) Unsaved() bool { return s.job != nil && s.job.Unsaved() }

// newJob is the job that runs procedure p for the member.
func (s *ProceduresPage) newJob(p procedure) *ui.Job {
	switch p.typ {
	case workflows.CaseLostCard, workflows.CaseBrokenCard:
		return cardJob(s.sh, s.m, s.cards, s.cases, p.typ == workflows.CaseBrokenCard)
	case procReaderOrder:
		return readerOrderJob(s.sh, s.m)
	case procResumeCard:
		return resumeCardJob(s.sh, s.m, s.cards, s.cases)
	}
	return openCaseJob(s.sh, s.m, p.typ, p.address)
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
		name := ui.Fit(fmt.Sprintf("%d %s", i+1, c.T(p.key)), nameW+2)
		line := ""
		switch {
		case p.reason != "":
			line = st.Muted.Render(ui.Fit(name+"  "+ui.Safe(p.reason), max(nameW+4, s.w-6)))
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
		if p.typ != typ || p.address {
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
