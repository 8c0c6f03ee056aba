package workflows

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// lostAt opens a lost-card case (card_suspended, waiting on us, due
// DeskStepDays business days later) with the clock at t.
func (e *env) lostAt(t time.Time) store.Case {
	e.t.Helper()
	e.clock.Set(t)
	mid := e.member(false)
	card := e.card(mid)
	return must(e.t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: mid, CardID: card.ID,
		CardVersion: card.Version}))
}

func (e *env) figure(typ store.CaseType, st store.CaseState) QueueFigure {
	e.t.Helper()
	qs, err := e.svc.Queues(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, q := range qs {
		if q.Type == typ && q.State == st {
			return q
		}
	}
	e.t.Fatalf("no queue %s/%s in %+v", typ, st, qs)
	return QueueFigure{}
}

func (e *env) item(c store.Case) QueueItem {
	e.t.Helper()
	p, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: c.Type, State: c.State, Filter: c.No()})
	if err != nil || len(p.Items) != 1 {
		e.t.Fatalf("queue page for %s: %v %+v", c.No(), err, p)
	}
	return p.Items[0]
}

// TestQueueAgesAndDueInBusinessDays opens cases at fixed instants and reads
// the queue figures at others: ages and due dates must skip weekends,
// holidays and the year-end closure, and a day starts at Tokyo midnight.
func TestQueueAgesAndDueInBusinessDays(t *testing.T) {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, jst) }
	for _, tc := range []struct {
		name          string
		opened, seen  time.Time
		age, dueIn    int
		overdue, soon bool
	}{
		// Friday 2025-06-06: due Tuesday 06-10 (2 business days).
		{"weekend: Saturday counts nothing", at(2025, 6, 6, 10, 0), at(2025, 6, 7, 12, 0), 0, 2, false, true},
		{"weekend: Monday is the first day", at(2025, 6, 6, 10, 0), at(2025, 6, 9, 9, 0), 1, 1, false, true},
		{"weekend: due day itself", at(2025, 6, 6, 10, 0), at(2025, 6, 10, 17, 0), 2, 0, false, true},
		{"weekend: overdue the day after", at(2025, 6, 6, 10, 0), at(2025, 6, 11, 9, 0), 3, -1, true, false},
		// Friday 2025-07-18, Monday 07-21 is 海の日: due Wednesday 07-23.
		{"holiday: Marine Day skipped", at(2025, 7, 18, 10, 0), at(2025, 7, 22, 10, 0), 1, 1, false, true},
		{"holiday: due after it", at(2025, 7, 18, 10, 0), at(2025, 7, 24, 10, 0), 3, -1, true, false},
		// Opened 23:30 Tuesday in Tokyo (14:30 UTC, still Tuesday in UTC too);
		// seen 00:10 Wednesday Tokyo, which is 15:10 Tuesday in UTC.
		{"midnight: 23:59 is still the same day", at(2025, 6, 3, 23, 30), at(2025, 6, 3, 23, 59), 0, 2, false, true},
		{"midnight: ten past is a day older", at(2025, 6, 3, 23, 30), at(2025, 6, 4, 0, 10), 1, 1, false, true},
		// Friday 2025-12-26; 12-29..01-03 closed, 01-04 Sunday: due Tue 01-06.
		{"year end: the closure counts nothing", at(2025, 12, 26, 10, 0), at(2026, 1, 2, 10, 0), 0, 2, false, true},
		{"year end: first day back", at(2025, 12, 26, 10, 0), at(2026, 1, 5, 10, 0), 1, 1, false, true},
		{"year end: overdue after", at(2025, 12, 26, 10, 0), at(2026, 1, 7, 10, 0), 3, -1, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 2, 0)
			c := e.lostAt(tc.opened)
			e.clock.Set(tc.seen)
			it := e.item(c)
			if it.AgeDays != tc.age || it.DueIn != tc.dueIn || it.Overdue != tc.overdue || !it.HasDue {
				t.Errorf("due %s: age %d due in %d overdue %v; want %d %d %v", c.DueOn, it.AgeDays, it.DueIn,
					it.Overdue, tc.age, tc.dueIn, tc.overdue)
			}
			f := e.figure(store.CaseLostCard, store.StateCardSuspended)
			soon := 0
			if tc.soon {
				soon = 1
			}
			over := 0
			if tc.overdue {
				over = 1
			}
			if f.Count != 1 || f.OldestAge != tc.age || f.Overdue != over || f.DueSoon != soon || f.Group != GroupUs {
				t.Errorf("figure %+v; want age %d overdue %d soon %d", f, tc.age, over, soon)
			}
		})
	}
}

