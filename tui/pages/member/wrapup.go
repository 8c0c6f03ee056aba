package member

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The wrap-up of a call: the reasons (ticked from what was done during
// the call, SuggestWrapUp), the outcome and a note, accepted with enter.
// The form belongs to the page that holds the call (the member page, the
// unidentified caller's page, the open calls left from before) and lives
// as long as that page: esc hides it with what was typed kept, and a
// refused wrap-up leaves every field as it was.

// callStartedMsg answers StartCall for the page numbered owner.
type callStartedMsg struct {
	owner int
	call  workflows.Call
	err   error
}

// suggestMsg answers SuggestWrapUp for call id.
type suggestMsg struct {
	callID int64
	req    workflows.WrapUpRequest
	err    error
}

// wrappedMsg answers WrapUpCall for call id.
type wrappedMsg struct {
	callID int64
	call   workflows.Call
	err    error
}

// ArticleUsedMsg tells the pages holding a call that the operator read
// a knowledge-base article during it (the root sends it when the article
// page closes): the wrap-up suggests the reason the article answers.
type ArticleUsedMsg struct{ ID string }

// owners numbers the pages that start calls, so an answer finds its page.
var owners int

func nextOwner() int { owners++; return owners }

// startCall opens a call for member (0: not identified) as the acting
// operator, unless the console is read-only.
func startCall(sh *ui.Shared, owner int, memberID int64) tea.Cmd {
	svc, op := sh.Opts.Service, sh.Operator
	if svc == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		c, err := svc.StartCall(ctx, op, memberID)
		return callStartedMsg{owner: owner, call: c, err: err}
	})
}

// wrapField is the part of the form the keys go to.
type wrapField int

const (
	fieldReasons wrapField = iota
	fieldOutcome
	fieldNote
)

type wrapKeys struct {
	Accept, Hide, Next, Prev, Up, Down, Toggle key.Binding
}

func newWrapKeys(c ui.Catalog) wrapKeys {
	return wrapKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("wrap.key.accept"))),
		Hide:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("wrap.key.hide"))),
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", c.T("wrap.key.next"))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", c.T("wrap.key.next"))),
		Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", c.T("wrap.key.move"))),
		Down:   key.NewBinding(key.WithKeys("down")),
		Toggle: key.NewBinding(key.WithKeys("space", " "), key.WithHelp("space", c.T("wrap.key.toggle"))),
	}
}

func (k wrapKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Accept, k.Toggle, k.Next, k.Hide} // ↑↓ in the overlay: the bar fits 80 columns
}
func (k wrapKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Accept, k.Toggle, k.Next, k.Prev, k.Up, k.Hide}}
}

// wrapUp is the form for one call.
type wrapUp struct {
	sh       *ui.Shared
	call     workflows.Call
	articles []string // read during the call, for the suggestion
	reasons  []workflows.CallReason
	picked   []string // ticked codes, the main one first
	cur      int      // the reason under the cursor
	outcome  int      // index into CallOutcomes
	note     textinput.Model
	field    wrapField
	suggest  workflows.WrapUpRequest
	loaded   bool // the suggestion came
	busy     bool
	err      string
	// acceptOnLoad: enter came before the suggestion; it records then.
	acceptOnLoad bool
	hint         string // catalog key saying where esc goes: the page that holds the call
	keys         wrapKeys
}

func newWrapUp(sh *ui.Shared, call workflows.Call, articles []string, hint string) *wrapUp {
	w := &wrapUp{sh: sh, call: call, articles: slices.Clone(articles), reasons: workflows.CallReasons(), keys: newWrapKeys(sh.Cat), hint: hint}
	w.cur = len(w.reasons) - 1 // "other" until something was done
	w.note = textinput.New()
	w.note.Prompt = ""
	w.note.Placeholder = sh.Cat.T("wrap.note.placeholder")
	w.note.CharLimit = 2000
	w.note.SetStyles(sh.Styles.Input())
	return w
}

// load asks for the suggestion.
func (w *wrapUp) load() tea.Cmd {
	svc, id, arts := w.sh.Opts.Service, w.call.ID, slices.Clone(w.articles)
	if svc == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		req, err := svc.SuggestWrapUp(ctx, id, arts)
		return suggestMsg{callID: id, req: req, err: err}
	})
}

