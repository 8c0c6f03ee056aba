package member

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// memberKeys are the member screen's bindings.
type memberKeys struct {
	Back        key.Binding
	Next, Prev  key.Binding
	Jump        []key.Binding // a number key a tab
	JumpHelp    key.Binding   // one help entry for 1–5
	ui.ListKeys               // tabs with a table; no g/G: g is the guidance
	Actions     key.Binding   // the procedures list
	Guide       key.Binding   // what to tell the caller, with dates (guidance.go)
	KB          key.Binding   // the knowledge base, procedures for this member
	Tab         []key.Binding // the shown tab's own keys (enter on Cases, c on Cards)
}

func newMemberKeys(c ui.Catalog, tabs []tab) memberKeys {
	k := memberKeys{
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Next:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", c.T("key.tabs"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", c.T("key.tabs"))),
		JumpHelp: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", c.T("key.tabjump"))),
		ListKeys: ui.NewListKeys(c, ui.ReachPages),
		Actions:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.actions"))),
		Guide:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", c.T("key.guide"))),
		KB:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", c.T("key.kb"))),
	}
	for i, t := range tabs {
		n := string(rune('1' + i))
		k.Jump = append(k.Jump, key.NewBinding(key.WithKeys(n), key.WithHelp(n, c.T(t.name()))))
	}
	return k
}

// setTab enables the keys that do something on t, and takes its own for
// the help.
func (k *memberKeys) setTab(t tab, all []tab) {
	k.ListKeys.SetEnabled(t.grid() != nil)
	for _, o := range all {
		for _, b := range o.keys() {
			b.SetEnabled(o == t)
		}
	}
	k.Tab = nil
	for _, b := range t.keys() {
		k.Tab = append(k.Tab, *b)
	}
}

func (k memberKeys) ShortHelp() []key.Binding {
	// ↑↓, tab in the overlay: the bar must fit 80 columns
	return append(append([]key.Binding{k.Actions}, k.Tab...), k.JumpHelp, k.Back)
}

func (k memberKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Jump,
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown, k.Back},
		append(append([]key.Binding{k.Actions}, k.Tab...), k.Guide, k.KB),
	}
}

// Page is the member's file in tabs (tabs.go), one shown at a time.
type Page struct {
	ui.Asks
	file
	no      string
	loaded  bool
	tabs    []tab
	tab     int // the shown one
	keys    memberKeys
	dataSeq int  // number of the newest load of cases, letters and history
	guide   bool // the guidance panel is shown (g)
	w, h    int
}

// New opens on what the search already has, so the member is
// on screen at once, and reloads them in full (the search hit may carry
// fewer cards, and may be a moment old).
func New(sh *ui.Shared, hit workflows.Hit) *Page {
	c := sh.Cat
	s := &Page{file: file{sh: sh, m: hit.Member}, no: hit.Member.No,
		tabs: []tab{profileTab{}, newCardsTab(c), newCasesTab(c), newLettersTab(c), newHistoryTab(c)}}
	s.keys = newMemberKeys(c, s.tabs)
	s.setTab(0)
	s.setCards(hit.Cards)
	return s
}

func (s *Page) Init() tea.Cmd { return tea.Batch(s.load(), s.loadData()) }

// loadData reads the cases, letters and history again; an answer to an
// earlier load that lands after it is dropped, so what a job just did
// never goes back to what was read before it.
func (s *Page) loadData() tea.Cmd {
	s.dataSeq++
	return loadMemberData(s.sh.Reader(), s.m.ID, s.dataSeq)
}

func (s *Page) load() tea.Cmd {
	src, no := s.sh.Src, s.no
	if src == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		m, err := src.MemberByNo(ctx, no)
		if err != nil {
			return ui.MemberLoadedMsg{No: no, Err: err}
		}
		cards, err := src.CardsOfMember(ctx, m.ID)
		return ui.MemberLoadedMsg{No: no, Member: m, Cards: cards, Err: err}
	})
}

func (s *Page) Kind() ui.PageKind { return ui.PageMember }

func (s *Page) Title() string {
	return s.sh.Cat.T("member.title") + " " + s.m.No + " " + s.m.Name()
}

func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	for _, t := range s.tabs {
		if g := t.grid(); g != nil {
			g.SetSize(w-2, max(1, h-3))
		}
	}
}