func TestQueueFiguresGroupsFlowAndPaging(t *testing.T) {
	e := newEnv(t, 12, 0)
	mon := time.Date(2025, 6, 2, 10, 0, 0, 0, jst)
	var lost []store.Case
	for i := range 5 {
		lost = append(lost, e.lostAt(mon.AddDate(0, 0, i))) // Mon..Fri
	}
	e.clock.Set(mon)
	canc := e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm})
	e.clock.Set(mon.AddDate(0, 0, 3))
	e.reach(store.CaseContactChange, false, []Action{ActChangeContact}) // opened and closed on Thursday
	e.clock.Set(time.Date(2025, 6, 9, 9, 0, 0, 0, jst))                 // the next Monday

	f := e.figure(store.CaseLostCard, store.StateCardSuspended)
	if f.Count != 5 || f.OldestAge != 5 {
		t.Errorf("lost queue %+v: want 5 cases, oldest 5 business days", f)
	}
	// Intake: the last FlowDays days end today (index 29); Monday 06-02 is 7 days back.
	if len(f.Intake) != FlowDays || f.Intake[FlowDays-1-7] != 1 || f.Intake[FlowDays-1-3] != 1 || f.Intake[FlowDays-1] != 0 {
		t.Errorf("intake %v", f.Intake)
	}
	qs, _ := e.svc.Queues(e.ctx)
	for _, q := range qs {
		if q.Type == store.CaseContactChange {
			t.Errorf("a closed case's type has a queue: %+v", q)
		}
	}
	if g := e.figure(store.CaseCancellation, store.StateFormReceived).Group; g != GroupApproval {
		t.Errorf("cancellation with its form back is in group %q, want approval", g)
	}
	_ = canc

	// Paging and sorting happen in SQL: two pages of two, then one.
	var seen []int64
	for off := 0; off < 6; off += 2 {
		p, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseLostCard, State: store.StateCardSuspended,
			Sort: store.SortAge, Limit: 2, Offset: off})
		if err != nil || p.Total != 5 {
			t.Fatalf("page at %d: %v total %d", off, err, p.Total)
		}
		for _, it := range p.Items {
			seen = append(seen, it.ID)
		}
	}
	for i, c := range lost {
		if i >= len(seen) || seen[i] != c.ID {
			t.Fatalf("age order %v, want the cases in opening order", seen)
		}
	}
	p, _ := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseLostCard, State: store.StateCardSuspended,
		Sort: store.SortDue, Desc: true, Limit: 1})
	if len(p.Items) != 1 || p.Items[0].ID != lost[4].ID {
		t.Errorf("latest due first: got %+v", p.Items)
	}
	for _, f := range []string{"山田", "やまだ", "ﾀﾛｳ", "alice", lost[2].No(), "C-" + fmt.Sprint(lost[2].ID)} {
		p, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseLostCard, State: store.StateCardSuspended, Filter: f})
		want := 5
		if strings.HasPrefix(f, "C-") {
			want = 1
		}
		if err != nil || p.Total != want || len(p.Items) != want {
			t.Errorf("filter %q: %d of %d (%v), want %d", f, len(p.Items), p.Total, err, want)
		}
	}
	if p, _ := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseLostCard, State: store.StateCardSuspended,
		Filter: "bob"}); p.Total != 0 {
		t.Errorf("filter bob: %d", p.Total)
	}
	_, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Type: store.CaseLostCard, State: store.StateCardSuspended,
		Filter: "a\x00b"})
	wantCode(t, err, EINVALID)
}

func TestReassignCase(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.lostAt(time.Date(2025, 6, 2, 10, 0, 0, 0, jst))
	before := e.auditCount()
	_, err := e.svc.ReassignCase(e.ctx, testOperator, ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "bob"})
	wantCode(t, err, EFORBIDDEN)
	if e.auditCount() != before+1 {
		t.Errorf("an operator's refused reassign left no audit row")
	}
	if e.caseRec(c.ID).AssignedTo != c.AssignedTo {
		t.Fatal("refused reassign changed the case")
	}
	_, err = e.svc.ReassignCase(e.ctx, "bob", ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "nobody"})
	wantCode(t, err, EINVALID)
	r, err := e.svc.ReassignCase(e.ctx, "bob", ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "op1"})
	if err != nil || r.Case.AssignedTo != "op1" {
		t.Fatalf("reassign: %v %+v", err, r.Case)
	}
	evs, _ := e.st.AuditOfCase(e.ctx, c.ID)
	last := evs[len(evs)-1]
	if last.Action != "case.reassign" || last.Operator != "bob" || last.After != `{"assigned_to":"op1"}` {
		t.Errorf("audit row %+v", last)
	}
	_, err = e.svc.ReassignCase(e.ctx, "bob", ReassignRequest{CaseID: c.ID, CaseVersion: c.Version, To: "carol"})
	wantCode(t, err, ECONFLICT) // the version the supervisor saw is gone
	checkInvariants(t, e.st)
}

// TestOverdueAcrossQueues: the overdue view lists every open case due
// before today whatever its queue, as many as the queue figures count
// overdue, in due order, and the filter narrows it.
func TestOverdueAcrossQueues(t *testing.T) {
	e := newEnv(t, 12, 0)
	mon := time.Date(2025, 6, 2, 10, 0, 0, 0, jst)
	for i := range 3 {
		e.lostAt(mon.AddDate(0, 0, i))
	}
	e.clock.Set(mon)
	e.reach(store.CaseCancellation, false, []Action{ActMailForm})
	e.clock.Set(time.Date(2025, 7, 1, 9, 0, 0, 0, jst)) // weeks later: all late
	qs, _ := e.svc.Queues(e.ctx)
	want, queues := 0, 0
	for _, q := range qs {
		want += q.Overdue
		if q.Overdue > 0 {
			queues++
		}
	}
	if want < 4 || queues < 2 {
		t.Fatalf("setup: %d overdue in %d queues", want, queues)
	}
	p, err := e.svc.QueueCases(e.ctx, store.QueueQuery{Overdue: true, Limit: 50})
	if err != nil || p.Total != want || len(p.Items) != want {
		t.Fatalf("overdue: %d of %d (%v), want %d", len(p.Items), p.Total, err, want)
	}
	for i, it := range p.Items {
		if !it.Overdue || (i > 0 && it.DueOn.Before(p.Items[i-1].DueOn.Time)) {
			t.Errorf("item %d %+v: not overdue or out of due order", i, it)
		}
	}
	if p, _ := e.svc.QueueCases(e.ctx, store.QueueQuery{Overdue: true, Filter: p.Items[0].No()}); p.Total != 1 {
		t.Errorf("filtered by case number: %d", p.Total)
	}
}