// update takes the answers meant for this call; done is true once the
// call is wrapped up.
func (w *wrapUp) update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	switch msg := msg.(type) {
	case suggestMsg:
		if msg.callID != w.call.ID {
			return nil, false
		}
		if msg.err != nil {
			w.err = workflows.Message(msg.err, w.sh.Cat.Lang())
			return nil, false
		}
		first := !w.loaded
		w.suggest, w.loaded = msg.req, true
		w.call.Version = msg.req.CallVersion
		if first { // a reload after a refusal keeps what the operator chose
			w.picked = slices.Clone(msg.req.Reasons)
			w.outcome = max(0, slices.Index(workflows.CallOutcomes(), msg.req.Outcome))
			if len(w.picked) > 0 {
				w.cur = w.indexOf(w.picked[0])
			}
			if w.acceptOnLoad { // enter typed ahead of the suggestion
				w.acceptOnLoad, w.err = false, ""
				return w.accept(), false
			}
		}
	case wrappedMsg:
		if msg.callID != w.call.ID {
			return nil, false
		}
		w.busy = false
		if msg.err != nil {
			w.err = workflows.Message(msg.err, w.sh.Cat.Lang())
			if workflows.ErrorCode(msg.err) == workflows.ECONFLICT {
				return w.load(), false // the call moved: take its version, keep the form
			}
			return nil, false
		}
		w.call = msg.call
		return nil, true
	}
	return nil, false
}

func (w *wrapUp) indexOf(code string) int {
	for i, r := range w.reasons {
		if r.Code == code {
			return i
		}
	}
	return 0
}

// key handles a key while the form is shown; hide is true for esc.
func (w *wrapUp) key(msg tea.KeyPressMsg) (cmd tea.Cmd, hide bool) {
	k := w.keys
	if w.busy {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Hide):
		return nil, true
	case key.Matches(msg, k.Accept):
		return w.accept(), false
	case key.Matches(msg, k.Next):
		w.focus((w.field + 1) % 3)
		return nil, false
	case key.Matches(msg, k.Prev):
		w.focus((w.field + 2) % 3)
		return nil, false
	}
	w.err = ""
	switch w.field {
	case fieldReasons:
		switch {
		case key.Matches(msg, k.Up):
			w.cur = max(0, w.cur-1)
		case key.Matches(msg, k.Down):
			w.cur = min(len(w.reasons)-1, w.cur+1)
		case key.Matches(msg, k.Toggle):
			w.toggle(w.reasons[w.cur].Code)
		}
	case fieldOutcome:
		n := len(workflows.CallOutcomes())
		switch {
		case key.Matches(msg, k.Up), msg.String() == "left":
			w.outcome = (w.outcome + n - 1) % n
		case key.Matches(msg, k.Down), key.Matches(msg, k.Toggle), msg.String() == "right":
			w.outcome = (w.outcome + 1) % n
		}
	case fieldNote:
		var c tea.Cmd
		w.note, c = w.note.Update(msg)
		return c, false
	}
	return nil, false
}

// paste goes to the note, wherever the focus is: a note is the only text.
func (w *wrapUp) paste(msg tea.PasteMsg) tea.Cmd {
	w.focus(fieldNote)
	var c tea.Cmd
	w.note, c = w.note.Update(msg)
	return c
}

func (w *wrapUp) focus(f wrapField) {
	w.field = f
	if f == fieldNote {
		w.note.Focus()
	} else {
		w.note.Blur()
	}
}

func (w *wrapUp) toggle(code string) {
	if i := slices.Index(w.picked, code); i >= 0 {
		w.picked = slices.Delete(w.picked, i, i+1)
		return
	}
	w.picked = append(w.picked, code)
}

// request is the wrap-up as the form stands. With no reason ticked the
// one under the cursor is taken: enter alone always records the call.
func (w *wrapUp) request() workflows.WrapUpRequest {
	req := w.suggest
	req.CallID, req.CallVersion = w.call.ID, w.call.Version
	req.Reasons = slices.Clone(w.picked)
	if len(req.Reasons) == 0 {
		req.Reasons = []string{w.reasons[w.cur].Code}
	}
	req.Outcome = workflows.CallOutcomes()[w.outcome]
	req.Note = w.note.Value()
	return req
}

