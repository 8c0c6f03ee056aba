package knowledge

import (
	"fmt"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	glstyles "charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"

	"spdesk/internal/jpwrap"
	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/kb"
)

// kbHeadRows are the rows above the article: the search box, the match
// line and the procedure line.
const kbHeadRows = 3

// renderKey names one rendering of one article: Glamour's output depends
// on the width it wraps to and on the background's style.
type renderKey struct {
	id, lang string
	width    int
	dark     bool
}

type kbRenderedMsg struct {
	key  renderKey
	text string
	err  error
}

// renderCache keeps what Glamour made, per article, width and background:
// it takes milliseconds per article, too slow to do in View, and a resize
// back and forth or n/p through the matches must not wait for it again.
type renderCache struct{ m map[renderKey]kbRenderedMsg }

func (c *renderCache) get(k renderKey) (kbRenderedMsg, bool) {
	r, ok := c.m[k]
	return r, ok
}

func (c *renderCache) put(r kbRenderedMsg) {
	if c.m == nil {
		c.m = map[renderKey]kbRenderedMsg{}
	}
	c.m[r.key] = r
}

func (s *Page) renderKeyOf(a kb.Article) renderKey {
	return renderKey{id: a.ID, lang: a.Lang, width: s.w, dark: s.sh.Styles.Dark}
}

// renderCmd renders the current article in a Cmd unless it is cached.
func (s *Page) renderCmd() tea.Cmd {
	a, ok := s.current()
	if !ok || s.w <= 0 {
		return nil
	}
	k := s.renderKeyOf(a)
	if _, ok := s.render.get(k); ok {
		return nil
	}
	return func() tea.Msg {
		text, err := renderArticle(a, k.width, k.dark)
		return kbRenderedMsg{key: k, text: text, err: err}
	}
}

// renderArticle turns an article into terminal text width cells wide in
// the console's light or dark look (NO_COLOR is the program's output
// profile's business: it strips the colours, bold stays).
func renderArticle(a kb.Article, width int, dark bool) (string, error) {
	style := glstyles.LightStyleConfig
	if dark {
		style = glstyles.DarkStyleConfig
	}
	// Glamour wraps at spaces, and Japanese has none: a sentence after a
	// list number would move whole to the next line, leaving "2." alone.
	// Japanese is rendered unwrapped and broken at the pane's edge below.
	wrap := max(20, width-2)
	if a.Lang == ui.LangJA {
		wrap = 0
	}
	r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(wrap))
	if err != nil {
		return "", err
	}
	// Articles are checked at load; shown safe all the same, as all data.
	out, err := r.Render("## " + ui.Safe(a.Title) + "\n\n" + ui.SafeLines(a.Body))
	if err != nil {
		return "", err
	}
	out = strings.Trim(out, "\n")
	if a.Lang == ui.LangJA {
		out = hangWrap(out, max(20, width-1))
	}
	return out, nil
}

// hangMark is a line's indent and list marker, which its continuation
// lines line up under.
var hangMark = regexp.MustCompile(`^ *(?:(?:\d+\.|•) +)?`)

// hangWrap breaks every line longer than width cells by Japanese
// line-breaking rules (internal/jpwrap: no line starts with 。、）」 and
// the like, numbers and case numbers stay whole) and indents the
// continuation lines under the first one's text. The breaks are found on
// the plain text and cut from the styled line at the same cells, so
// Glamour's styling survives.
func hangWrap(s string, width int) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		plain := ansi.Strip(l)
		mark := hangMark.FindString(plain)
		hang := min(ansi.StringWidth(mark), width/2)
		if hang < ansi.StringWidth(mark) {
			mark = ansi.Truncate(mark, hang, "")
		}
		rest := plain[len(mark):]
		at, first := 0, true // byte offset in rest; cells before it are cut from l
		for _, piece := range jpwrap.Lines(rest, width-hang) {
			i := strings.Index(rest[at:], piece)
			if i < 0 || piece == "" {
				continue
			}
			from := hang + ansi.StringWidth(rest[:at+i])
			to := from + ansi.StringWidth(piece)
			if first {
				out = append(out, ansi.Cut(l, 0, to))
				first = false
			} else {
				out = append(out, strings.Repeat(" ", hang)+ansi.Cut(l, from, to))
			}
			at += i + len(piece)
		}
		if first { // nothing but the marker
			out = append(out, ansi.Truncate(l, width, ""))
		}
	}
	return strings.Join(out, "\n")
}

