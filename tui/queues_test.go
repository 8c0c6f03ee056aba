package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

var caseNoRe = regexp.MustCompile(`C-\d{7}`)

func (d *desk) ctrl(r rune) { d.tm.Send(tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl}) }

// selectRow moves the cursor down until the selected row (▸) holds every
// one of want.
func (d *desk) selectRow(want ...string) {
	d.t.Helper()
	for range 60 {
		v := waitFor(d.t, d.tm, want...)
		sel, all := lineWith(v, "▸"), true
		for _, w := range want {
			all = all && strings.Contains(sel, w)
		}
		if all {
			return
		}
		d.key("down")
		waitView(d.t, d.tm, func(nv string) bool { return nv != v }, "the cursor to move")
	}
	d.t.Fatalf("never selected a row with %q", want)
}

// TestQueuesToCase: ctrl+g shows the queues with business-day figures,
// enter lists a queue, / filters it in SQL, enter opens the case.
func TestQueuesToCase(t *testing.T) {
	d := startDesk(t)
	d.ctrl('g')
	v := waitFor(t, d.tm, "Work queues", "business days", "lost card", "card suspended", "Overdue")
	for i, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w != 110 {
			t.Fatalf("line %d is %d cells wide", i, w)
		}
	}
	d.selectRow("lost card", "reissue ordered")
	waitFor(t, d.tm, "opened, 30 days", "closed, 30 days")
	d.key("enter")
	v = waitFor(t, d.tm, "lost card: reissue ordered", "of 3", "by due date")
	nos := caseNoRe.FindAllString(v, -1)
	if len(nos) != 3 {
		t.Fatalf("want the queue's 3 cases, got %v in\n%s", nos, v)
	}
	d.key("s") // oldest first
	waitFor(t, d.tm, "oldest first")
	// Filter by the second case's number: only it is left.
	d.key("/")
	waitFor(t, d.tm, "Filter ")
	d.tm.Type(nos[1])
	v = waitFor(t, d.tm, "1–1 of 1")
	if got := caseNoRe.FindAllString(v, -1); len(got) != 2 || got[1] != nos[1] { // the filter box and the row
		t.Fatalf("filtered to %v, want %s", got, nos[1])
	}
	d.key("enter") // leaves the filter box, keeps the filter
	d.key("enter") // opens the case
	waitFor(t, d.tm, nos[1]+"  lost card", "Next steps", "Timeline")
}

// TestApproveCancellationAsSecondSupervisor: the supervisor who recorded
// the returned form cannot approve it; after ctrl+o the other one can.
func TestApproveCancellationAsSecondSupervisor(t *testing.T) {
	d := startDesk(t)
	ctx := context.Background()
	m := d.freeMember()
	r, err := d.svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CaseCancellation})
	if err != nil {
		t.Fatal(err)
	}
	if r, _, err = d.svc.CheckIdentity(ctx, "tester", workflows.CheckIdentityRequest{CaseID: r.Case.ID,
		CaseVersion: r.Case.Version, Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}}); err != nil {
		t.Fatal(err)
	}
	if r, err = d.svc.MailForm(ctx, "tester", workflows.MailFormRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		NoRefundNoticeGiven: true}); err != nil {
		t.Fatal(err)
	}
	if r, err = d.svc.ReceiveForm(ctx, "tester", workflows.StepRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version}); err != nil {
		t.Fatal(err)
	}
	no := r.Case.No()

	approve := func() {
		d.ctrl('g')
		waitFor(t, d.tm, "Work queues")
		d.key("a")
		waitFor(t, d.tm, "Approvals", no)
		d.selectRow(no)
		d.key("a")
		waitFor(t, d.tm, "Approve "+no+"?")
		d.key("y")
	}
	approve()
	waitFor(t, d.tm, "tester requested cancellation "+no+" and cannot approve it")
	if c, _ := d.st.CaseByID(ctx, r.Case.ID); c.State != workflows.StateFormReceived {
		t.Fatalf("refused approval moved the case to %s", c.State)
	}
	d.key("esc")
	d.key("esc")
	waitFor(t, d.tm, "Search ")
	d.ctrl('o') // the second supervisor at this desk
	waitFor(t, d.tm, "supervisor")
	approve()
	waitFor(t, d.tm, "approved "+no)
	c, _ := d.st.CaseByID(ctx, r.Case.ID)
	if c.State != workflows.StateApproved || c.ApprovedBy != "supervisor" {
		t.Fatalf("case %s %s approved by %q", no, c.State, c.ApprovedBy)
	}
	waitView(t, d.tm, func(v string) bool { return strings.Count(v, no) == 1 }, "the approved case to leave the list")
}