func (s *Page) Status() string {
	if !s.loaded {
		return s.sh.Styles.Muted.Render(s.sh.Cat.T("member.loading"))
	}
	return badgeLine(s.sh, ui.MemberBadges(s.m, s.cards))
}

// badgeLine draws badges each in its own tone, for places with room.
func badgeLine(sh *ui.Shared, bs []ui.Badge) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = sh.Styles.Tone(ui.BadgeTone([]ui.Badge{b})).Render("[" + sh.Cat.T(b.Key) + "]")
	}
	return strings.Join(parts, " ")
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case ui.MemberLoadedMsg:
		if msg.No != s.no {
			return s, nil
		}
		if msg.Err != nil {
			s.sh.Fail("error.member", msg.Err)
			return s, nil
		}
		s.m, s.loaded = msg.Member, true
		s.setCards(msg.Cards)
	case ui.MemberDataMsg:
		if msg.MemberID != s.m.ID || msg.Seq != s.dataSeq {
			return s, nil
		}
		if msg.Err != nil {
			s.sh.Fail("error.member", msg.Err)
			return s, nil
		}
		s.setData(msg)
	case ui.JobDoneMsg:
		if msg.Res.MemberID == s.m.ID {
			// The case the job opened or moved is listed at once: the next
			// keys (3, enter) open it, not what the list held before.
			if cs := msg.Res.Outcome.Case; cs.ID != 0 && s.dataLoaded {
				s.setData(ui.MemberDataMsg{Cases: ui.WithCase(s.cases, cs), Letters: s.letters, Audit: s.audit})
			}
			return s, tea.Batch(s.load(), s.loadData())
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		s.Request(ui.GoBack())
	case key.Matches(msg, k.Next):
		s.setTab((s.tab + 1) % len(s.tabs))
	case key.Matches(msg, k.Prev):
		s.setTab((s.tab + len(s.tabs) - 1) % len(s.tabs))
	case key.Matches(msg, k.Actions):
		s.Request(ui.OpenProcedures(s.memberFile(), ""))
	case key.Matches(msg, k.Guide):
		s.guide = !s.guide
	case key.Matches(msg, k.KB):
		s.Request(ui.Nav{Open: ui.PageKB, Member: s.memberFile()})
	case s.tabKey(msg):
	case s.tabs[s.tab].grid() != nil && k.Move(msg, s.tabs[s.tab].grid()):
	default:
		for i, b := range k.Jump {
			if key.Matches(msg, b) {
				s.setTab(i)
			}
		}
	}
	return nil
}

// tabKey gives msg to the shown tab's own keys.
func (s *Page) tabKey(msg tea.KeyPressMsg) bool {
	n, ok := s.tabs[s.tab].key(msg, &s.file)
	if ok && n.Open != ui.PageNone {
		s.Request(n)
	}
	return ok
}

func (s *Page) setTab(t int) {
	s.tab = t
	s.keys.setTab(s.tabs[t], s.tabs)
}

// setCards takes the member's cards, as the load or the search read them.
func (s *Page) setCards(cards []workflows.Card) {
	s.cards = cards
	s.refill(partCards)
}

// setData takes the cases, letters and history of one load.
func (s *Page) setData(msg ui.MemberDataMsg) {
	s.cases, s.letters, s.audit = msg.Cases, msg.Letters, msg.Audit
	s.dataLoaded = true
	s.refill(partData)
}

// refill has every tab make its rows again from part p of the file.
func (s *Page) refill(p part) {
	for _, t := range s.tabs {
		t.fill(&s.file, p)
	}
}

func (s *Page) View() string {
	body := s.tabs[s.tab].view(&s.file)
	if s.guide {
		body = ui.WithGuidance(s.sh, body, ui.Guidance(s.sh, s.m, s.cards, s.cases), s.w, max(1, s.h-2))
	}
	return ui.FitBlock(s.tabBar()+"\n\n"+body, s.w, s.h)
}

func (s *Page) tabBar() string {
	st, c := s.sh.Styles, s.sh.Cat
	parts := make([]string, len(s.tabs))
	for i, t := range s.tabs {
		label := string(rune('1'+i)) + " " + c.T(t.name())
		if i == s.tab {
			parts[i] = st.TabOn.Render(label)
		} else {
			parts[i] = st.TabOff.Render(label)
		}
	}
	return " " + strings.Join(parts, " ")
}
