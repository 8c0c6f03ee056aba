package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// QueueRow is one work queue: the open cases of one type in one state.
type QueueRow struct {
	Type         CaseType
	State        CaseState
	WaitingOn    string
	Count        int
	OldestOpened time.Time // the oldest case's opened_at
	Overdue      int       // due before the day asked about
	DueSoon      int       // due from that day up to the "soon" day, inclusive
}

// QueueSummary counts the open cases per type and state, with the oldest
// and how many are overdue (due_on < today) or due soon (today <= due_on <=
// soon). The days are ISO dates the caller counted in business days; the
// query is an index-only scan of cases_queue.
func (s *Store) QueueSummary(ctx context.Context, today, soon Date) ([]QueueRow, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT type, state, waiting_on, count(*), min(opened_at),
		count(*) FILTER (WHERE due_on != '' AND due_on < ?1), count(*) FILTER (WHERE due_on >= ?1 AND due_on <= ?2)
		FROM cases WHERE closed_at = '' GROUP BY type, state, waiting_on ORDER BY type, state`,
		today.String(), soon.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueueRow
	for rows.Next() {
		var q QueueRow
		var oldest string
		if err := rows.Scan(&q.Type, &q.State, &q.WaitingOn, &q.Count, &oldest, &q.Overdue, &q.DueSoon); err != nil {
			return nil, err
		}
		if q.OldestOpened, err = parseTime(oldest); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// QueueSort is the order of a queue page.
type QueueSort string

const (
	SortDue QueueSort = "due" // earliest due first (no due date last)
	SortAge QueueSort = "age" // oldest first
)

// QueueQuery asks for one page of one queue. Filter matches a member
// number prefix, a case number (C-0000123 or 123), the assignee, or part of
// the member's name.
type QueueQuery struct {
	Type  CaseType
	State CaseState
	// Overdue asks instead for every open case of every queue due before
	// Today: the supervisor's one list of what is late.
	Overdue bool
	Today   Date
	Sort    QueueSort
	Desc    bool
	Filter  string
	Limit   int
	Offset  int
}

// QueueCase is a case on a queue page with the member it is for.
type QueueCase struct {
	Case
	MemberNo   string
	MemberName string
}

// filterCaseIDs is a subquery of the case ids a filter can mean, each
// part an index range rather than a scan of the queue: digits are a case
// number or a member-number prefix; anything else is the assignee's login
// or a prefix of the member's folded name or reading (family or given).
func filterCaseIDs(q QueueQuery) (string, []any) {
	f := Fold(q.Filter)
	if f == "" {
		return "", nil
	}
	const top = "\U0010FFFF" // sorts after every character: [f, f+top) is "starts with f"
	if d := strings.TrimPrefix(f, "c-"); d != "" && strings.Trim(d, "0123456789") == "" {
		id, _ := strconv.ParseInt(strings.TrimLeft(d, "0"), 10, 64)
		return `SELECT ? UNION SELECT id FROM cases WHERE member_id IN
			(SELECT id FROM members WHERE member_no >= ? AND member_no < ?)`, []any{id, d, d + ":"}
	}
	if q.Overdue {
		return `SELECT id FROM cases WHERE closed_at = '' AND assigned_to = ?
		UNION SELECT id FROM cases WHERE member_id IN (
			SELECT id FROM members WHERE name_key >= ? AND name_key < ?
			UNION SELECT id FROM members WHERE kana_key >= ? AND kana_key < ?
			UNION SELECT id FROM members WHERE given_key >= ? AND given_key < ?
			UNION SELECT id FROM members WHERE given_kana_key >= ? AND given_kana_key < ?)`,
			[]any{f, f, f + top, f, f + top, f, f + top, f, f + top}
	}
	return `SELECT id FROM cases WHERE closed_at = '' AND type = ? AND state = ? AND assigned_to = ?
		UNION SELECT id FROM cases WHERE member_id IN (
			SELECT id FROM members WHERE name_key >= ? AND name_key < ?
			UNION SELECT id FROM members WHERE kana_key >= ? AND kana_key < ?
			UNION SELECT id FROM members WHERE given_key >= ? AND given_key < ?
			UNION SELECT id FROM members WHERE given_kana_key >= ? AND given_kana_key < ?)`,
		[]any{q.Type, q.State, f, f, f + top, f, f + top, f, f + top, f, f + top}
}

// QueuePage reads one page of a queue and the number of cases matching the
// filter, both in SQL: the console never holds a whole queue. Without a
// filter the page's ids come from an index-only walk of cases_open (due
// date) or cases_open_age (age), so a deep page skips index entries, not
// rows; the members are joined for the page alone.
func (s *Store) QueuePage(ctx context.Context, q QueueQuery) ([]QueueCase, int, error) {
	where := `c.closed_at = '' AND c.type = ? AND c.state = ?`
	args := []any{q.Type, q.State}
	if q.Overdue {
		// Open cases are few beside members; cases_open covers due_on.
		where, args = `c.closed_at = '' AND c.due_on != '' AND c.due_on < ?`, []any{q.Today.String()}
	}
	from := `cases c`
	if ids, fargs := filterCaseIDs(q); ids != "" {
		where += ` AND c.id IN (` + ids + `)`
		args = append(args, fargs...)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	// An open case always has a due date (every open state sets one), so
	// plain due_on order is the index's order.
	order := `due_on, id`
	if q.Sort == SortAge {
		order = `opened_at, id`
	}
	if q.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.read.QueryContext(ctx, `WITH page AS (SELECT c.id FROM `+from+` WHERE `+where+`
		ORDER BY c.`+strings.ReplaceAll(order, ", ", ", c.")+` LIMIT ? OFFSET ?)
		SELECT `+caseCols+`, member_no, member_name FROM (
			SELECT c.*, m.member_no AS member_no, m.family_name || ' ' || m.given_name AS member_name
			FROM page JOIN cases c ON c.id = page.id JOIN members m ON m.id = c.member_id) pc
		ORDER BY `+order, append(args, limit, q.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []QueueCase
	for rows.Next() {
		var qc QueueCase
		var no, name string
		c, err := scanCase(suffixScanner{rows, []any{&no, &name}})
		if err != nil {
			return nil, 0, fmt.Errorf("queue page: %w", err)
		}
		qc.Case, qc.MemberNo, qc.MemberName = c, no, name
		out = append(out, qc)
	}
	return out, total, rows.Err()
}

// suffixScanner lets scanCase read a row that has extra columns after the
// case's own.
type suffixScanner struct {
	row   scanner
	extra []any
}

func (s suffixScanner) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// FlowDay is how many cases of one type were opened and closed on one
// Tokyo calendar day (ISO).
type FlowDay struct {
	Type   CaseType
	Day    string
	Opened int
	Closed int
}

// CaseFlow counts cases opened and closed per type on each of n days
// from first (midnight of first's calendar day in its location; Day is
// that day, ISO). Each day is an index range on cases_opened_at and
// cases_closed_at (both cover type), so no row is read or converted.
func (s *Store) CaseFlow(ctx context.Context, first time.Time, n int) ([]FlowDay, error) {
	if n <= 0 {
		return nil, nil
	}
	var vals strings.Builder
	args := make([]any, 0, 3*n)
	for i := range n {
		lo := first.AddDate(0, 0, i)
		if i > 0 {
			vals.WriteString(", ")
		}
		vals.WriteString("(?, ?, ?)")
		args = append(args, lo.Format(time.DateOnly), fmtTime(lo), fmtTime(lo.AddDate(0, 0, 1)))
	}
	days := `WITH days(d, lo, hi) AS (VALUES ` + vals.String() + `) `
	byKey := map[string]*FlowDay{}
	var order []string
	for i, q := range []string{
		days + `SELECT d, c.type, count(*) FROM days JOIN cases c ON c.opened_at >= lo AND c.opened_at < hi GROUP BY d, c.type`,
		days + `SELECT d, c.type, count(*) FROM days JOIN cases c ON c.closed_at >= lo AND c.closed_at < hi AND c.closed_at != ''
			GROUP BY d, c.type`,
	} {
		rows, err := s.read.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t CaseType
			var d string
			var n int
			if err := rows.Scan(&d, &t, &n); err != nil {
				rows.Close()
				return nil, err
			}
			k := string(t) + "/" + d
			f := byKey[k]
			if f == nil {
				f = &FlowDay{Type: t, Day: d}
				byKey[k] = f
				order = append(order, k)
			}
			if i == 0 {
				f.Opened += n
			} else {
				f.Closed += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]FlowDay, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out, nil
}