func (w *wrapUp) accept() tea.Cmd {
	svc, op := w.sh.Opts.Service, w.sh.Operator
	if svc == nil {
		return nil
	}
	if !w.loaded {
		w.acceptOnLoad = true // recorded as soon as the call and its suggestion land
		return nil
	}
	req := w.request()
	w.busy, w.err = true, ""
	return ui.Ask(func(ctx context.Context) tea.Msg {
		c, err := svc.WrapUpCall(ctx, op, req)
		return wrappedMsg{callID: req.CallID, call: c, err: err}
	})
}

// view draws the form in w×h.
func (w *wrapUp) view(width, h int) string {
	st, c := w.sh.Styles, w.sh.Cat
	w.note.SetWidth(max(10, width-lipgloss.Width(c.T("wrap.note"))-6)) // the note takes the line
	lang := c.Lang()
	var b strings.Builder
	who := c.T("wrap.unidentified")
	if w.call.MemberNo != "" {
		who = c.F("wrap.member", "member", w.call.MemberNo)
	}
	b.WriteString(" " + st.Title.Render(c.F("wrap.title", "call", w.call.No())) + "  " + st.Muted.Render(ui.Safe(who)+"  "+
		c.F("wrap.started", "at", w.call.StartedAt.In(ui.Tokyo).Format("15:04"))) + "\n")
	tail := []string{
		w.label(fieldOutcome, c.T("wrap.outcome")) + " ‹" + st.Value.Render(workflows.OutcomeLabel(workflows.CallOutcomes()[w.outcome], lang)) + "›",
		w.label(fieldNote, c.T("wrap.note")) + " " + w.note.View(),
	}
	switch {
	case w.busy:
		tail = append(tail, " "+st.Muted.Render(c.T("wrap.saving")))
	case w.err != "":
		tail = append(tail, " "+st.Error.Render(ui.Safe(w.err)))
	case !w.loaded:
		tail = append(tail, " "+st.Muted.Render(c.T("wrap.loading")))
	case len(w.picked) == 0:
		tail = append(tail, " "+st.Notice.Render(c.T("wrap.cursor")))
	default:
		tail = append(tail, " "+st.Muted.Render(c.T(w.hint)))
	}
	rows := max(1, h-2-len(tail))
	top := min(max(0, w.cur-rows/2), max(0, len(w.reasons)-rows))
	end := min(len(w.reasons), top+rows)
	head := w.label(fieldReasons, c.T("wrap.reasons"))
	if top > 0 || end < len(w.reasons) { // not all on screen: say which, and that more lie above or below
		head += " " + st.Muted.Render(c.F("wrap.shown", "first", top+1, "last", end, "n", len(w.reasons)))
	}
	b.WriteString(head + " " + st.Muted.Render(w.pickedText()) + "\n")
	for i := top; i < end; i++ {
		r := w.reasons[i]
		box := "[ ]"
		if slices.Contains(w.picked, r.Code) {
			box = "[x]"
		}
		mark := " "
		switch {
		case i == top && top > 0:
			mark = "↑"
		case i == end-1 && end < len(w.reasons):
			mark = "↓"
		}
		line := fmt.Sprintf(" %s %s %s", mark, box, workflows.ReasonLabel(r.Code, lang))
		if i == w.cur && w.field == fieldReasons {
			line = st.Selected.Render(ui.Fit(line, max(1, width-2)))
		} else if i == w.cur {
			line = st.Value.Render(line)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(strings.Join(tail, "\n"))
	return ui.FitBlock(b.String(), width, h)
}

// pickedText names the ticked reasons, the main one first.
func (w *wrapUp) pickedText() string {
	names := make([]string, len(w.picked))
	for i, p := range w.picked {
		names[i] = workflows.ReasonLabel(p, w.sh.Cat.Lang())
	}
	return strings.Join(names, "、")
}

func (w *wrapUp) label(f wrapField, s string) string {
	if w.field == f {
		return " " + w.sh.Styles.Title.Render("▸"+s)
	}
	return " " + w.sh.Styles.Label.Render(" "+s)
}
