package member

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"spdesk/internal/jpwrap"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// What the member page reads beside the member's file: the recent calls
// with their notes (the next operator sees what was already tried), the
// member's held letters (a held password letter is not "queued"), and
// for each stopped card whether the login service confirmed the stop.

// callsLimit bounds the Calls tab: the newest calls.
const callsLimit = 50

// callsMsg answers the load of a member's calls and held letters.
type callsMsg struct {
	memberID int64
	seq      int
	calls    []workflows.Call
	held     map[int64]workflows.LetterHold // by letter id
	err      error
}

// stopsMsg answers the read of the stopped cards' stop status.
type stopsMsg struct {
	memberID int64
	stops    map[int64]workflows.StopStatus // by card id
	err      error
}

func loadCalls(d workflows.Desk, id int64, seq int) tea.Cmd {
	if d == nil || id == 0 {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := callsMsg{memberID: id, seq: seq, held: map[int64]workflows.LetterHold{}}
		if msg.calls, msg.err = d.CallsOfMember(ctx, id, callsLimit); msg.err != nil {
			return msg
		}
		held, err := d.HeldLetters(ctx)
		for _, h := range held {
			if h.MemberID == id {
				msg.held[h.ID] = h
			}
		}
		msg.err = err
		return msg
	})
}

func loadStops(d workflows.Desk, id int64, cards []workflows.Card) tea.Cmd {
	if d == nil {
		return nil
	}
	var stopped []int64
	for _, c := range cards {
		if c.Status == workflows.CardSuspended || c.Status == workflows.CardRevoked {
			stopped = append(stopped, c.ID)
		}
	}
	if len(stopped) == 0 {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := stopsMsg{memberID: id, stops: map[int64]workflows.StopStatus{}}
		for _, cid := range stopped {
			s, err := d.CardStopStatus(ctx, cid)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.stops[cid] = s
		}
		return msg
	})
}

// stopLine says, for a stopped card, when it stopped and whether the
// login service confirmed it, in words the operator can tell the caller.
func stopLine(f *file, cd workflows.Card) string {
	s, ok := f.stops[cd.ID]
	if !ok || !s.Stopped() {
		return ""
	}
	c := f.sh.Cat
	card := workflows.MaskCardNo(cd.No)
	at := f.clock(s.StoppedAt)
	switch {
	case s.EventID == 0:
		return c.F("stop.untold", "card", card)
	case !s.ConfirmedAt.IsZero():
		return c.F("stop.confirmed", "card", card, "at", at, "confirmed", f.clock(s.ConfirmedAt))
	case s.Parked:
		return c.F("stop.parked", "card", card, "at", at)
	}
	return c.F("stop.pending", "card", card, "at", at)
}

// callsTab lists the member's calls, newest first, the selected one's
// note in full below the list.
type callsTab struct {
	noKeys
	g ui.Grid
}

func newCallsTab(c ui.Catalog) *callsTab {
	t := &callsTab{}
	t.g.Cols = []ui.Column{{Title: c.T("col.when"), Min: 8, Auto: true}, {Title: c.T("col.who"), Min: 15, Flex: 0},
		{Title: c.T("col.reason"), Min: 14, Flex: 2}, {Title: c.T("col.outcome"), Min: 10, Flex: 1}}
	return t
}

func (t *callsTab) name() string    { return "tab.calls" }
func (t *callsTab) below(*file) int { return callNoteRows + 1 }

// callNoteRows is the room under the Calls tab's list for the selected note.
const callNoteRows = 4

func (t *callsTab) grid() *ui.Grid { return &t.g }

func (t *callsTab) fill(f *file, p part) {
	if p != partCalls {
		return
	}
	c, today := f.sh.Cat, f.sh.Today()
	rows, tones := make([][]string, len(f.calls)), make([][]ui.Tone, len(f.calls))
	for i, k := range f.calls {
		rows[i] = []string{ui.ShortWhen(c, k.StartedAt, today), k.Operator, reasonsText(c, k), outcomeText(c, k)}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.TonePlain}
	}
	t.g.SetRows(rows, tones)
}

func (t *callsTab) view(f *file) string {
	st, c := f.sh.Styles, f.sh.Cat
	if !f.callsLoaded {
		return "  " + st.Muted.Render(c.T("member.loading"))
	}
	if t.g.Len() == 0 {
		return "  " + st.Muted.Render(c.T("calls.none"))
	}
	// The list keeps its rows; the note of the selected call takes the rest.
	note := "  " + st.Muted.Render(c.T("calls.nonote"))
	if k := f.calls[t.g.Cursor()]; k.Note != "" {
		note = ui.FitBlock(indent(jpwrap.Wrap(ui.SafeLines(k.Note), max(10, f.w-4)), "  "), f.w, callNoteRows)
	}
	return t.g.View(st, true) + "\n" + st.Label.Render("  "+c.T("calls.note")) + "\n" + note
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(s, "\n", "\n"+by)
}

// reasonsText names a call's reasons, the main one first.
func reasonsText(c ui.Catalog, k workflows.Call) string {
	names := make([]string, len(k.Reasons))
	for i, r := range k.Reasons {
		names[i] = workflows.ReasonLabel(r, c.Lang())
	}
	return strings.Join(names, "、")
}

func outcomeText(c ui.Catalog, k workflows.Call) string {
	if k.Open() {
		return c.T("calls.open")
	}
	return workflows.OutcomeLabel(k.Outcome, c.Lang())
}

// recentCalls is the profile tab's head: the newest calls, one line each
// with their note, at most n lines; "" when there are none.
func recentCalls(f *file, w, n int) string {
	if n <= 1 || !f.callsLoaded {
		return ""
	}
	st, c := f.sh.Styles, f.sh.Cat
	var done []workflows.Call
	for _, k := range f.calls {
		if !k.Open() {
			done = append(done, k)
		}
	}
	if len(done) == 0 {
		return ""
	}
	lines := []string{"  " + st.Title.Render(c.F("calls.recent", "n", len(done)))}
	for _, k := range done[:min(len(done), n-1)] {
		note := k.Note
		if note == "" {
			note = c.T("calls.nonote")
		}
		head := ui.ShortWhen(c, k.StartedAt, f.sh.Today()) + " " + k.Operator + " " + reasonsText(c, k) + "："
		lines = append(lines, ui.Fit("  "+st.Muted.Render(ui.Safe(head))+st.Value.Render(ui.Safe(strings.ReplaceAll(note, "\n", " "))), w))
	}
	return strings.Join(lines, "\n")
}
