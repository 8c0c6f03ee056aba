package workflows

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Queue groups: whom the cases of a queue wait on, in the order the queues
// screen lists them.
const (
	GroupUs       = "us"
	GroupMember   = "member"
	GroupMail     = "mail"
	GroupApproval = "approval"
	GroupIssuer   = "issuer"
)

// QueueGroups is the display order of the groups.
var QueueGroups = []string{GroupUs, GroupApproval, GroupMember, GroupMail, GroupIssuer}

// DueSoonDays is how many business days ahead counts as "due soon".
const DueSoonDays = 2

// FlowDays is how many days the intake and closure sparklines cover.
const FlowDays = 30

// QueueFigure is one queue on the supervisor's screen: the open cases of
// one type in one state. Ages and due dates are in business days.
type QueueFigure struct {
	Type      store.CaseType  `json:"type"`
	State     store.CaseState `json:"state"`
	Group     string          `json:"group"`
	Count     int             `json:"count"`
	OldestAge int             `json:"oldest_age_days"` // business days since the oldest case was opened
	DueSoon   int             `json:"due_soon"`        // due today or within DueSoonDays business days
	Overdue   int             `json:"overdue"`
	Intake    []int           `json:"intake_30d"` // cases of the type opened per day, oldest day first
	Closed    []int           `json:"closed_30d"` // and closed
}

// groupOf is the group a queue belongs to. A cancellation whose form came
// back waits on a supervisor's approval, whatever its waiting_on says.
func groupOf(t store.CaseType, st store.CaseState, waitingOn string) string {
	if t == store.CaseCancellation && st == store.StateFormReceived {
		return GroupApproval
	}
	if waitingOn == "" {
		return GroupUs
	}
	return waitingOn
}

// Queues returns the figures of every non-empty queue at the service
// clock's time, grouped (QueueGroups order), then by type and state.
func (s *Service) Queues(ctx context.Context) ([]QueueFigure, error) {
	now := s.clock.Now()
	today := day(now)
	rows, err := s.st.QueueSummary(ctx, store.DateOf(today), store.DateOf(s.cal.AddBusinessDays(today, DueSoonDays)))
	if err != nil {
		return nil, s.wrapStore(err, "queues")
	}
	first := today.AddDate(0, 0, -(FlowDays - 1))
	flow, err := s.st.CaseFlow(ctx, first, FlowDays)
	if err != nil {
		return nil, s.wrapStore(err, "queues")
	}
	intake := map[store.CaseType][]int{}
	closed := map[store.CaseType][]int{}
	for _, f := range flow {
		d, err := time.ParseInLocation(time.DateOnly, f.Day, today.Location())
		if err != nil {
			continue
		}
		i := int(d.Sub(first).Hours()/24 + 0.5)
		if i < 0 || i >= FlowDays {
			continue
		}
		if intake[f.Type] == nil {
			intake[f.Type], closed[f.Type] = make([]int, FlowDays), make([]int, FlowDays)
		}
		intake[f.Type][i] += f.Opened
		closed[f.Type][i] += f.Closed
	}
	byKey := map[string]*QueueFigure{}
	var out []QueueFigure
	for _, r := range rows {
		g := groupOf(r.Type, r.State, r.WaitingOn)
		k := string(r.Type) + "/" + string(r.State)
		f := byKey[k]
		if f == nil {
			out = append(out, QueueFigure{Type: r.Type, State: r.State, Group: g})
			f = &out[len(out)-1]
		}
		f.Count += r.Count
		f.Overdue += r.Overdue
		f.DueSoon += r.DueSoon
		if age := s.cal.BusinessDaysBetween(day(r.OldestOpened), today); age > f.OldestAge {
			f.OldestAge = age
		}
		byKey[k] = f
	}
	for i := range out {
		f := &out[i]
		f.Intake, f.Closed = intake[f.Type], closed[f.Type]
		if f.Intake == nil {
			f.Intake, f.Closed = make([]int, FlowDays), make([]int, FlowDays)
		}
	}
	rank := map[string]int{}
	for i, g := range QueueGroups {
		rank[g] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Group] != rank[b.Group] {
			return rank[a.Group] < rank[b.Group]
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return stateRank(a.Type, a.State) < stateRank(b.Type, b.State)
	})
	return out, nil
}

func stateRank(t store.CaseType, st store.CaseState) int {
	for i, x := range stateOrder[t] {
		if x == st {
			return i
		}
	}
	return len(stateOrder[t])
}

// QueueItem is a case on a queue page with its age and due date counted in
// business days at the service clock's time.
type QueueItem struct {
	store.QueueCase
	AgeDays int  // business days since opened
	DueIn   int  // business days until due; negative when overdue
	HasDue  bool // the case has a due date
	Overdue bool
}

