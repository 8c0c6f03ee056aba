package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/store"
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
	Back             key.Binding
	Next, Prev       key.Binding
	Jump             [tabCount]key.Binding
	JumpHelp         key.Binding // one help entry for 1–5
	Up, Down         key.Binding // cards tab only
	PageUp, PageDown key.Binding
}

func newMemberKeys(c Catalog) memberKeys {
	k := memberKeys{
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Next:     key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", c.T("key.tabs"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", c.T("key.tabs"))),
		JumpHelp: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", c.T("key.tabjump"))),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("key.move"))),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("key.move"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", c.T("key.page"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", c.T("key.page"))),
	}
	for i := range k.Jump {
		n := string(rune('1' + i))
		k.Jump[i] = key.NewBinding(key.WithKeys(n), key.WithHelp(n, c.T(tabKeys[i])))
	}
	return k
}

// setTab enables the keys that do something on tab t.
func (k *memberKeys) setTab(t int) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(t == tabCards)
	}
}

func (k memberKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.JumpHelp, k.Next, k.Back} // ↑↓ in the overlay: the bar must fit 80 columns
}

func (k memberKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Jump[0], k.Jump[1], k.Jump[2], k.Jump[3], k.Jump[4]},
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown, k.Back},
	}
}

// memberLoadedMsg answers the load of member no.
type memberLoadedMsg struct {
	no    string
	m     store.Member
	cards []store.Card
	err   error
}

type memberScreen struct {
	sh      *shared
	no      string
	m       store.Member
	cards   []store.Card
	loaded  bool
	tab     int
	keys    memberKeys
	cardTbl grid
	w, h    int
}

// newMemberScreen opens on what the search already has, so the member is
// on screen at once, and reloads them in full (the search hit may carry
// fewer cards, and may be a moment old).
func newMemberScreen(sh *shared, hit store.Hit) *memberScreen {
	s := &memberScreen{sh: sh, no: hit.Member.No, m: hit.Member, keys: newMemberKeys(sh.cat)}
	s.keys.setTab(s.tab)
	s.cardTbl.cols = s.cardColumns()
	s.setCards(hit.Cards)
	return s
}

func (s *memberScreen) Init() tea.Cmd {
	src, no := s.sh.src, s.no
	if src == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		m, err := src.MemberByNo(ctx, no)
		if err != nil {
			return memberLoadedMsg{no: no, err: err}
		}
		cards, err := src.CardsOfMember(ctx, m.ID)
		return memberLoadedMsg{no: no, m: m, cards: cards, err: err}
	}
}

func (s *memberScreen) Title() string {
	return s.sh.cat.T("member.title") + " " + s.m.No + " " + s.m.Name()
}

func (s *memberScreen) Keys() help.KeyMap { return s.keys }

func (s *memberScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.cardTbl.SetSize(w-2, max(1, h-3))
}

func (s *memberScreen) Status() string {
	if !s.loaded {
		return s.sh.st.Muted.Render(s.sh.cat.T("member.loading"))
	}
	return badgeLine(s.sh, memberBadges(s.m, s.cards))
}

// badgeLine draws badges each in its own tone, for places with room.
func badgeLine(sh *shared, bs []badge) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = sh.st.tone(badgeTone([]badge{b})).Render("[" + sh.cat.T(b.key) + "]")
	}
	return strings.Join(parts, " ")
}

func (s *memberScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case memberLoadedMsg:
		if msg.no != s.no {
			return s, nil
		}
		if msg.err != nil {
			s.sh.fail("error.member", msg.err)
			return s, nil
		}
		s.m, s.loaded = msg.m, true
		s.setCards(msg.cards)
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *memberScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		s.sh.back()
	case key.Matches(msg, k.Next):
		s.setTab((s.tab + 1) % tabCount)
	case key.Matches(msg, k.Prev):
		s.setTab((s.tab + tabCount - 1) % tabCount)
	case key.Matches(msg, k.Up):
		s.cardTbl.Move(-1)
	case key.Matches(msg, k.Down):
		s.cardTbl.Move(1)
	case key.Matches(msg, k.PageUp):
		s.cardTbl.Move(-s.cardTbl.Page())
	case key.Matches(msg, k.PageDown):
		s.cardTbl.Move(s.cardTbl.Page())
	default:
		for i, b := range k.Jump {
			if key.Matches(msg, b) {
				s.setTab(i)
			}
		}
	}
	return nil
}

func (s *memberScreen) setTab(t int) {
	s.tab = t
	s.keys.setTab(t)
}

func (s *memberScreen) View() string {
	var body string
	switch s.tab {
	case tabProfile:
		body = s.profileView()
	case tabCards:
		body = s.cardsView()
	case tabCases:
		body = s.laterView("cases.empty")
	case tabLetters:
		body = s.laterView("letters.empty")
	case tabHistory:
		body = s.laterView("history.empty")
	}
	return fitBlock(s.tabBar()+"\n\n"+body, s.w, s.h)
}

func (s *memberScreen) tabBar() string {
	st, c := s.sh.st, s.sh.cat
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

// laterView is what an empty tab says until a later version fills it.
func (s *memberScreen) laterView(key string) string {
	st, c := s.sh.st, s.sh.cat
	text := lipgloss.NewStyle().Width(min(s.w-4, 72)).Render(c.T(key))
	return lipgloss.NewStyle().MarginLeft(2).Render(st.Value.Render(text) + "\n\n" + st.Muted.Render(c.T("tab.later")))
}