// TestPrintSelectionReconcileAndMail: pick one kind, print it as one batch
// (reconciled at once), mark it mailed; a held password notice says why
// and a supervisor releases it.
func TestPrintSelectionReconcileAndMail(t *testing.T) {
	d := startDesk(t)
	ctx := context.Background()
	// A member whose address changed a week ago asks for a new password.
	m := d.freeMember()
	cc, err := d.svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CaseContactChange})
	if err != nil {
		t.Fatal(err)
	}
	ans := workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}
	if cc, _, err = d.svc.CheckIdentity(ctx, "tester", workflows.CheckIdentityRequest{CaseID: cc.Case.ID, CaseVersion: cc.Case.Version, Answers: ans}); err != nil {
		t.Fatal(err)
	}
	if _, err = d.svc.ChangeContact(ctx, "tester", workflows.ChangeContactRequest{CaseID: cc.Case.ID, CaseVersion: cc.Case.Version,
		MemberVersion: m.Version, Address: "大阪府大阪市北区梅田1-1-1"}); err != nil {
		t.Fatal(err)
	}
	pr, err := d.svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CasePasswordReset})
	if err != nil {
		t.Fatal(err)
	}
	if pr, _, err = d.svc.CheckIdentity(ctx, "tester", workflows.CheckIdentityRequest{CaseID: pr.Case.ID, CaseVersion: pr.Case.Version, Answers: ans}); err != nil {
		t.Fatal(err)
	}
	if pr, err = d.svc.IssuePassword(ctx, "tester", workflows.StepRequest{CaseID: pr.Case.ID, CaseVersion: pr.Case.Version}); err != nil {
		t.Fatal(err)
	}
	before, _ := d.st.CountQueuedLetters(ctx)

	d.ctrl('l')
	waitFor(t, d.tm, "Queued letters", "On hold", pr.Letter.RefNo(), "address changed in the last 30 days")
	for _, k := range []string{"2", "3", "4"} { // password notices only
		d.key(k)
	}
	waitFor(t, d.tm, "4[ ]", "1[x]")
	d.key("p")
	waitFor(t, d.tm, "as a new batch into")
	d.key("y")
	v := waitFor(t, d.tm, "letters printed to", "reconciled: manifest")
	after, _ := d.st.CountQueuedLetters(ctx)
	if after[workflows.LetterReissueForm] != before[workflows.LetterReissueForm] || after[workflows.LetterPasswordNotice] != 1 {
		t.Fatalf("queued before %v after %v: want only the unheld notices printed", before, after)
	}
	if !strings.Contains(v, "✔") {
		t.Errorf("no reconcile mark in\n%s", v)
	}
	d.key("m")
	waitFor(t, d.tm, "Mark batch")
	d.key("y")
	waitFor(t, d.tm, "marked mailed")
	d.key("u") // release the held notice
	waitFor(t, d.tm, "released "+pr.Letter.RefNo())
	d.key("2")
	d.key("3")
	d.key("4") // back to every kind, then print the rest
	waitFor(t, d.tm, "4[x]")
	d.key("p")
	waitFor(t, d.tm, "as a new batch into")
	d.key("y")
	waitFor(t, d.tm, "letters printed to", "reconciled: manifest")
	if n, _ := d.st.CountQueuedLetters(ctx); n[workflows.LetterPasswordNotice]+n[workflows.LetterReissueForm] != 0 {
		t.Fatalf("still queued: %v", n)
	}
}

