package tui

import (
	tea "charm.land/bubbletea/v2"
)

// routes build each page kind from a nav: the one place that knows every
// page's constructor.
var routes = map[page]func(sh *shared, n nav) screen{
	pageSearch: func(sh *shared, _ nav) screen { return newSearchScreen(sh) },
	pageMember: func(sh *shared, n nav) screen { return newMemberScreen(sh, n.hit) },
	pageCase:   func(sh *shared, n nav) screen { return newCaseScreen(sh, n.member.m, n.cs) },
	pageProcedures: func(sh *shared, n nav) screen {
		if n.procType != "" {
			return newProcScreenFor(sh, n.member.m, n.member.cards, n.member.cases, n.procType)
		}
		return newProcScreen(sh, n.member.m, n.member.cards, n.member.cases)
	},
	pageCardTest:   func(sh *shared, n nav) screen { return newCardTestScreen(sh, n.member.m.No, n.cardNo) },
	pageLetters:    func(sh *shared, _ nav) screen { return newPrintScreen(sh) },
	pageQueues:     func(sh *shared, _ nav) screen { return newQueuesScreen(sh) },
	pageQueueCases: func(sh *shared, n nav) screen { return newQueueCasesScreen(sh, n.figure) },
	pageApprovals:  func(sh *shared, _ nav) screen { return newApprovalsScreen(sh) },
	pageAudit:      func(sh *shared, _ nav) screen { return newAuditScreen(sh) },
	pageKB: func(sh *shared, n nav) screen {
		if n.member.m.ID == 0 {
			return newKBScreen(sh, nil)
		}
		m := n.member
		return newKBScreen(sh, &m)
	},
	pageAuditSeal: func(sh *shared, n nav) screen { return newAuditSealScreen(sh, n.text) },
}

// step gives msg to s and takes what s asked for with it.
func step(s screen, msg tea.Msg) (screen, tea.Cmd, nav) {
	next, cmd := s.Update(msg)
	return next, cmd, next.takeNav()
}
