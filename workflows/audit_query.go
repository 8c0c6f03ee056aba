package workflows

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// AuditQuery is an audit filter as people type it, on the audit screen or
// as `spdesk audit export` flags. Empty fields do not filter.
type AuditQuery struct {
	Operator string // login of who made the change
	Member   string // member number
	Case     string // C-0000123 or 123
	Action   string // an action (lost_card.report) or a procedure (lost_card)
	From, To string // Tokyo calendar days, YYYY-MM-DD, both included
}

// MemberLookup finds a member by number; *store.Store has it.
type MemberLookup interface {
	MemberByNo(ctx context.Context, no string) (store.Member, error)
}

// ParseAuditQuery checks q and turns it into a store filter, resolving
// the member number. A wrong field is refused with EINVALID naming it
// (Args "field", "value"), and nothing else is read.
func ParseAuditQuery(ctx context.Context, q AuditQuery, members MemberLookup) (store.AuditFilter, error) {
	f := store.AuditFilter{Operator: strings.TrimSpace(q.Operator), Action: strings.TrimSpace(q.Action)}
	bad := func(key, field, value string) error { return refuse(EINVALID, key, "flag", field, "value", value) }
	if err := checkText("operator", f.Operator, false); err != nil {
		return f, err
	}
	if err := checkText("action", f.Action, false); err != nil {
		return f, err
	}
	if len(f.Operator) > 64 {
		return f, bad("audit.query.operator", "operator", "")
	}
	if len(f.Action) > 64 {
		return f, bad("audit.query.action", "action", "")
	}
	if c := strings.TrimSpace(q.Case); c != "" {
		id, err := ParseCaseNo(c)
		if err != nil {
			return f, bad("audit.query.case", "case", c)
		}
		f.CaseID = id
	}
	var err error
	if f.From, err = auditDay(q.From); err != nil {
		return f, bad("audit.query.date", "from", strings.TrimSpace(q.From))
	}
	if f.To, err = auditDay(q.To); err != nil {
		return f, bad("audit.query.date", "to", strings.TrimSpace(q.To))
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, refuse(EINVALID, "audit.query.range", "from", strings.TrimSpace(q.From), "to", strings.TrimSpace(q.To))
	}
	if no := strings.TrimSpace(q.Member); no != "" {
		if !validMemberNo(no) {
			return f, bad("audit.query.member", "member", no)
		}
		m, err := members.MemberByNo(ctx, no)
		if errors.Is(err, store.ErrNotFound) {
			return f, refuse(ENOTFOUND, "audit.query.no_member", "flag", "member", "value", no)
		} else if err != nil {
			return f, wrapStore(err, no)
		}
		f.MemberID = m.ID
	}
	return f, nil
}

// ParseCaseNo reads a case number as printed (C-0000123) or just its
// digits.
func ParseCaseNo(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && (s[:2] == "C-" || s[:2] == "c-") {
		s = s[2:]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errors.New("not a case number")
	}
	return id, nil
}

func auditDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	// The forms a report's dates take (ParseReportDate): 2026-11-01,
	// 2026/11/01, 20261101, 2026年11月1日, an era date, full-width digits.
	d, err := NormalizeBirthDate(s, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Time.Year(), d.Time.Month(), d.Time.Day(), 0, 0, 0, 0, tokyo), nil
}

// validMemberNo is ten digits; the check digit is the store's business.
func validMemberNo(s string) bool {
	return len(s) == 10 && strings.Trim(s, "0123456789") == ""
}

func init() {
	Messages.Add(msg.Set{
		"audit.query.operator":  {"操作者のログイン名が正しくありません", "the operator login is not valid"},
		"audit.query.action":    {"操作の名前が正しくありません", "the action is not valid"},
		"audit.query.case":      {"案件番号「{value}」は C-0000123 か 123 の形で指定してください", "case {value}: give a case number like C-0000123 or 123"},
		"audit.query.date":      {"{flag} の日付「{value}」は YYYY-MM-DD の形で指定してください", "{flag} date {value}: give a date as YYYY-MM-DD"},
		"audit.query.range":     {"開始日 {from} が終了日 {to} より後です", "the first day {from} is after the last day {to}"},
		"audit.query.member":    {"会員番号「{value}」は 10 桁の数字で指定してください", "member {value}: give the 10-digit member number"},
		"audit.query.no_member": {"会員番号 {value} の会員はいません", "no member has the number {value}"},
	})
}
