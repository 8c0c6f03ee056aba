package knowledge

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/kb"
)

// kbReader is what the screen asks the desk. The
// console start (workflows LoadKB) has checked the articles and stored
// them, and refuses to start when they are broken; the screen reads the
// stored set, so it shows exactly what the search finds, whichever set
// was loaded.
type kbReader interface {
	SearchArticles(ctx context.Context, q, lang string) ([]workflows.Article, error)
	Articles(ctx context.Context) ([]workflows.Article, error)
	SearchNotes(ctx context.Context, q string, limit int) ([]workflows.NoteHit, error)
}

// noteLimit is how many call and case notes the search shows under the
// articles: what others were told, newest first.
const noteLimit = 8

// loadArticles reads the stored set once per screen, for what the search
// does not do: jump to a result code, switch language.
func loadArticles(src kbReader) func() ([]kb.Article, error) {
	return sync.OnceValues(func() ([]kb.Article, error) {
		if src == nil {
			return nil, nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
		defer cancel()
		rows, err := src.Articles(ctx)
		out := make([]kb.Article, len(rows))
		for i, r := range rows {
			out[i] = kb.Article{ID: r.ID, Lang: r.Lang, Title: r.Title, Tags: r.Tags, Codes: r.Codes,
				Procedure: r.Procedure, Body: r.Body}
		}
		return out, err
	})
}

type kbKeys struct {
	Read, Search       key.Binding
	Next, Prev         key.Binding
	ui.ListKeys        // scroll the article; setFocus narrows them while typing
	Start, Lang, Clear key.Binding
	Back               key.Binding
}

func newKBKeys(c ui.Catalog) kbKeys {
	k := kbKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachEnds),
		Read:     key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", c.T("key.kbread"))),
		Search:   key.NewBinding(key.WithKeys("/", "tab", "shift+tab"), key.WithHelp("/", c.T("key.kbsearch"))),
		Next:     key.NewBinding(key.WithKeys("n", "ctrl+n"), key.WithHelp("n/p", c.T("key.kbnext"))),
		Prev:     key.NewBinding(key.WithKeys("p", "ctrl+p"), key.WithHelp("p", c.T("key.kbnext"))),
		Start:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("key.kbstart"))),
		Lang:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", c.T("key.kblang"))),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.clear"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
	k.Describe(c.T("key.kbscroll"))
	k.Top.SetHelp("g/G", k.Top.Help().Desc) // one entry for both ends
	k.Bottom.SetHelp("G", k.Bottom.Help().Desc)
	return k
}

// setFocus enables the keys of the input (typing: only keys that cannot
// be text) or of the article (letters are commands).
func (k *kbKeys) setFocus(reading bool, canStart bool) {
	if reading {
		k.Next.SetKeys("n", "ctrl+n")
		k.Prev.SetKeys("p", "ctrl+p")
		k.Up.SetKeys("up", "k")
		k.Down.SetKeys("down", "j")
		k.PageUp.SetKeys("pgup", "b")
		k.PageDown.SetKeys("pgdown", "space")
	} else {
		k.Next.SetKeys("down", "ctrl+n")
		k.Prev.SetKeys("up", "ctrl+p")
		k.Next.SetHelp("↓/↑", k.Next.Help().Desc)
		k.Up.SetKeys()
		k.Down.SetKeys()
		k.PageUp.SetKeys("pgup")
		k.PageDown.SetKeys("pgdown")
	}
	if reading {
		k.Next.SetHelp("n/p", k.Next.Help().Desc)
	}
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom, &k.Lang, &k.Search, &k.Back} {
		b.SetEnabled(reading)
	}
	k.Start.SetEnabled(reading && canStart)
	k.Read.SetEnabled(!reading)
	k.Clear.SetEnabled(!reading)
}

// ShortHelp leaves t to the overlay and the language line, which names
// it: the bar must fit 80 columns in Japanese.
func (k kbKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Read, k.Next, k.Start, k.Search, k.Back}
}

// FullHelp lists each thing once: a pair of keys that does one thing
// both ways (n/p, ↑/↓, pgup/pgdn, g/G) is one line, not two.
func (k kbKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Read, k.Search, pair(k.Next, k.Prev, k.Next.Help().Key), k.Clear},
		{pair(k.Up, k.Down, "↑↓/jk"), pair(k.PageUp, k.PageDown, "pgup/pgdn"), pair(k.Top, k.Bottom, "g/G")},
		{k.Start, k.Lang, k.Back},
	}
}

// pair is a and b shown as one help entry named name, on while a is.
func pair(a, b key.Binding, name string) key.Binding {
	p := key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(name, a.Help().Desc))
	p.SetEnabled(a.Enabled())
	return p
}

