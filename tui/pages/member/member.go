package member

import (
	"context"
	"slices"
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
	JumpHelp    key.Binding   // one help entry for 1–6
	ui.ListKeys               // tabs with a table; no g/G: g is the guidance
	Actions     key.Binding   // the procedures list
	Guide       key.Binding   // what to tell the caller, with dates (guidance.go)
	KB          key.Binding   // the knowledge base, procedures for this member
	Reload      key.Binding   // read the member again (another console may have changed it)
	Tab         []key.Binding // the shown tab's own keys (enter on Cases, c on Cards)
}

func newMemberKeys(c ui.Catalog, tabs []tab) memberKeys {
	k := memberKeys{
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.reload"))),
		Next:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", c.T("key.tabs"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", c.T("key.tabs"))),
		JumpHelp: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", c.T("key.tabjump"))),
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
		append(append([]key.Binding{k.Actions}, k.Tab...), k.Guide, k.KB, k.Reload),
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

	// The call (wrapup.go): started when the page opens, wrapped up when
	// the operator leaves; articles read meanwhile feed the suggestion.
	owner    int
	call     workflows.Call
	calling  bool // StartCall asked, no answer yet
	articles []string
	wrap     *wrapUp // the wrap-up form, kept while the page lives
	wrapOn   bool    // the form is shown
	callsSeq int
	changed  string // what changed under the operator, until the next key
}

// New opens on what the search already has, so the member is
// on screen at once, and reloads them in full (the search hit may carry
// fewer cards, and may be a moment old).
func New(sh *ui.Shared, hit workflows.Hit) *Page {
	c := sh.Cat
	s := &Page{file: file{sh: sh, m: hit.Member}, no: hit.Member.No,
		tabs:  []tab{profileTab{}, newCardsTab(c), newCasesTab(c), newLettersTab(c), newHistoryTab(c), newCallsTab(c)},
		owner: nextOwner()}
	s.keys = newMemberKeys(c, s.tabs)
	s.setTab(0)
	s.setCards(hit.Cards)
	return s
}

// Init reads the member and opens the call (not in a read-only console).
func (s *Page) Init() tea.Cmd {
	var call tea.Cmd
	if s.m.ID != 0 && s.sh.Opts.Service != nil {
		s.calling = true
		call = startCall(s.sh, s.owner, s.m.ID)
	}
	return tea.Batch(s.load(), s.loadData(), call)
}

// reload reads everything again: the r key, a tab switch, a refusal that
// says the member changed under the operator.
func (s *Page) reload() tea.Cmd { return tea.Batch(s.load(), s.loadData()) }

// loadData reads the cases, letters and history again; an answer to an
// earlier load that lands after it is dropped, so what a job just did
// never goes back to what was read before it.
func (s *Page) loadData() tea.Cmd {
	s.dataSeq++
	s.callsSeq++
	return tea.Batch(loadMemberData(s.sh.Reader(), s.m.ID, s.dataSeq), loadCalls(s.sh.Opts.Desk, s.m.ID, s.callsSeq))
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

func (s *Page) Keys() help.KeyMap {
	if s.wrapOn {
		return s.wrap.keys
	}
	return s.keys
}

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	s.file.w, s.file.profileRoom = w, h-2
	for _, t := range s.tabs {
		if g := t.grid(); g != nil {
			g.SetSize(w-2, max(1, h-3-below(t, &s.file)))
		}
	}
}

