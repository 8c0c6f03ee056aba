package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/store"
	"spdesk/workflows"
)

// procedure is one call the member screen's actions key offers, with why
// it cannot be started now (empty: it can).
type procedure struct {
	key    string // catalog key of its name
	typ    store.CaseType
	reason string
}

// procedures lists the procedures for a member in the order a call
// most often needs them, each with the reason it is not allowed now.
// The workflows refuse the same things; asking first spares the operator
// a form that can only end in a refusal.
func procedures(sh *shared, m store.Member, cards []store.Card, cases []store.Case) []procedure {
	c := sh.cat
	ps := []procedure{
		{key: "proc.lost", typ: store.CaseLostCard}, {key: "proc.broken", typ: store.CaseBrokenCard},
		{key: "proc.password", typ: store.CasePasswordReset}, {key: "proc.name", typ: store.CaseNameChange},
		{key: "proc.contact", typ: store.CaseContactChange}, {key: "proc.cancel", typ: store.CaseCancellation},
		{key: "proc.reader", typ: procReaderOrder}, // reader_order.go: an order, not a case
	}
	active, suspendedBy := 0, ""
	for _, cd := range cards {
		if cd.Status == store.CardActive {
			active++
		}
	}
	for _, cs := range cases {
		if cs.Open() && (cs.Type == store.CaseLostCard || cs.Type == store.CaseBrokenCard) && suspendedBy == "" {
			suspendedBy = cs.No()
		}
	}
	for i := range ps {
		p := &ps[i]
		switch {
		case sh.opts.Service == nil:
			p.reason = c.T("job.readonly")
		case m.Status == store.MemberCancelled:
			p.reason = c.F("proc.why.cancelled", m.No)
		case p.typ == procReaderOrder:
			if m.Status == store.MemberCancellationPending {
				p.reason = c.T("proc.why.cancelling")
			}
		case p.typ == store.CaseLostCard || p.typ == store.CaseBrokenCard:
			if active == 0 && suspendedBy != "" {
				p.reason = c.F("proc.why.suspended", suspendedBy)
			} else if active == 0 {
				p.reason = c.T("proc.why.nocard")
			}
		default:
			for _, cs := range cases {
				if cs.Open() && cs.Type == p.typ {
					p.reason = c.F("proc.why.open", cs.No(), workflows.StateLabel(cs.State, c.Lang()))
				}
			}
		}
	}
	return ps
}

type procKeys struct {
	Up, Down, Start, Back key.Binding
}

func newProcKeys(c Catalog) procKeys {
	return procKeys{
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("key.move"))),
		Down:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("key.move"))),
		Start: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.start"))),
		Back:  key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
}

func (k procKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Down, k.Start, k.Back} }
func (k procKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Up, k.Down, k.Start, k.Back}} }

// procScreen is the actions list of one member, and then the procedure
// picked from it, start to result, on the same screen: esc leaves.
type procScreen struct {
	sh     *shared
	m      store.Member
	cards  []store.Card
	procs  []procedure
	cursor int
	keys   procKeys
	job    *job
	w, h   int
}

func newProcScreen(sh *shared, m store.Member, cards []store.Card, cases []store.Case) *procScreen {
	s := &procScreen{sh: sh, m: m, cards: cards, procs: procedures(sh, m, cards, cases), keys: newProcKeys(sh.cat)}
	for i, p := range s.procs { // the cursor starts on the first that can be started
		if p.reason == "" {
			s.cursor = i
			break
		}
	}
	return s
}

// Init starts the job a constructor already picked (newProcScreenFor).
func (s *procScreen) Init() tea.Cmd {
	if s.job != nil {
		return s.job.Init()
	}
	return nil
}

func (s *procScreen) Title() string {
	if s.job != nil {
		return s.job.title
	}
	return s.sh.cat.T("proc.title")
}

func (s *procScreen) Status() string { return s.sh.st.Value.Render(safe(s.m.No + " " + s.m.Name())) }

func (s *procScreen) Keys() help.KeyMap {
	if s.job != nil {
		return s.job.Keys()
	}
	return s.keys
}

func (s *procScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.job != nil {
		s.job.SetSize(w, h)
	}
}

func (s *procScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if s.job != nil {
		cmd := s.job.Update(s.sh, msg)
		if s.job.phase == jobClosed {
			s.sh.back()
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
		s.sh.back()
	case key.Matches(k, s.keys.Start):
		p := s.procs[s.cursor]
		if p.reason != "" {
			s.sh.banner = p.reason
			return s, nil
		}
		s.job = s.newJob(p)
		s.job.SetSize(s.w, s.h)
		return s, s.job.Init()
	}
	return s, nil
}

// newJob is the job that runs procedure p for the member.
func (s *procScreen) newJob(p procedure) *job {
	switch p.typ {
	case store.CaseLostCard, store.CaseBrokenCard:
		return cardJob(s.sh, s.m, s.cards, p.typ == store.CaseBrokenCard)
	case procReaderOrder:
		return readerOrderJob(s.sh, s.m)
	}
	return openCaseJob(s.sh, s.m, p.typ)
}

func (s *procScreen) View() string {
	if s.job != nil {
		return fitBlock("\n"+s.job.View(s.sh, s.w), s.w, s.h)
	}
	st, c := s.sh.st, s.sh.cat
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
		name := fit(c.T(p.key), nameW)
		line := ""
		switch {
		case p.reason != "":
			line = st.Muted.Render(name + "  " + safe(p.reason))
		case i == s.cursor:
			line = st.Selected.Render(name)
		default:
			line = st.Value.Render(name)
		}
		b.WriteString("  " + mark + line + "\n")
	}
	return fitBlock(b.String(), s.w, s.h)
}
