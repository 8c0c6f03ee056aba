package member

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// historyLimit bounds the History tab: the newest events, paged on screen.
const historyLimit = 500

func loadMemberData(r ui.CaseReader, id int64, seq int) tea.Cmd {
	if r == nil || id == 0 {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := ui.MemberDataMsg{MemberID: id, Seq: seq}
		if msg.Cases, msg.Err = r.CasesOfMember(ctx, id); msg.Err != nil {
			return msg
		}
		if msg.Letters, msg.Err = r.LettersOfMember(ctx, id); msg.Err != nil {
			return msg
		}
		msg.Audit, msg.Err = r.AuditOfMember(ctx, id, historyLimit)
		return msg
	})
}

// casesTab lists the member's cases; enter asks for the case page.
type casesTab struct {
	g    ui.Grid
	open key.Binding
}

func newCasesTab(c ui.Catalog) *casesTab {
	t := &casesTab{open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.opencase")))}
	t.g.Cols = []ui.Column{{Title: c.T("col.case"), Min: 9, Flex: 0}, {Title: c.T("col.type"), Min: 12, Flex: 1}, {Title: c.T("col.state"), Min: 14, Flex: 1},
		{Title: c.T("col.due"), Min: ui.DateWidth(c), Flex: 0}, {Title: c.T("col.waiting"), Min: 10, Flex: 0}, {Title: c.T("col.opened"), Min: ui.DateWidth(c), Flex: 0}}
	return t
}

func (t *casesTab) name() string         { return "tab.cases" }
func (t *casesTab) grid() *ui.Grid       { return &t.g }
func (t *casesTab) keys() []*key.Binding { return []*key.Binding{&t.open} }
func (t *casesTab) view(f *file) string  { return listView(f, &t.g, "cases.none") }

func (t *casesTab) key(msg tea.KeyPressMsg, f *file) (ui.Nav, bool) {
	if !key.Matches(msg, t.open) {
		return ui.Nav{}, false
	}
	if t.g.Len() == 0 {
		return ui.Nav{}, true
	}
	return ui.OpenCase(f.m, f.cases[t.g.Cursor()]), true
}

func (t *casesTab) fill(f *file, p part) {
	if p != partData {
		return
	}
	c := f.sh.Cat
	rows, tones := make([][]string, len(f.cases)), make([][]ui.Tone, len(f.cases))
	for i, cs := range f.cases {
		t := ui.TonePlain
		if !cs.Open() {
			t = ui.ToneMuted
		} else if !cs.DueOn.IsZero() && cs.DueOn.Before(f.sh.Today().Time) {
			t = ui.ToneBad // overdue
		}
		rows[i] = []string{cs.No(), workflows.CaseTypeLabel(cs.Type, c.Lang()), workflows.StateLabel(cs.State, c.Lang()),
			ui.FormatDate(c, cs.DueOn), ui.WaitingLabel(c, cs.WaitingOn), ui.FormatDate(c, workflows.DateOf(cs.OpenedAt.In(ui.Tokyo)))}
		tones[i] = []ui.Tone{ui.TonePlain, ui.TonePlain, t, t, ui.TonePlain, ui.ToneMuted}
	}
	t.g.SetRows(rows, tones)
}

// lettersTab lists the letters sent or queued for the member.
type lettersTab struct {
	noKeys
	g ui.Grid
}

func newLettersTab(c ui.Catalog) *lettersTab {
	t := &lettersTab{}
	t.g.Cols = []ui.Column{{Title: c.T("col.letter"), Min: 9, Flex: 0}, {Title: c.T("col.kind"), Min: 12, Flex: 2}, {Title: c.T("col.state"), Min: 8, Flex: 0},
		{Title: c.T("col.queued"), Min: 4, Auto: true}, {Title: c.T("col.printed"), Min: 4, Auto: true}, {Title: c.T("col.mailed"), Min: 4, Auto: true}, {Title: c.T("col.batch"), Min: 7, Flex: 0}}
	return t
}

func (t *lettersTab) name() string   { return "tab.letters" }
func (t *lettersTab) grid() *ui.Grid { return &t.g }
func (t *lettersTab) view(f *file) string {
	out := listView(f, &t.g, "letters.none")
	if lines := heldLines(f); f.dataLoaded && len(lines) > 0 {
		out += "\n" + strings.Join(lines, "\n")
	}
	return out
}

func (t *lettersTab) below(f *file) int { return len(heldLines(f)) }

// heldLines say why each of the member's held letters is held, and what
// to tell the caller.
func heldLines(f *file) []string {
	var out []string
	for _, l := range f.letters {
		h, ok := f.held[l.ID]
		if !ok || l.State != workflows.LetterQueued {
			continue
		}
		out = append(out, "  "+f.sh.Styles.Bad.Render(ui.Safe(f.sh.Cat.F("held.line", "letter", l.RefNo(),
			"why", workflows.HoldReason(h.Hold, f.sh.Cat.Lang())))))
	}
	return out
}

// heldGuidance leads the guidance panel when a letter of the member's is
// held: the caller must not be promised the usual days.
func heldGuidance(f *file) []string {
	var out []string
	for _, l := range f.letters {
		if h, ok := f.held[l.ID]; ok && l.State == workflows.LetterQueued {
			if out == nil {
				out = []string{"# " + f.sh.Cat.T("held.guide.title")}
			}
			out = append(out, f.sh.Cat.F("held.guide", "letter", l.RefNo(), "kind", ui.LetterKindLabel(f.sh.Cat, l.Kind),
				"why", workflows.HoldReason(h.Hold, f.sh.Cat.Lang())), "")
		}
	}
	return out
}

func (t *lettersTab) fill(f *file, p part) {
	if p != partData && p != partCalls {
		return
	}
	c, today := f.sh.Cat, f.sh.Today()
	rows, tones := make([][]string, len(f.letters)), make([][]ui.Tone, len(f.letters))
	for i, l := range f.letters {
		batch := ""
		if l.BatchID != 0 {
			batch = workflows.Batch{ID: l.BatchID}.No()
		}
		t := ui.TonePlain
		switch l.State {
		case workflows.LetterQueued:
			t = ui.ToneWarn
		case workflows.LetterCancelled:
			t = ui.ToneMuted
		}
		state := c.T("lstate." + string(l.State))
		if _, held := f.held[l.ID]; held && l.State == workflows.LetterQueued {
			state, t = c.T("lstate.held"), ui.ToneBad // not "queued": it will not print until released
		}
		rows[i] = []string{l.RefNo(), ui.LetterKindLabel(c, l.Kind), state,
			ui.ShortDateOf(c, l.QueuedAt, today), ui.ShortDateOf(c, l.PrintedAt, today), ui.ShortDateOf(c, l.MailedAt, today), batch}
		tones[i] = []ui.Tone{ui.TonePlain, ui.TonePlain, t, ui.ToneMuted, ui.ToneMuted, ui.ToneMuted, ui.ToneMuted}
	}
	t.g.SetRows(rows, tones)
}

// historyTab is the member's audit trail, newest first.
type historyTab struct {
	noKeys
	g ui.Grid
}

func newHistoryTab(c ui.Catalog) *historyTab {
	t := &historyTab{}
	t.g.Cols = []ui.Column{{Title: c.T("col.when"), Min: 8, Auto: true}, {Title: c.T("col.who"), Min: 12, Flex: 0}, {Title: c.T("col.action"), Min: 14, Flex: 2},
		{Title: c.T("col.case"), Min: 9, Flex: 0}, {Title: c.T("col.move"), Min: 12, Flex: 2}}
	return t
}

func (t *historyTab) name() string        { return "tab.history" }
func (t *historyTab) grid() *ui.Grid      { return &t.g }
func (t *historyTab) view(f *file) string { return listView(f, &t.g, "history.none") }

func (t *historyTab) fill(f *file, p part) {
	if p != partData {
		return
	}
	c, today := f.sh.Cat, f.sh.Today()
	rows, tones := make([][]string, len(f.audit)), make([][]ui.Tone, len(f.audit))
	for i, e := range f.audit {
		ref := ""
		if e.CaseID != 0 {
			ref = workflows.Case{ID: e.CaseID}.No()
		}
		rows[i] = []string{ui.ShortWhen(c, e.At, today), e.Operator, historyAction(c, e.Action), ref, ui.StateMove(c, e)}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.ToneMuted, ui.TonePlain}
	}
	t.g.SetRows(rows, tones)
}

// historyAction names an audit action; the call log's have their own
// words (they are not a case type's steps).
func historyAction(c ui.Catalog, a string) string {
	k := strings.ReplaceAll(a, ".", "_") // call.start: action.call_start
	if _, ok := Messages["action."+k]; ok {
		return c.T("action." + k)
	}
	return ui.ActionLabel(c, a)
}
