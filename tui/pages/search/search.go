package search

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/internal/jpwrap"
	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// searchLimit is how many members one search shows (the store counts the
// rest, capped).
const searchLimit = 50

// InputLimit bounds what the search box takes: a pasted page of text is
// cut here rather than sent whole to every keystroke's query.
const InputLimit = 10000

// searchResultMsg answers the search numbered seq. Search runs in a Cmd
// for every change of the input, with no debounce: a query takes a
// millisecond or two, so the member is on screen before the next key, and
// an answer that arrives after a newer query started is dropped.
type searchResultMsg struct {
	seq int
	res workflows.SearchResult
	err error
}

type Page struct {
	ui.Asks
	sh     *ui.Shared
	in     textinput.Model
	list   ui.Grid
	keys   searchKeys
	hits   []workflows.Hit
	res    workflows.SearchResult
	seq    int // of the newest query sent
	done   int // seq of the result on screen
	cancel context.CancelFunc
	onList bool
	// openOnAnswer: enter came before the answer to the newest query, as
	// when a number is typed and entered at once; open its first member
	// when it lands. Keys typed meanwhile (a fast "…⏎2" for the Cards tab)
	// are held and replayed once it has, to whichever screen is then on top.
	openOnAnswer bool
	held         []tea.KeyPressMsg
	w, h         int
}

func New(sh *ui.Shared) *Page {
	s := &Page{sh: sh, keys: newSearchKeys(sh.Cat)}
	s.in = textinput.New()
	s.in.Prompt = sh.Cat.T("search.prompt")
	s.in.Placeholder = sh.Cat.T("search.placeholder")
	s.in.CharLimit = InputLimit
	s.restyle()
	s.in.Focus() // blink is off, so its Cmd has nothing to do
	s.keys.setFocus(false)
	s.list.Cols = s.columns()
	return s
}

func (s *Page) columns() []ui.Column {
	c := s.sh.Cat
	born := 10
	if c.Lang() == ui.LangJA {
		born = 14 // 2026年12月26日
	}
	return []ui.Column{
		{Title: c.T("col.memberno"), Min: 10, Flex: 0},
		{Title: c.T("col.name"), Min: 11, Flex: 2},
		{Title: c.T("col.reading"), Min: 15, Flex: 3},
		{Title: c.T("col.birth"), Min: born, Flex: 0},
		{Title: c.T("col.phone"), Min: 13, Flex: 0},
		{Title: c.T("col.status"), Min: 8, Flex: 3}, // badges, worst first: a cut loses the mildest
	}
}

func (s *Page) restyle() {
	ts := s.sh.Styles.Input()
	ts.Focused.Text = s.sh.Styles.Value // explicit, like the table: not whatever the terminal calls default
	s.in.SetStyles(ts)
}

func (s *Page) Init() tea.Cmd { return nil }

func (s *Page) Kind() ui.PageKind { return ui.PageSearch }

func (s *Page) Title() string { return s.sh.Cat.T("search.title") }

// Keys are the search's own; the desk keys (ctrl+l, ctrl+g, ...) are the
// root's, listed once in the ? overlay and named under the search box.
func (s *Page) Keys() help.KeyMap { return s.keys }

// HoldsKeys: while an open waits for its answer every key is held, the
// root's desk keys too, so they land in the order typed (replayHeld).
func (s *Page) HoldsKeys() bool { return s.openOnAnswer }

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	s.in.SetWidth(max(1, w-lipgloss.Width(s.in.Prompt)-2))
	s.layout()
}

// layout sizes the list below the search box and the hint lines, above
// the line that says what the selected hit matched.
func (s *Page) layout() {
	s.list.SetSize(s.w, max(1, s.h-2-max(1, len(s.hintLines()))))
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.restyle()
	case searchResultMsg:
		return s, s.answer(msg)
	case tea.PasteMsg:
		s.focusInput()
		return s, s.edit(msg)
	case tea.KeyPressMsg:
		if s.openOnAnswer {
			s.held = append(s.held, msg)
			return s, nil
		}
		if s.onList {
			return s, s.listKey(msg)
		}
		return s, s.inputKey(msg)
	}
	return s, nil
}

