package tui

import (
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/pages/audit"
	"spdesk/tui/pages/cardtest"
	"spdesk/tui/pages/cases"
	"spdesk/tui/pages/knowledge"
	"spdesk/tui/pages/letters"
	"spdesk/tui/pages/member"
	"spdesk/tui/pages/queues"
	"spdesk/tui/pages/reports"
	"spdesk/tui/pages/search"
	"spdesk/tui/ui"
)

// routes build each page kind from a nav: the one place that knows every
// page's constructor.
var routes = map[ui.PageKind]func(sh *ui.Shared, n ui.Nav) ui.Page{
	ui.PageSearch: func(sh *ui.Shared, _ ui.Nav) ui.Page { return search.New(sh) },
	ui.PageMember: func(sh *ui.Shared, n ui.Nav) ui.Page { return member.New(sh, n.Hit) },
	ui.PageCase:   func(sh *ui.Shared, n ui.Nav) ui.Page { return cases.New(sh, n.Member.Member, n.Case) },
	ui.PageProcedures: func(sh *ui.Shared, n ui.Nav) ui.Page {
		if n.ProcType != "" {
			return cases.NewProceduresFor(sh, n.Member.Member, n.Member.Cards, n.Member.Cases, n.ProcType)
		}
		return cases.NewProcedures(sh, n.Member.Member, n.Member.Cards, n.Member.Cases)
	},
	ui.PageCardTest:   func(sh *ui.Shared, n ui.Nav) ui.Page { return cardtest.New(sh, n.Member.Member.No, n.CardNo) },
	ui.PageLetters:    func(sh *ui.Shared, _ ui.Nav) ui.Page { return letters.New(sh) },
	ui.PageQueues:     func(sh *ui.Shared, _ ui.Nav) ui.Page { return queues.New(sh) },
	ui.PageQueueCases: func(sh *ui.Shared, n ui.Nav) ui.Page { return queues.NewCases(sh, n.Figure) },
	ui.PageApprovals:  func(sh *ui.Shared, _ ui.Nav) ui.Page { return queues.NewApprovals(sh) },
	ui.PageAudit:      func(sh *ui.Shared, _ ui.Nav) ui.Page { return audit.New(sh) },
	ui.PageKB: func(sh *ui.Shared, n ui.Nav) ui.Page {
		if n.Member.Member.ID == 0 {
			return knowledge.New(sh, nil)
		}
		m := n.Member
		return knowledge.New(sh, &m)
	},
	ui.PageAuditSeal: func(sh *ui.Shared, n ui.Nav) ui.Page { return newAuditSealScreen(sh, n.Text) },
	ui.PageCall:      func(sh *ui.Shared, _ ui.Nav) ui.Page { return member.NewAnonCall(sh) },
	ui.PageReports:   func(sh *ui.Shared, _ ui.Nav) ui.Page { return reports.New(sh) },
}

// step gives msg to s and takes what s asked for with it.
func step(s ui.Page, msg tea.Msg) (ui.Page, tea.Cmd, ui.Nav) {
	next, cmd := s.Update(msg)
	return next, cmd, next.TakeNav()
}
