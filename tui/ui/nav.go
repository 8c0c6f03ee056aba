package ui

import (
	tea "charm.land/bubbletea/v2"

	"spdesk/workflows"
)

// PageKind is what a nav opens: the root builds it (route), so pages ask for
// one another by kind and never construct each other.
type PageKind int

const (
	PageNone PageKind = iota
	PageSearch
	PageMember
	PageCase
	PageProcedures
	PageCardTest
	PageLetters
	PageQueues
	PageQueueCases
	PageApprovals
	PageAudit
	PageKB
	PageAuditSeal
	PageGate    // the sign-in and lock gate: over the stack, never in it
	PageCall    // a call with no member page: caller not identified, or calls left open
	PageReports // the supervisors' call report
)

// Nav is what a page asks of the root: open a page, go back, or (the
// sign-in and lock gate) open the console or start a fresh sign-in. A
// page leaves it with request during Update; the root takes it as part of
// that Update's result and resolves it before the next message, never
// through a Cmd: a key typed right after enter must reach the page enter
// opened.
type Nav struct {
	Open PageKind
	Back bool
	// Gate requests: unlock opens the console after a right password
	// (shared.signedIn has set who); signOut starts over for someone else.
	Unlock, SignOut bool

	// What the page to open shows; each kind reads its own.
	Hit      workflows.Hit      // member
	Member   MemberFile         // case, procedures, knowledge base (member.m.ID == 0: none)
	Case     workflows.Case     // case
	ProcType workflows.CaseType // procedures: the one to start at once ("": the list)
	CardNo   string             // card test: the card to test first
	Figure   workflows.QueueFigure
	Text     string // audit seal warning
}

func OpenMember(h workflows.Hit) Nav { return Nav{Open: PageMember, Hit: h} }

func OpenCase(Member workflows.Member, Case workflows.Case) Nav {
	return Nav{Open: PageCase, Member: MemberFile{Member: Member}, Case: Case}
}

// OpenProcedures is the procedures list for the member, or with typ the
// procedure typ started at once (the knowledge base's "start this").
func OpenProcedures(Member MemberFile, typ workflows.CaseType) Nav {
	return Nav{Open: PageProcedures, Member: Member, ProcType: typ}
}

// OpenCardTest is the card test, for a member's card or (both empty) any.
func OpenCardTest(memberNo, cardNo string) Nav {
	return Nav{Open: PageCardTest, Member: MemberFile{Member: workflows.Member{No: memberNo}}, CardNo: cardNo}
}

func OpenQueueCases(f workflows.QueueFigure) Nav { return Nav{Open: PageQueueCases, Figure: f} }

func OpenPage(p PageKind) Nav { return Nav{Open: p} }

func GoBack() Nav { return Nav{Back: true} }

// Asks is the slot every page embeds for its nav; only the root takes it.
type Asks struct{ next Nav }

// Request records what the page wants the root to do once this Update returns.
func (a *Asks) Request(n Nav) { a.next = n }

func (a *Asks) TakeNav() Nav {
	n := a.next
	a.next = Nav{}
	return n
}

// ReplayKeysMsg carries keys a page held while it waited (the search
// page's held keys) back through the root, in the order typed.
type ReplayKeysMsg []tea.KeyPressMsg