func (s *Page) Status() string {
	if s.changed != "" {
		return s.sh.Styles.Warn.Render(ui.Safe(s.changed))
	}
	if s.wrapOn {
		return s.sh.Styles.Muted.Render(s.sh.Cat.T("wrap.status"))
	}
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
		if s.loaded && msg.Member.Version != s.m.Version && s.changed == "" {
			s.changed = s.sh.Cat.T("member.changed")
		}
		s.m, s.loaded = msg.Member, true
		s.setCards(msg.Cards)
		return s, loadStops(s.sh.Opts.Desk, s.m.ID, msg.Cards)
	case stopsMsg:
		if msg.memberID != s.m.ID {
			return s, nil
		}
		if msg.err != nil {
			s.sh.Fail("error.stops", msg.err)
			return s, nil
		}
		s.stops = msg.stops
		s.refill(partStops)
		s.SetSize(s.w, s.h)
	case callsMsg:
		if msg.memberID != s.m.ID || msg.seq != s.callsSeq {
			return s, nil
		}
		if msg.err != nil {
			s.sh.Fail("error.calls", msg.err)
			return s, nil
		}
		s.calls, s.held, s.callsLoaded = msg.calls, msg.held, true
		s.refill(partCalls)
		s.SetSize(s.w, s.h)
	case callStartedMsg:
		if msg.owner != s.owner {
			return s, nil
		}
		s.calling = false
		if msg.err != nil {
			s.sh.Fail("error.call", msg.err)
			return s, nil
		}
		s.call = msg.call
		if s.wrap != nil { // the operator left before the call was written
			s.wrap.call = msg.call
			return s, s.wrap.load()
		}
	case ArticleUsedMsg:
		if s.CallOpen() && !slices.Contains(s.articles, msg.ID) {
			s.articles = append(s.articles, msg.ID)
			if s.wrap != nil {
				s.wrap.articles = append(s.wrap.articles, msg.ID)
			}
		}
	case suggestMsg, wrappedMsg:
		if s.wrap == nil {
			return s, nil
		}
		cmd, done := s.wrap.update(msg)
		if done {
			s.call, s.wrapOn = s.wrap.call, false
			s.Request(ui.GoBack())
		}
		return s, cmd
	case tea.PasteMsg:
		if s.wrapOn {
			return s, s.wrap.paste(msg)
		}
	case ui.MemberDataMsg:
		if msg.MemberID != s.m.ID || msg.Seq != s.dataSeq {
			return s, nil
		}
		if msg.Err != nil {
			s.sh.Fail("error.member", msg.Err)
			return s, nil
		}
		s.setData(msg)
	case ui.ChangedMsg:
		// Another desk (or a step of ours) changed this member: read it
		// again. Only the shown record is re-read; the wrap-up and any
		// form keep what was typed.
		if msg.MemberID != 0 && msg.MemberID == s.m.ID {
			return s, s.reload()
		}
	case ui.JobDoneMsg:
		if msg.Res.MemberID == s.m.ID && workflows.ErrorCode(msg.Res.Err) == workflows.ECHANGED {
			// Another console changed the member: say what, and read it again.
			s.changed = workflows.Message(msg.Res.Err, s.sh.Cat.Lang())
			return s, s.reload()
		}
		if msg.Res.MemberID == s.m.ID {
			// The case the job opened or moved is listed at once: the next
			// keys (3, enter) open it, not what the list held before.
			if cs := msg.Res.Outcome.Case; cs.ID != 0 && s.dataLoaded {
				s.setData(ui.MemberDataMsg{Cases: ui.WithCase(s.cases, cs), Letters: s.letters, Audit: s.audit})
			}
			return s, s.reload()
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	s.changed = ""
	if s.wrapOn {
		cmd, hide := s.wrap.key(msg)
		if hide {
			s.wrapOn = false // the call stays open, the form as typed
		}
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		return s.leave()
	case key.Matches(msg, k.Reload):
		return s.reload()
	case key.Matches(msg, k.Next):
		return s.switchTab((s.tab + 1) % len(s.tabs))
	case key.Matches(msg, k.Prev):
		return s.switchTab((s.tab + len(s.tabs) - 1) % len(s.tabs))
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
				return s.switchTab(i)
			}
		}
	}
	return nil
}

// switchTab shows tab t with what the desk holds now: another console may
// have changed the member since the last read.
func (s *Page) switchTab(t int) tea.Cmd {
	if t == s.tab {
		return nil
	}
	s.setTab(t)
	return s.reload()
}

// leave closes the page, asking first for the wrap-up of its call.
func (s *Page) leave() tea.Cmd {
	if !s.CallOpen() {
		s.Request(ui.GoBack())
		return nil
	}
	s.wrapOn = true
	if s.wrap != nil {
		if s.wrap.loaded {
			return nil
		}
		return s.wrap.load()
	}
	s.wrap = newWrapUp(s.sh, s.call, s.articles, "wrap.hint")
	if s.call.MemberNo == "" {
		s.wrap.call.MemberNo = s.m.No
	}
	if s.calling {
		return nil // the suggestion is asked when the call is written
	}
	return s.wrap.load()
}

// CallOpen reports the page's call not yet wrapped up, for the root.
func (s *Page) CallOpen() bool { return s.calling || (s.call.ID != 0 && s.call.Open()) }

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
	if s.wrapOn {
		return ui.FitBlock(s.wrap.view(s.w, s.h), s.w, s.h)
	}
	body := s.tabs[s.tab].view(&s.file)
	if s.guide {
		body = ui.WithGuidance(s.sh, body, append(heldGuidance(&s.file), ui.Guidance(s.sh, s.m, s.cards, s.cases)...), s.w, max(1, s.h-2))
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