// QueuePage is one page of a queue and how many cases match in all.
type QueuePage struct {
	Items []QueueItem
	Total int
}

// QueueCases reads one page of a queue (paged, sorted and filtered in SQL).
func (s *Service) QueueCases(ctx context.Context, q store.QueueQuery) (QueuePage, error) {
	if err := checkText("filter", q.Filter, false); err != nil {
		return QueuePage{}, err
	}
	if len([]rune(q.Filter)) > 64 {
		return QueuePage{}, refuse(EINVALID, "queue.bad_filter")
	}
	today := day(s.clock.Now())
	if q.Overdue {
		q.Today = store.DateOf(today)
	}
	cases, total, err := s.st.QueuePage(ctx, q)
	if err != nil {
		return QueuePage{}, s.wrapStore(err, "queue")
	}
	page := QueuePage{Total: total, Items: make([]QueueItem, len(cases))}
	for i, c := range cases {
		it := QueueItem{QueueCase: c, AgeDays: s.cal.BusinessDaysBetween(day(c.OpenedAt), today)}
		if !c.DueOn.IsZero() {
			due := dateIn(c.DueOn, today.Location())
			it.HasDue = true
			it.DueIn = s.cal.BusinessDaysBetween(today, due)
			it.Overdue = due.Before(today)
		}
		page.Items[i] = it
	}
	return page, nil
}

// dateIn is a stored date as midnight in loc, the form the calendar takes.
func dateIn(d store.Date, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// ReassignRequest hands an open case to another operator.
type ReassignRequest struct {
	CaseID      int64
	CaseVersion int64
	To          string
	Note        string
}

// ReassignCase gives an open case to another operator (supervisors only).
// The new assignee must be an enabled account once accounts exist.
func (s *Service) ReassignCase(ctx context.Context, op string, req ReassignRequest) (Result, error) {
	to := strings.TrimSpace(req.To)
	if err := checkOperator(to); err != nil {
		return Result{}, refuse(EINVALID, "queue.reassign_to", "operator", req.To)
	}
	// A refusal is recorded on the member, not the case: a case's audit
	// rows are its versions.
	var on *store.AuditEvent
	if c, err := s.st.CaseByID(ctx, req.CaseID); err == nil {
		on = &store.AuditEvent{MemberID: c.MemberID}
	}
	if err := s.supervisorOnly(ctx, op, "reassign_case", on); err != nil {
		return Result{}, err
	}
	note, err := normalizeNote("note", req.Note, false)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = s.write(ctx, op, func(tx *store.Tx) error {
		c, err := loadCase(tx, req.CaseID, req.CaseVersion)
		if err != nil {
			return err
		}
		if !c.Open() {
			return refuse(ESTATE, "case.finished", "case", c.No(), "state", string(c.State))
		}
		if any, err := tx.HasOperators(); err != nil {
			return err
		} else if any {
			o, err := tx.OperatorByLogin(to)
			if errors.Is(err, store.ErrNotFound) || (err == nil && o.Disabled) {
				return refuse(EINVALID, "queue.reassign_to", "operator", to)
			} else if err != nil {
				return err
			}
			// Logins match without case: store the account's own
			// spelling, or "OP1" and "op1" would be two assignees.
			to = o.Login
		}
		if c.AssignedTo == to {
			return refuse(EINVALID, "queue.same_assignee", "case", c.No(), "operator", to)
		}
		from := c.AssignedTo
		c.AssignedTo = to
		if err := tx.UpdateCase(&c); err != nil {
			return wrapStore(err, c.No())
		}
		e := &store.AuditEvent{Operator: op, Action: "case.reassign", MemberID: c.MemberID, CaseID: c.ID,
			CardID: c.CardID, FromState: c.State, ToState: c.State, Note: note,
			Before: fields{"assigned_to": from}.json(), After: fields{"assigned_to": to}.json()}
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		res.Case = c
		return nil
	})
	return res, err
}

// supervisorOnly is the role check of every function in this slice: the
// accounts' requireSupervisor, which also writes the refusal's audit row.
func (s *Service) supervisorOnly(ctx context.Context, op, what string, on *store.AuditEvent) error {
	return s.requireSupervisor(ctx, op, what, on)
}

func init() {
	Messages.Add(msg.Set{
		"queue.bad_filter":    {"絞り込みの文字が長すぎるか、制御文字を含んでいます", "the filter is too long or contains control characters"},
		"queue.reassign_to":   {"担当者 {operator} はいません（有効な操作者のログイン名を指定してください）", "there is no operator {operator}: give the login of an enabled operator"},
		"queue.same_assignee": {"受付 {case} はすでに {operator} さんの担当です", "case {case} is already assigned to {operator}"},
	})
}