// TestQueueScreensFillTheFrame: at the minimum window, in Japanese, every
// queue screen draws exactly 80×24 cells.
func TestQueueScreensFillTheFrame(t *testing.T) {
	d := startDeskAt(t, ui.LangJA, 80, 24)
	check := func(what string, want ...string) {
		t.Helper()
		v := waitFor(t, d.tm, want...)
		lines := strings.Split(v, "\n")
		if len(lines) != 24 {
			t.Errorf("%s: %d lines", what, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w != 80 {
				t.Errorf("%s: line %d is %d cells: %q", what, i, w, l)
			}
		}
	}
	d.ctrl('g')
	check("queues", "業務キュー", "期限超過", "受付(直近30日)")
	d.key("enter")
	check("queue cases", "全", "期限順")
	d.key("/")
	check("filter", "絞り込み")
	d.key("esc")
	d.key("esc")
	d.key("a")
	check("approvals", "承認待ち", "解約の承認")
	d.key("esc")
	d.key("esc")
	d.ctrl('l')
	check("print", "印刷待ち", "1[x]")
}

// TestReassignFromTheQueue: a supervisor hands the selected case to another
// operator; a name that is no account is refused with the reason.
func TestReassignFromTheQueue(t *testing.T) {
	d := startDesk(t)
	d.ctrl('g')
	waitFor(t, d.tm, "Work queues")
	d.selectRow("lost card", "card suspended")
	d.key("enter")
	v := waitView(t, d.tm, func(v string) bool { return caseNoRe.MatchString(lineWith(v, "▸")) }, "a selected case")
	no := caseNoRe.FindString(lineWith(v, "▸"))
	d.key("a")
	waitFor(t, d.tm, "New assignee for "+no)
	d.tm.Type("nobody")
	d.key("enter")
	waitFor(t, d.tm, "there is no operator nobody")
	d.key("a")
	waitFor(t, d.tm, "New assignee for "+no)
	d.tm.Type("supervisor")
	d.key("enter")
	waitFor(t, d.tm, no+" is now assigned to supervisor")
	var id int64
	fmt.Sscanf(no, "C-%d", &id)
	if c, _ := d.st.CaseByID(context.Background(), id); c.AssignedTo != "supervisor" {
		t.Fatalf("%s assigned to %q", no, c.AssignedTo)
	}
}

// TestReprintAskedAndApprovedBySecondSupervisor: a printed password notice
// is asked for again from the approvals screen; its asker cannot approve;
// the second supervisor's approval queues a notice with a new password.
func TestReprintAskedAndApprovedBySecondSupervisor(t *testing.T) {
	d := startDesk(t)
	ctx := context.Background()
	var printed workflows.Letter
	cases, _ := d.st.AllCases(ctx)
	for _, c := range cases {
		if c.Type == workflows.CasePasswordReset && c.State == workflows.StateLetterPrinted {
			ls, _ := d.st.LettersOfCase(ctx, c.ID)
			printed = ls[0]
		}
	}
	if printed.ID == 0 {
		t.Fatal("the demo has no printed password notice")
	}
	hash, _ := d.st.PasswordHash(ctx, printed.MemberID)
	open := func() {
		d.ctrl('g')
		waitFor(t, d.tm, "Work queues")
		d.key("a")
		waitFor(t, d.tm, "Approvals")
	}
	open()
	d.key("n")
	waitFor(t, d.tm, "Letter to reprint")
	d.tm.Type("L-x")
	d.key("enter")
	waitFor(t, d.tm, "L-x is not a letter number")
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	d.tm.Type(strings.TrimPrefix(printed.RefNo(), "L-"))
	d.key("enter")
	waitFor(t, d.tm, "Why ")
	d.tm.Type("宛先不明で返送")
	d.key("enter")
	v := waitFor(t, d.tm, "waits for a second supervisor", "letter reprint")
	req := regexp.MustCompile(`R-\d{5}`).FindString(v)
	d.selectRow(req)
	d.key("a")
	d.key("y")
	waitFor(t, d.tm, "tester made request "+req+" and cannot decide it")
	d.key("esc")
	d.key("esc")
	waitFor(t, d.tm, "Search ")
	d.ctrl('o')
	open()
	d.selectRow(req)
	d.key("a")
	d.key("y")
	waitFor(t, d.tm, "approved "+req)
	if h, _ := d.st.PasswordHash(ctx, printed.MemberID); h == hash {
		t.Error("the reprint did not issue a new password")
	}
	ls, _ := d.st.LettersOfMember(ctx, printed.MemberID)
	if ls[0].ID == printed.ID || ls[0].Kind != workflows.LetterPasswordNotice || ls[0].State != workflows.LetterQueued {
		t.Fatalf("newest letter %+v, want a queued password notice", ls[0])
	}
}