// kbResultMsg answers the search numbered seq.
type kbResultMsg struct {
	seq   int
	hits  []kb.Article
	notes []workflows.NoteHit
	code  int // the bare result code typed, 0 if none
	err   error
}

// Page is the knowledge base: a search box over the articles, the
// current match rendered below it, n/p through the matches.
type Page struct {
	ui.Asks
	sh      *ui.Shared
	member  *ui.MemberFile
	src     kbReader
	arts    func() ([]kb.Article, error)
	lang    string // of the articles shown; starts as the console's
	in      textinput.Model
	keys    kbKeys
	vp      viewport.Model
	hits    []kb.Article
	notes   []workflows.NoteHit // call and case notes the words found
	cur     int
	code    int  // bare result code of the query, 0 if none
	noCode  bool // the code has no article
	seq     int
	err     error
	reading bool
	render  renderCache
	w, h    int
}

func New(sh *ui.Shared, member *ui.MemberFile) *Page {
	s := &Page{sh: sh, member: member, lang: sh.Cat.Lang(), keys: newKBKeys(sh.Cat)}
	if sh.Opts.Desk != nil { // a typed nil must not reach the interface
		s.src = sh.Opts.Desk
	}
	s.arts = loadArticles(s.src)
	s.in = textinput.New()
	s.in.Prompt = sh.Cat.T("kb.prompt")
	s.in.Placeholder = sh.Cat.T("kb.placeholder")
	s.in.CharLimit = 200
	s.restyle()
	s.in.Focus()
	s.vp = viewport.New()
	s.vp.SoftWrap = false
	s.setFocus(false)
	return s
}

func (s *Page) restyle() {
	s.in.SetStyles(s.sh.Styles.Input())
}

func (s *Page) Init() tea.Cmd { return s.query() }

func (s *Page) Kind() ui.PageKind { return ui.PageKB }

func (s *Page) Title() string { return s.sh.Cat.T("kb.title") }

func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) Status() string {
	if s.member == nil {
		return s.sh.Styles.Muted.Render(s.sh.Cat.T("kb.nomember"))
	}
	return s.sh.Styles.Value.Render(s.sh.Cat.F("kb.for", "member", s.member.Member.No+" "+s.member.Member.Name()))
}

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	s.in.SetWidth(max(1, w-lipgloss.Width(s.in.Prompt)-2))
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(1, h-kbHeadRows))
	s.refresh(false)
}

// current is the article on screen, if any.
func (s *Page) current() (kb.Article, bool) {
	if s.cur < 0 || s.cur >= len(s.hits) {
		return kb.Article{}, false
	}
	return s.hits[s.cur], true
}

func (s *Page) setFocus(reading bool) {
	s.reading = reading
	a, ok := s.current()
	s.keys.setFocus(reading, ok && a.Procedure != "")
	if reading {
		s.in.Blur()
	} else {
		s.in.Focus()
	}
}

// query searches for what the input holds: a bare result code jumps to
// its articles (the one written for that code first); anything else, or a
// code no article answers, goes to the trigram search of the store.
func (s *Page) query() tea.Cmd {
	s.seq++
	seq, q, lang, src, all := s.seq, s.in.Value(), s.lang, s.src, s.arts
	return func() tea.Msg {
		arts, err := all()
		if err != nil {
			return kbResultMsg{seq: seq, err: err}
		}
		code := bareCode(q)
		if code > 0 {
			if hits := kb.ByCode(arts, code, lang); len(hits) > 0 {
				return kbResultMsg{seq: seq, hits: hits, code: code}
			}
		}
		if src == nil {
			return kbResultMsg{seq: seq, code: code}
		}
		ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
		defer cancel()
		rows, err := src.SearchArticles(ctx, q, lang)
		if err != nil {
			return kbResultMsg{seq: seq, err: err}
		}
		var hits []kb.Article
		for _, r := range rows {
			if a, ok := kb.ByID(arts, r.ID, r.Lang); ok {
				hits = append(hits, a)
			}
		}
		var notes []workflows.NoteHit
		if strings.TrimSpace(q) != "" {
			// Notes are a second answer: one that fails leaves the articles.
			notes, _ = src.SearchNotes(ctx, q, noteLimit)
		}
		return kbResultMsg{seq: seq, hits: hits, notes: notes, code: code}
	}
}

