package member

import (
	"context"

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
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), ui.QueryTimeout)
		defer cancel()
		msg := ui.MemberDataMsg{MemberID: id, Seq: seq}
		if msg.Cases, msg.Err = r.CasesOfMember(ctx, id); msg.Err != nil {
			return msg
		}
		if msg.Letters, msg.Err = r.LettersOfMember(ctx, id); msg.Err != nil {
			return msg
		}
		msg.Audit, msg.Err = r.AuditOfMember(ctx, id, historyLimit)
		return msg
	}
}

// setData fills the three tables from one load.
func (s *Page) setData(msg ui.MemberDataMsg) {
	c := s.sh.Cat
	s.cases, s.letters, s.audit = msg.Cases, msg.Letters, msg.Audit
	s.dataLoaded = true
	rows, tones := make([][]string, len(s.cases)), make([][]ui.Tone, len(s.cases))
	for i, cs := range s.cases {
		t := ui.TonePlain
		if !cs.Open() {
			t = ui.ToneMuted
		} else if !cs.DueOn.IsZero() && cs.DueOn.Before(s.sh.Today().Time) {
			t = ui.ToneBad // overdue
		}
		rows[i] = []string{cs.No(), workflows.CaseTypeLabel(cs.Type, c.Lang()), workflows.StateLabel(cs.State, c.Lang()),
			ui.FormatDate(c, cs.DueOn), ui.WaitingLabel(c, cs.WaitingOn), ui.FormatDate(c, workflows.DateOf(cs.OpenedAt.In(ui.Tokyo)))}
		tones[i] = []ui.Tone{ui.TonePlain, ui.TonePlain, t, t, ui.TonePlain, ui.ToneMuted}
	}
	s.caseTbl.SetRows(rows, tones)

	rows, tones = make([][]string, len(s.letters)), make([][]ui.Tone, len(s.letters))
	for i, l := range s.letters {
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
		rows[i] = []string{l.RefNo(), ui.LetterKindLabel(c, l.Kind), c.T("lstate." + string(l.State)),
			ui.DateOf(c, l.QueuedAt), ui.DateOf(c, l.PrintedAt), ui.DateOf(c, l.MailedAt), batch}
		tones[i] = []ui.Tone{ui.TonePlain, ui.TonePlain, t, ui.ToneMuted, ui.ToneMuted, ui.ToneMuted, ui.ToneMuted}
	}
	s.letterTbl.SetRows(rows, tones)

	rows, tones = make([][]string, len(s.audit)), make([][]ui.Tone, len(s.audit))
	for i, e := range s.audit {
		ref := ""
		if e.CaseID != 0 {
			ref = workflows.Case{ID: e.CaseID}.No()
		}
		rows[i] = []string{ui.FormatWhen(c, e.At), e.Operator, ui.ActionLabel(c, e.Action), ref, ui.StateMove(c, e)}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.ToneMuted, ui.TonePlain}
	}
	s.historyTbl.SetRows(rows, tones)
}

func (s *Page) caseColumns() []ui.Column {
	c := s.sh.Cat
	return []ui.Column{{Title: c.T("col.case"), Min: 9, Flex: 0}, {Title: c.T("col.type"), Min: 12, Flex: 1}, {Title: c.T("col.state"), Min: 14, Flex: 1},
		{Title: c.T("col.due"), Min: ui.DateWidth(c), Flex: 0}, {Title: c.T("col.waiting"), Min: 10, Flex: 0}, {Title: c.T("col.opened"), Min: ui.DateWidth(c), Flex: 0}}
}

func (s *Page) letterColumns() []ui.Column {
	c := s.sh.Cat
	return []ui.Column{{Title: c.T("col.letter"), Min: 9, Flex: 0}, {Title: c.T("col.kind"), Min: 12, Flex: 2}, {Title: c.T("col.state"), Min: 8, Flex: 0},
		{Title: c.T("col.queued"), Min: 10, Flex: 0}, {Title: c.T("col.printed"), Min: 10, Flex: 0}, {Title: c.T("col.mailed"), Min: 10, Flex: 0}, {Title: c.T("col.batch"), Min: 7, Flex: 0}}
}

func (s *Page) historyColumns() []ui.Column {
	c := s.sh.Cat
	return []ui.Column{{Title: c.T("col.when"), Min: 16, Flex: 0}, {Title: c.T("col.who"), Min: 12, Flex: 0}, {Title: c.T("col.action"), Min: 14, Flex: 2},
		{Title: c.T("col.case"), Min: 9, Flex: 0}, {Title: c.T("col.move"), Min: 12, Flex: 2}}
}

func (s *Page) tableView(g *ui.Grid, emptyKey string) string {
	if !s.dataLoaded {
		return "  " + s.sh.Styles.Muted.Render(s.sh.Cat.T("member.loading"))
	}
	if g.Len() == 0 {
		return "  " + s.sh.Styles.Muted.Render(s.sh.Cat.T(emptyKey))
	}
	return g.View(s.sh.Styles, true)
}