// refresh puts the current article (or why there is none) in the
// viewport; reset scrolls back to its top, for a new article.
func (s *Page) refresh(reset bool) {
	c := s.sh.Cat
	a, ok := s.current()
	var text string
	switch {
	case s.err != nil:
		text = s.sh.Styles.Error.Render(c.F("kb.broken", "reason", s.err.Error()))
	case !ok:
		text = "  " + s.sh.Styles.Muted.Render(c.T("kb.none"))
	default:
		r, ok := s.render.get(s.renderKeyOf(a))
		switch {
		case !ok:
			text = "  " + s.sh.Styles.Muted.Render(c.T("kb.rendering"))
		case r.err != nil:
			// The Markdown is ours and checked; should Glamour still
			// fail, the plain text is better than nothing.
			text = ui.SafeLines(r.err.Error() + "\n\n" + a.Title + "\n\n" + a.Body)
		default:
			text = r.text
		}
	}
	text += s.notesText()
	// Lines are cut to the pane here, so the viewport never wraps or
	// scrolls sideways whatever Glamour made of a long word.
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = ui.Fit(lines[i], s.w)
	}
	s.vp.SetContent(strings.Join(lines, "\n"))
	if reset {
		s.vp.GotoTop()
	}
}

// notesText lists the call and case notes the words found, under the
// article: what was already told to others. Each note is data, shown
// safe, wrapped by Japanese rules under its date, member and operator.
func (s *Page) notesText() string {
	if len(s.notes) == 0 {
		return ""
	}
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	b.WriteString("\n\n  " + st.Title.Render(c.F("kb.notes", "n", len(s.notes))))
	for _, n := range s.notes {
		who := c.T("kb.note.nomember")
		if n.MemberNo != "" {
			who = c.F("kb.note.member", "member", n.MemberNo)
		}
		where := c.F("kb.note.call", "call", workflows.Call{ID: n.CallID}.No())
		if n.CaseID != 0 {
			where = c.F("kb.note.case", "case", workflows.Case{ID: n.CaseID}.No())
		}
		b.WriteString("\n  " + st.Label.Render(ui.FormatWhen(c, n.At)+"  "+where+"  "+ui.Safe(who)+"  "+ui.Safe(n.Operator)))
		for _, l := range jpwrap.Lines(ui.Safe(n.Note), max(10, s.w-6)) {
			b.WriteString("\n    " + st.Value.Render(l))
		}
	}
	return b.String()
}

// matchLine says where n/p stand, or why there is nothing.
func (s *Page) matchLine() string {
	st, c := s.sh.Styles, s.sh.Cat
	var parts []string
	if s.noCode {
		parts = append(parts, st.Notice.Render(c.F("kb.nocode", "code", s.code)))
	}
	switch {
	case s.err != nil:
	case len(s.hits) == 0:
		parts = append(parts, st.Muted.Render(c.T("kb.none")))
	default:
		a := s.hits[s.cur]
		parts = append(parts, st.Label.Render(c.F("kb.matches", "n", s.cur+1, "of", len(s.hits)))+" "+st.Value.Render(ui.Safe(a.Title)))
	}
	if len(s.notes) > 0 {
		parts = append(parts, st.Info.Render(c.F("kb.notes.count", "n", len(s.notes))))
	}
	return " " + strings.Join(parts, "  ")
}

// procLine names the article's procedure and whether s can start it.
func (s *Page) procLine() string {
	st, c := s.sh.Styles, s.sh.Cat
	a, ok := s.current()
	// Typing, s and t are letters in the box: the line names only what
	// works from here (#8: it said "s starts it" while s typed an s).
	lang, proc := "kb.lang", "kb.proc"
	if !s.reading {
		lang, proc = "kb.lang.typing", "kb.proc.typing"
	}
	parts := []string{st.Muted.Render(c.F(lang, "lang", langName(c, s.lang)))}
	if ok && a.Procedure != "" {
		name := procName(c, a.Procedure)
		if s.member == nil {
			parts = append(parts, st.Muted.Render(c.F("kb.proc.nomember", "name", name)))
		} else {
			parts = append(parts, st.Code.Render(c.F(proc, "name", name)))
		}
	}
	return " " + strings.Join(parts, "  ")
}

func langName(c ui.Catalog, lang string) string { return c.T("kb.lang." + lang) }

// procName is the operator's word for a procedure an article links to.
func procName(c ui.Catalog, p string) string {
	if workflows.Procedure(p) == workflows.ProcReaderOrder {
		return c.T("proc.reader")
	}
	return workflows.CaseTypeLabel(workflows.CaseType(p), c.Lang())
}

func (s *Page) View() string {
	head := []string{s.in.View(), s.matchLine(), s.procLine()}
	if s.reading {
		head[0] = s.sh.Styles.Muted.Render(fmt.Sprintf("%s%s", s.in.Prompt, s.in.Value()))
	}
	return ui.FitBlock(strings.Join(head, "\n")+"\n"+s.vp.View(), s.w, s.h)
}