func (s *Page) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Open):
		return s.open()
	case s.move(msg):
		return nil
	case key.Matches(msg, k.ToList):
		if s.list.Len() > 0 {
			s.onList = true
			s.in.Blur()
			s.keys.setFocus(true)
		}
		return nil
	case key.Matches(msg, k.Clear):
		if s.in.Value() == "" {
			return nil
		}
		s.in.SetValue("")
		return s.query()
	}
	return s.edit(msg)
}

func (s *Page) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Open):
		return s.open()
	case s.move(msg):
		return nil
	case key.Matches(msg, k.ToInput), key.Matches(msg, k.Back):
		s.focusInput()
		return nil
	case msg.Text != "":
		// Typing on the list means the operator wants to search again.
		s.focusInput()
		return s.edit(msg)
	}
	return nil
}

// move handles the selection keys enabled for the current focus.
func (s *Page) move(msg tea.KeyPressMsg) bool {
	return s.keys.Move(msg, &s.list)
}

func (s *Page) focusInput() {
	if s.onList {
		s.onList = false
		s.in.Focus()
		s.keys.setFocus(false)
	}
}

// edit gives msg to the input and searches again if the text changed.
func (s *Page) edit(msg tea.Msg) tea.Cmd {
	before := s.in.Value()
	var cmd tea.Cmd
	s.in, cmd = s.in.Update(msg)
	if s.in.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, s.query())
}

// query starts a search for the input's text, cancelling the one before.
func (s *Page) query() tea.Cmd {
	s.seq++
	s.openOnAnswer = false
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	q := s.in.Value()
	if workflows.Fold(q) == "" || s.sh.Src == nil {
		s.show(s.seq, workflows.SearchResult{Query: q})
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
	s.cancel = cancel
	seq, src := s.seq, s.sh.Src
	return func() tea.Msg {
		defer cancel()
		res, err := src.Search(ctx, q, searchLimit)
		return searchResultMsg{seq: seq, res: res, err: err}
	}
}

func (s *Page) answer(msg searchResultMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil // the operator typed again since
	}
	s.cancel = nil
	if msg.err != nil {
		if !errors.Is(msg.err, context.Canceled) {
			s.sh.Fail("error.search", msg.err)
		}
		s.show(msg.seq, workflows.SearchResult{Query: s.in.Value()})
	} else {
		s.show(msg.seq, msg.res)
		if s.openOnAnswer && len(s.hits) > 0 {
			s.Request(ui.OpenMember(s.hits[0]))
		}
	}
	s.openOnAnswer = false
	return s.replayHeld()
}

// replayHeld sends the keys held while an open was pending again, in
// order, now that the screen they were meant for is on top.
func (s *Page) replayHeld() tea.Cmd {
	if len(s.held) == 0 {
		return nil
	}
	keys := s.held
	s.held = nil
	return func() tea.Msg { return ui.ReplayKeysMsg(keys) }
}

func (s *Page) show(seq int, res workflows.SearchResult) {
	s.done, s.res, s.hits = seq, res, res.Hits
	s.layout()
	c := s.sh.Cat
	rows := make([][]string, len(res.Hits))
	tones := make([][]ui.Tone, len(res.Hits))
	for i, h := range res.Hits {
		m := h.Member
		bs := ui.MemberBadges(m, h.Cards)
		rows[i] = []string{m.No, m.Name(), m.Reading(), ui.FormatDate(c, m.BirthDate), ui.FormatPhone(m.Phone), ui.BadgeText(c, bs)}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.TonePlain, ui.BadgeTone(bs)}
	}
	s.list.SetRows(rows, tones)
	if len(rows) == 0 {
		s.focusInput()
	}
}

func (s *Page) open() tea.Cmd {
	if s.pending() {
		s.openOnAnswer = true
		return nil
	}
	if s.list.Len() == 0 {
		return nil
	}
	s.Request(ui.OpenMember(s.hits[s.list.Cursor()]))
	return nil
}

func (s *Page) pending() bool { return s.done != s.seq }

func (s *Page) Status() string {
	c, st := s.sh.Cat, s.sh.Styles
	switch {
	case s.pending():
		return st.Muted.Render(c.T("search.searching"))
	case strings.TrimSpace(s.in.Value()) == "" || len(s.hits) == 0:
		return ""
	}
	total := jpform.Count(s.res.Total)
	if s.res.TotalCapped {
		total += "+"
	}
	out := st.Value.Render(c.F("search.total", "n", total))
	if s.res.Total > len(s.hits) || s.res.TotalCapped {
		out += " " + st.Muted.Render(c.F("search.shown", "n", len(s.hits)))
	}
	return out
}

