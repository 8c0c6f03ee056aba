package tui

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/workflows"
	"spdesk/workflows/bizday"
)

// historyLimit bounds the History tab: the newest events, paged on screen.
const historyLimit = 500

// memberDataMsg answers the load of a member's cases, letters and history.
type memberDataMsg struct {
	memberID int64
	seq      int // the asking screen's load number: an older one is dropped
	cases    []workflows.Case
	letters  []workflows.Letter
	audit    []workflows.AuditEvent
	err      error
}

func loadMemberData(r caseReader, id int64, seq int) tea.Cmd {
	if r == nil || id == 0 {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		msg := memberDataMsg{memberID: id, seq: seq}
		if msg.cases, msg.err = r.CasesOfMember(ctx, id); msg.err != nil {
			return msg
		}
		if msg.letters, msg.err = r.LettersOfMember(ctx, id); msg.err != nil {
			return msg
		}
		msg.audit, msg.err = r.AuditOfMember(ctx, id, historyLimit)
		return msg
	}
}

// setData fills the three tables from one load.
func (s *memberScreen) setData(msg memberDataMsg) {
	c := s.sh.cat
	s.cases, s.letters, s.audit = msg.cases, msg.letters, msg.audit
	s.dataLoaded = true
	rows, tones := make([][]string, len(s.cases)), make([][]tone, len(s.cases))
	for i, cs := range s.cases {
		t := tonePlain
		if !cs.Open() {
			t = toneMuted
		} else if !cs.DueOn.IsZero() && cs.DueOn.Before(s.sh.today().Time) {
			t = toneBad // overdue
		}
		rows[i] = []string{cs.No(), workflows.CaseTypeLabel(cs.Type, c.Lang()), workflows.StateLabel(cs.State, c.Lang()),
			formatDate(c, cs.DueOn), waitingLabel(c, cs.WaitingOn), formatDate(c, workflows.DateOf(cs.OpenedAt.In(tokyo)))}
		tones[i] = []tone{tonePlain, tonePlain, t, t, tonePlain, toneMuted}
	}
	s.caseTbl.SetRows(rows, tones)

	rows, tones = make([][]string, len(s.letters)), make([][]tone, len(s.letters))
	for i, l := range s.letters {
		batch := ""
		if l.BatchID != 0 {
			batch = workflows.Batch{ID: l.BatchID}.No()
		}
		t := tonePlain
		switch l.State {
		case workflows.LetterQueued:
			t = toneWarn
		case workflows.LetterCancelled:
			t = toneMuted
		}
		rows[i] = []string{l.RefNo(), letterKindLabel(c, l.Kind), c.T("lstate." + string(l.State)),
			dateOf(c, l.QueuedAt), dateOf(c, l.PrintedAt), dateOf(c, l.MailedAt), batch}
		tones[i] = []tone{tonePlain, tonePlain, t, toneMuted, toneMuted, toneMuted, toneMuted}
	}
	s.letterTbl.SetRows(rows, tones)

	rows, tones = make([][]string, len(s.audit)), make([][]tone, len(s.audit))
	for i, e := range s.audit {
		ref := ""
		if e.CaseID != 0 {
			ref = workflows.Case{ID: e.CaseID}.No()
		}
		rows[i] = []string{formatWhen(c, e.At), e.Operator, actionLabel(c, e.Action), ref, stateMove(c, e)}
		tones[i] = []tone{toneMuted, tonePlain, tonePlain, toneMuted, tonePlain}
	}
	s.historyTbl.SetRows(rows, tones)
}

func (s *memberScreen) caseColumns() []column {
	c := s.sh.cat
	return []column{{c.T("col.case"), 9, 0}, {c.T("col.type"), 12, 1}, {c.T("col.state"), 14, 1},
		{c.T("col.due"), dateWidth(c), 0}, {c.T("col.waiting"), 10, 0}, {c.T("col.opened"), dateWidth(c), 0}}
}

func (s *memberScreen) letterColumns() []column {
	c := s.sh.cat
	return []column{{c.T("col.letter"), 9, 0}, {c.T("col.kind"), 12, 2}, {c.T("col.state"), 8, 0},
		{c.T("col.queued"), 10, 0}, {c.T("col.printed"), 10, 0}, {c.T("col.mailed"), 10, 0}, {c.T("col.batch"), 7, 0}}
}

func (s *memberScreen) historyColumns() []column {
	c := s.sh.cat
	return []column{{c.T("col.when"), 16, 0}, {c.T("col.who"), 12, 0}, {c.T("col.action"), 14, 2},
		{c.T("col.case"), 9, 0}, {c.T("col.move"), 12, 2}}
}

func dateWidth(c Catalog) int {
	if c.Lang() == LangJA {
		return 14
	}
	return 10
}

// dateOf is the day of an instant in Tokyo, ISO (letters' dates are
// short so the table fits 80 columns in both languages).
func dateOf(c Catalog, t time.Time) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	return workflows.DateOf(t.In(tokyo)).String()
}

// formatWhen is an instant as the operator reads it: Tokyo time, minutes.
func formatWhen(c Catalog, t time.Time) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	return t.In(tokyo).Format("2006-01-02 15:04")
}

// tokyo is the one Tokyo location the workflows' calendar uses too.
var tokyo = bizday.Tokyo

func waitingLabel(c Catalog, w string) string {
	if w == "" {
		return ""
	}
	return c.T("waiting." + w)
}

func letterKindLabel(c Catalog, k workflows.LetterKind) string { return c.T("lkind." + string(k)) }

// actionLabel names an audit action ("lost_card.report", "letter.print_letter").
func actionLabel(c Catalog, a string) string {
	typ, act, ok := strings.Cut(a, ".")
	if !ok {
		return a
	}
	name := workflows.ActionLabel(workflows.Action(act), c.Lang())
	if typ == "letter" {
		return name
	}
	return workflows.CaseTypeLabel(workflows.CaseType(typ), c.Lang()) + ": " + name
}

// stateMove is "from → to" of a case event, or the changed fields' names.
func stateMove(c Catalog, e workflows.AuditEvent) string {
	if e.FromState != e.ToState || (e.FromState == "" && e.ToState != "") {
		from := "—"
		if e.FromState != "" {
			from = workflows.StateLabel(e.FromState, c.Lang())
		}
		return from + " → " + workflows.StateLabel(e.ToState, c.Lang())
	}
	var after map[string]any
	if json.Unmarshal([]byte(e.After), &after) != nil || len(after) == 0 {
		return ""
	}
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func (s *memberScreen) tableView(g *grid, emptyKey string) string {
	if !s.dataLoaded {
		return "  " + s.sh.st.Muted.Render(s.sh.cat.T("member.loading"))
	}
	if g.Len() == 0 {
		return "  " + s.sh.st.Muted.Render(s.sh.cat.T(emptyKey))
	}
	return g.View(s.sh.st, true)
}
