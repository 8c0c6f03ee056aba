package tui

import (
	"spdesk/workflows"
)

// page is what a nav opens: the root builds it (route), so pages ask for
// one another by kind and never construct each other.
type page int

const (
	pageNone page = iota
	pageSearch
	pageMember
	pageCase
	pageProcedures
	pageCardTest
	pageLetters
	pageQueues
	pageQueueCases
	pageApprovals
	pageAudit
	pageKB
	pageAuditSeal
)

// nav is what a page asks of the root: open a page, go back, or (the
// sign-in and lock gate) open the console or start a fresh sign-in. A
// page leaves it with request during Update; the root takes it as part of
// that Update's result and resolves it before the next message, never
// through a Cmd: a key typed right after enter must reach the page enter
// opened.
type nav struct {
	open page
	back bool
	// Gate requests: unlock opens the console after a right password
	// (shared.signedIn has set who); signOut starts over for someone else.
	unlock, signOut bool

	// What the page to open shows; each kind reads its own.
	hit      workflows.Hit      // member
	member   kbMember           // case, procedures, knowledge base (member.m.ID == 0: none)
	cs       workflows.Case     // case
	procType workflows.CaseType // procedures: the one to start at once ("": the list)
	cardNo   string             // card test: the card to test first
	figure   workflows.QueueFigure
	text     string // audit seal warning
}

func openMember(h workflows.Hit) nav { return nav{open: pageMember, hit: h} }

func openCase(m workflows.Member, cs workflows.Case) nav {
	return nav{open: pageCase, member: kbMember{m: m}, cs: cs}
}

// openProcedures is the procedures list for the member, or with typ the
// procedure typ started at once (the knowledge base's "start this").
func openProcedures(m kbMember, typ workflows.CaseType) nav {
	return nav{open: pageProcedures, member: m, procType: typ}
}

// openCardTest is the card test, for a member's card or (both empty) any.
func openCardTest(memberNo, cardNo string) nav {
	return nav{open: pageCardTest, member: kbMember{m: workflows.Member{No: memberNo}}, cardNo: cardNo}
}

func openQueueCases(f workflows.QueueFigure) nav { return nav{open: pageQueueCases, figure: f} }

func openPage(p page) nav { return nav{open: p} }

func goBack() nav { return nav{back: true} }

// asks is the slot every page embeds for its nav; only the root takes it.
type asks struct{ next nav }

// request records what the page wants the root to do once this Update returns.
func (a *asks) request(n nav) { a.next = n }

func (a *asks) takeNav() nav {
	n := a.next
	a.next = nav{}
	return n
}