func (s *Page) View() string {
	c, st := s.sh.Cat, s.sh.Styles
	var body string
	q := s.in.Value()
	switch {
	case s.sh.Src == nil:
		body = "  " + st.Error.Render(c.T("error.nostore"))
	case s.sh.Members == 0:
		body = s.emptyDatabase()
	case q == "":
		// Two hint lines: all the desk keys on one would not fit 80 columns.
		body = "  " + st.Muted.Render(c.T("search.hint")) + "\n  " + st.Muted.Render(c.T("search.deskhint")) +
			"\n  " + st.Muted.Render(c.T("search.deskhint2"))
	case workflows.Fold(q) == "":
		body = "  " + st.Muted.Render(c.T("search.blank"))
	case len(s.hits) == 0 && !s.pending():
		body = "  " + st.Notice.Render(c.F("search.none", "query", ui.Fit(q, min(40, lipgloss.Width(q)))))
	default:
		body = s.list.View(st, s.onList)
		// The grid keeps its height so the match line stays put.
		for n := min(s.list.Len(), s.list.Page()) + 1; n < s.list.H; n++ {
			body += "\n"
		}
		body += "\n" + s.matchLine()
	}
	hints := s.hintLines()
	if len(hints) == 0 {
		hints = []string{""}
	}
	return ui.FitBlock(" "+s.in.View()+"\n"+strings.Join(hints, "\n")+"\n"+body, s.w, s.h)
}

// hintLines say which parts of the query were not searched for, and why
// (a day the calendar does not have, a postal code of the wrong length,
// romaji that spells nothing): a hint, never an error, wrapped whole by
// Japanese rules rather than cut.
func (s *Page) hintLines() []string {
	if len(s.res.Hints) == 0 {
		return nil
	}
	c, st := s.sh.Cat, s.sh.Styles
	var out []string
	for _, h := range s.res.Hints {
		for i, l := range jpwrap.Lines(ui.Safe(workflows.SearchHintText(h, c.Lang())), max(10, s.w-4)) {
			mark := "   "
			if i == 0 {
				mark = " ⚠ "
			}
			out = append(out, st.Notice.Render(mark+l))
		}
	}
	return out
}

// matchLine says what the selected member was found by: a former name
// with the day it ended, a birth date, a postal code, and what else in
// the query matched too.
func (s *Page) matchLine() string {
	i := s.list.Cursor()
	if i < 0 || i >= len(s.hits) {
		return ""
	}
	c, st, h := s.sh.Cat, s.sh.Styles, s.hits[i]
	what := matchLabel(c, string(h.MatchedOn))
	if f := workflows.FormerNameText(h, c.Lang()); f != "" {
		what = f
	}
	line := st.Label.Render(c.T("search.matched")) + st.Value.Render(ui.Safe(what))
	if len(h.Also) > 0 {
		also := make([]string, len(h.Also))
		for j, m := range h.Also {
			also[j] = matchLabel(c, string(m))
		}
		line += "  " + st.Label.Render(c.T("search.also")) + st.Value.Render(strings.Join(also, c.T("search.sep")))
	}
	return " " + line
}

// matchLabel names what a hit matched on; a kind this console does not
// know yet is shown as the search said it, never dropped.
func matchLabel(c ui.Catalog, m string) string {
	if k := "match." + m; c.T(k) != "["+k+"]" {
		return c.T(k)
	}
	return m
}

// emptyDatabase tells the operator how to load members.
func (s *Page) emptyDatabase() string {
	c, st := s.sh.Cat, s.sh.Styles
	db := "FILE"
	if s.sh.DBPath != "" {
		db = s.sh.DBPath
	}
	lines := []string{
		st.Notice.Render(c.T("search.empty.title")),
		"",
		c.T("search.empty.body"),
		"    " + st.Code.Render("spdesk seed --db "+db+" --demo"),
		c.T("search.empty.scale"),
		"    " + st.Code.Render("spdesk seed --db "+db+" --members N"),
		"",
		st.Muted.Render(c.T("search.empty.demo")),
	}
	return lipgloss.NewStyle().MarginLeft(2).Render(strings.Join(lines, "\n"))
}

// Value is the text in the search box (tests check it stays bounded).
func (s *Page) Value() string { return s.in.Value() }
