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

// The member screen's tabs, in the order of their number keys.
const (
	tabProfile = iota
	tabCards
	tabCases
	tabLetters
	tabHistory
	tabCount
)

var tabKeys = [tabCount]string{"tab.profile", "tab.cards", "tab.cases", "tab.letters", "tab.history"}

// memberKeys are the member screen's bindings.
type memberKeys struct {
	Back        key.Binding
	Next, Prev  key.Binding
	Jump        [tabCount]key.Binding
	JumpHelp    key.Binding // one help entry for 1–5
	ui.ListKeys             // tabs with a table; no g/G: g is the guidance
	Actions     key.Binding // the procedures list
	Open        key.Binding // cases tab: the case screen
	CardTest    key.Binding // cards tab: test the selected card in a reader
	Guide       key.Binding // what to tell the caller, with dates (guidance.go)
	KB          key.Binding // the knowledge base, procedures for this member
}

func newMemberKeys(c ui.Catalog) memberKeys {
	k := memberKeys{
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Next:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", c.T("key.tabs"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", c.T("key.tabs"))),
		JumpHelp: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", c.T("key.tabjump"))),
		ListKeys: ui.NewListKeys(c, ui.ReachPages),
		Actions:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.actions"))),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.opencase"))),
		CardTest: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", c.T("key.cardtest"))),
		Guide:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", c.T("key.guide"))),
		KB:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", c.T("key.kb"))),
	}
	for i := range k.Jump {
		n := string(rune('1' + i))
		k.Jump[i] = key.NewBinding(key.WithKeys(n), key.WithHelp(n, c.T(tabKeys[i])))
	}
	return k
}

// setTab enables the keys that do something on tab t.
func (k *memberKeys) setTab(t int) {
	k.ListKeys.SetEnabled(t != tabProfile)
	k.Open.SetEnabled(t == tabCases)
	k.CardTest.SetEnabled(t == tabCards)
}

func (k memberKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Actions, k.Open, k.CardTest, k.JumpHelp, k.Back} // ↑↓, tab in the overlay: the bar must fit 80 columns
}

func (k memberKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Jump[0], k.Jump[1], k.Jump[2], k.Jump[3], k.Jump[4]},
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown, k.Back},
		{k.Actions, k.Open, k.CardTest, k.Guide, k.KB},
	}
}

type Page struct {
	ui.Asks
	sh      *ui.Shared
	no      string
	m       workflows.Member
	cards   []workflows.Card
	loaded  bool
	tab     int
	keys    memberKeys
	cardTbl ui.Grid

	// cases, letters and history: loaded after the member, and again
	// whenever a job for this member finishes.
	cases      []workflows.Case
	letters    []workflows.Letter
	audit      []workflows.AuditEvent
	dataLoaded bool
	dataSeq    int // number of the newest load of cases, letters and history
	caseTbl    ui.Grid
	letterTbl  ui.Grid
	historyTbl ui.Grid
	guide      bool // the guidance panel is shown (g)
	w, h       int
}

// New opens on what the search already has, so the member is
// on screen at once, and reloads them in full (the search hit may carry
// fewer cards, and may be a moment old).
func New(sh *ui.Shared, hit workflows.Hit) *Page {
	s := &Page{sh: sh, no: hit.Member.No, m: hit.Member, keys: newMemberKeys(sh.Cat)}
	s.keys.setTab(s.tab)
	s.cardTbl.Cols = s.cardColumns()
	s.caseTbl.Cols, s.letterTbl.Cols, s.historyTbl.Cols = s.caseColumns(), s.letterColumns(), s.historyColumns()
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
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
		defer cancel()
		m, err := src.MemberByNo(ctx, no)
		if err != nil {
			return ui.MemberLoadedMsg{No: no, Err: err}
		}
		cards, err := src.CardsOfMember(ctx, m.ID)
		return ui.MemberLoadedMsg{No: no, Member: m, Cards: cards, Err: err}
	}
}

func (s *Page) Kind() ui.PageKind { return ui.PageMember }

func (s *Page) Title() string {
	return s.sh.Cat.T("member.title") + " " + s.m.No + " " + s.m.Name()
}

func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	for _, g := range []*ui.Grid{&s.cardTbl, &s.caseTbl, &s.letterTbl, &s.historyTbl} {
		g.SetSize(w-2, max(1, h-3))
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
		s.setTab((s.tab + 1) % tabCount)
	case key.Matches(msg, k.Prev):
		s.setTab((s.tab + tabCount - 1) % tabCount)
	case key.Matches(msg, k.Actions):
		s.Request(ui.OpenProcedures(ui.MemberFile{Member: s.m, Cards: s.cards, Cases: s.cases}, ""))
	case key.Matches(msg, k.Guide):
		s.guide = !s.guide
	case key.Matches(msg, k.KB):
		s.Request(ui.Nav{Open: ui.PageKB, Member: ui.MemberFile{Member: s.m, Cards: s.cards, Cases: s.cases}})
	case key.Matches(msg, k.Open):
		if s.caseTbl.Len() > 0 {
			s.Request(ui.OpenCase(s.m, s.cases[s.caseTbl.Cursor()]))
		}
	case key.Matches(msg, k.CardTest):
		cardNo := ""
		if i := s.cardTbl.Cursor(); i >= 0 && i < len(s.cards) {
			cardNo = s.cards[i].No
		}
		s.Request(ui.OpenCardTest(s.m.No, cardNo))
	case k.Move(msg, s.table()):
	default:
		for i, b := range k.Jump {
			if key.Matches(msg, b) {
				s.setTab(i)
			}
		}
	}
	return nil
}

// table is the grid of the current tab (the cards one on Profile, where
// the moving keys are off).
func (s *Page) table() *ui.Grid {
	switch s.tab {
	case tabCases:
		return &s.caseTbl
	case tabLetters:
		return &s.letterTbl
	case tabHistory:
		return &s.historyTbl
	}
	return &s.cardTbl
}

func (s *Page) setTab(t int) {
	s.tab = t
	s.keys.setTab(t)
}

func (s *Page) View() string {
	var body string
	switch s.tab {
	case tabProfile:
		body = s.profileView()
	case tabCards:
		body = s.cardsView()
	case tabCases:
		body = s.tableView(&s.caseTbl, "cases.none")
	case tabLetters:
		body = s.tableView(&s.letterTbl, "letters.none")
	case tabHistory:
		body = s.tableView(&s.historyTbl, "history.none")
	}
	if s.guide {
		body = ui.WithGuidance(s.sh, body, ui.Guidance(s.sh, s.m, s.cards, s.cases), s.w, max(1, s.h-2))
	}
	return ui.FitBlock(s.tabBar()+"\n\n"+body, s.w, s.h)
}

func (s *Page) tabBar() string {
	st, c := s.sh.Styles, s.sh.Cat
	parts := make([]string, tabCount)
	for i, k := range tabKeys {
		label := string(rune('1'+i)) + " " + c.T(k)
		if i == s.tab {
			parts[i] = st.TabOn.Render(label)
		} else {
			parts[i] = st.TabOff.Render(label)
		}
	}
	return " " + strings.Join(parts, " ")
}