// bareCode reads a query that is only a result code ("58", "５８",
// "code 58" is not one), 0 otherwise.
func bareCode(q string) int {
	d := workflows.Fold(q)
	if d == "" || len(d) > 6 || strings.Trim(d, "0123456789") != "" {
		return 0
	}
	n, _ := strconv.Atoi(d)
	return n
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.restyle()
		s.refresh(false)
		return s, s.renderCmd()
	case kbResultMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		s.err, s.hits, s.notes, s.cur, s.code = msg.err, msg.hits, msg.notes, 0, msg.code
		s.noCode = msg.code > 0 && (len(msg.hits) == 0 || !slices.Contains(msg.hits[0].Codes, msg.code))
		s.setFocus(s.reading)
		s.refresh(true)
		return s, s.renderCmd()
	case kbRenderedMsg:
		s.render.put(msg)
		s.refresh(false)
	case ui.MemberDataMsg:
		// The member screen beneath reloads after a procedure: the next
		// start from here must see the case it opened.
		if s.member != nil && msg.MemberID == s.member.Member.ID && msg.Err == nil {
			s.member.Cases = msg.Cases
		}
	case ui.JobDoneMsg:
		if s.member != nil && msg.Res.MemberID == s.member.Member.ID && msg.Res.Outcome.Case.ID != 0 {
			s.member.Cases = ui.WithCase(s.member.Cases, msg.Res.Outcome.Case)
		}
	case ui.MemberLoadedMsg:
		if s.member != nil && msg.No == s.member.Member.No && msg.Err == nil {
			s.member.Member, s.member.Cards = msg.Member, msg.Cards
		}
	case tea.PasteMsg:
		if !s.reading {
			s.in.SetValue(s.in.Value() + strings.ReplaceAll(msg.Content, "\n", " "))
			return s, s.query()
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Next):
		return s.move(1)
	case key.Matches(msg, k.Prev):
		return s.move(-1)
	case key.Matches(msg, k.PageUp):
		s.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		s.vp.PageDown()
	case key.Matches(msg, k.Read):
		if len(s.hits) > 0 {
			s.setFocus(true)
		}
	case key.Matches(msg, k.Clear):
		if s.in.Value() == "" {
			s.Request(ui.GoBack())
			return nil
		}
		s.in.SetValue("")
		return s.query()
	case key.Matches(msg, k.Search):
		s.setFocus(false)
	case key.Matches(msg, k.Back):
		s.Request(ui.GoBack())
	case key.Matches(msg, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		s.vp.ScrollDown(1)
	case key.Matches(msg, k.Top):
		s.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		s.vp.GotoBottom()
	case key.Matches(msg, k.Lang):
		return s.switchLang()
	case key.Matches(msg, k.Start):
		s.start()
	case !s.reading:
		before := s.in.Value()
		var cmd tea.Cmd
		s.in, cmd = s.in.Update(msg)
		if s.in.Value() != before {
			return tea.Batch(cmd, s.query())
		}
		return cmd
	}
	return nil
}

// move goes to the next or previous match, wrapping around.
func (s *Page) move(d int) tea.Cmd {
	if len(s.hits) == 0 {
		return nil
	}
	s.cur = (s.cur + d + len(s.hits)) % len(s.hits)
	s.setFocus(s.reading)
	s.refresh(true)
	return s.renderCmd()
}

// switchLang shows the open article's other-language twin and searches
// again in that language: the caller may read English, the operator
// Japanese, and the answer must stay the same article.
func (s *Page) switchLang() tea.Cmd {
	next := ui.LangEN
	if s.lang == ui.LangEN {
		next = ui.LangJA
	}
	s.lang = next
	arts, err := s.arts()
	if a, ok := s.current(); ok && err == nil {
		if twin, ok := kb.ByID(arts, a.ID, next); ok {
			s.hits = []kb.Article{twin}
			s.cur = 0
		}
	}
	s.refresh(true)
	// The search runs again in the new language; the twin stays on screen
	// until its answer comes, and stays first when the query is a code.
	return tea.Batch(s.renderCmd(), s.requery())
}

// requery searches again but keeps the open article on top of the answer.
func (s *Page) requery() tea.Cmd {
	keep, ok := s.current()
	q := s.query()
	if !ok {
		return q
	}
	return func() tea.Msg {
		m, _ := q().(kbResultMsg)
		hits := []kb.Article{keep}
		for _, a := range m.hits {
			if a.ID != keep.ID {
				hits = append(hits, a)
			}
		}
		m.hits = hits
		return m
	}
}

// start opens the article's procedure for the member beneath, or says
// why it cannot.
func (s *Page) start() {
	a, ok := s.current()
	c := s.sh.Cat
	switch {
	case !ok || a.Procedure == "":
		s.sh.Banner = c.T("kb.noproc")
	case s.member == nil:
		s.sh.Banner = c.T("kb.nomember")
	default:
		s.Request(ui.OpenProcedures(*s.member, workflows.CaseType(a.Procedure)))
	}
}
