package workflows

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/bizday"
)

// The call log. Every call is a record: the console starts one when the
// operator opens a member (or for a caller it cannot identify) and asks
// for its wrap-up when they leave: one or more reasons of the catalog
// (call_reasons.go), the outcome, a note, and the cases and articles it
// touched. Most calls change nothing else, and today they would leave no
// trace; with the log the next operator sees what was already tried.

// StartCall opens a call taken by op from member memberID, or from a
// caller not identified (0), with its audit row.
func (s *Service) StartCall(ctx context.Context, op string, memberID int64) (store.Call, error) {
	var c store.Call
	err := s.writeMember(ctx, op, memberID, func(tx *store.Tx) error {
		if memberID != 0 {
			if _, err := tx.Member(memberID); err != nil {
				return wrapStore(err, "member")
			}
		}
		c = store.Call{MemberID: memberID, Operator: op}
		if err := tx.InsertCall(&c); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "call.start", MemberID: memberID,
			After: fields{"call": c.No()}.json()})
	})
	if err != nil {
		return store.Call{}, err
	}
	return s.st.CallByID(ctx, c.ID)
}

// callMember is the member a wrap-up concerns: the call's, or for a call
// begun unidentified the member found during it; 0 when not known (the
// wrap-up then runs alone).
func (s *Service) callMember(ctx context.Context, req WrapUpRequest) int64 {
	m, err := s.st.CallMemberID(ctx, req.CallID)
	if err != nil {
		return 0
	}
	if m != 0 {
		return m
	}
	return req.MemberID
}

// WrapUpRequest is a call's wrap-up, for the call at the version the
// operator saw. SuggestWrapUp fills one from what was done during the call.
type WrapUpRequest struct {
	CallID      int64
	CallVersion int64
	// MemberID names the caller when the call began unidentified and the
	// member was found during it; 0 keeps the call's.
	MemberID int64
	Reasons  []string // one or more codes of CallReasons, the main one first
	Outcome  store.CallOutcome
	Note     string   // optional, as typed
	Cases    []int64  // cases the call touched (the member's)
	Articles []string // knowledge-base article ids used
}

// WrapUpCall ends an open call with its reasons, outcome, note and links,
// in one transaction with its audit row. Only the operator who took it (or
// a supervisor) wraps it up, once. A note holding a card number or a
// password is refused and nothing is written.
func (s *Service) WrapUpCall(ctx context.Context, op string, req WrapUpRequest) (store.Call, error) {
	reasons, err := checkReasons(req.Reasons)
	if err != nil {
		return store.Call{}, err
	}
	if !slices.Contains(CallOutcomes(), req.Outcome) {
		return store.Call{}, refuse(EINVALID, "call.outcome", "outcome", string(req.Outcome))
	}
	err = s.writeMember(ctx, op, s.callMember(ctx, req), func(tx *store.Tx) error {
		c, err := tx.Call(req.CallID)
		if err != nil {
			return wrapStore(err, "call")
		}
		if !c.Open() {
			return refuse(ESTATE, "call.wrapped_up", "call", c.No())
		}
		if c.Version != req.CallVersion {
			return stale(c.No())
		}
		if c.Operator != op {
			a, err := actorIn(tx, op)
			if err != nil {
				return err
			}
			if a.Role != store.RoleSupervisor {
				return refuse(EFORBIDDEN, "call.not_yours", "call", c.No(), "operator", c.Operator)
			}
		}
		if req.MemberID != 0 && req.MemberID != c.MemberID {
			if c.MemberID != 0 {
				return refuse(ECONFLICT, "call.member_set", "call", c.No())
			}
			if _, err := tx.Member(req.MemberID); err != nil {
				return wrapStore(err, "member")
			}
			c.MemberID = req.MemberID
		}
		secrets, err := noteSecrets(tx, c.MemberID)
		if err != nil {
			return err
		}
		if c.Note, err = checkCallNote("note", req.Note, secrets); err != nil {
			return err
		}
		var caseNos []string
		c.Cases = nil
		for _, id := range uniq(req.Cases) {
			k, err := tx.Case(id)
			if err != nil {
				return wrapStore(err, "case")
			}
			if k.MemberID != c.MemberID {
				return refuse(EINVALID, "call.case_member", "case", k.No(), "call", c.No())
			}
			c.Cases = append(c.Cases, id)
			caseNos = append(caseNos, k.No())
		}
		c.Articles = nil
		for _, a := range uniq(req.Articles) {
			ok, err := tx.ArticleExists(a)
			if err != nil {
				return err
			}
			if !ok {
				return refuse(ENOTFOUND, "call.article", "article", a)
			}
			c.Articles = append(c.Articles, a)
		}
		c.Reasons, c.Outcome = reasons, req.Outcome
		if err := tx.WrapUpCall(&c); err != nil {
			return wrapStore(err, c.No())
		}
		after := fields{"call": c.No(), "reasons": c.Reasons, "outcome": c.Outcome,
			"minutes": int(c.EndedAt.Sub(c.StartedAt).Minutes())}
		if len(caseNos) > 0 {
			after["cases"] = caseNos
		}
		if len(c.Articles) > 0 {
			after["articles"] = c.Articles
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "call.wrap_up", MemberID: c.MemberID,
			Note: c.Note, After: after.json()})
	})
	if err != nil {
		return store.Call{}, err
	}
	return s.st.CallByID(ctx, req.CallID)
}

// checkReasons refuses an empty list or a code outside the catalog and
// drops repeats, keeping the order given.
func checkReasons(rs []string) ([]string, error) {
	rs = uniq(rs)
	if len(rs) == 0 {
		return nil, refuse(EINVALID, "call.no_reason")
	}
	for _, r := range rs {
		if _, ok := reasonOf(r); !ok {
			return nil, refuse(EINVALID, "call.reason", "reason", r)
		}
	}
	return rs, nil
}

func uniq[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// ActionCaseNote is the audit action of a note left on a case.
const ActionCaseNote = "case.note"

// SuggestWrapUp proposes the wrap-up of the open call callID from what
// was done during it, for the operator to accept with one key: the
// procedures its operator started or stepped for the member (their reasons, the
// cases as links, outcome "procedure started"; a case only given a note
// is linked, with no reason and no outcome), and the knowledge-base
// articles the console saw opened (articles, their reasons; outcome
// "answered"). With nothing to go on, Reasons is empty and the operator
// picks one. The request carries the call's id and version.
func (s *Service) SuggestWrapUp(ctx context.Context, callID int64, articles []string) (WrapUpRequest, error) {
	c, err := s.st.CallByID(ctx, callID)
	if err != nil {
		return WrapUpRequest{}, s.wrapStore(err, "call")
	}
	req := WrapUpRequest{CallID: c.ID, CallVersion: c.Version, Outcome: store.OutcomeAnswered}
	if c.MemberID != 0 {
		evs, err := s.st.AuditOfMemberSince(ctx, c.MemberID, c.Operator, c.StartedAt)
		if err != nil {
			return WrapUpRequest{}, s.wrapStore(err, "call")
		}
		for _, e := range evs {
			if e.CaseID == 0 {
				if e.Action == ActionReaderOrder {
					req.Reasons = append(req.Reasons, "proc_"+string(ProcReaderOrder))
					req.Outcome = store.OutcomeProcedure
				}
				continue
			}
			k, err := s.st.CaseByID(ctx, e.CaseID)
			if err != nil {
				return WrapUpRequest{}, s.wrapStore(err, "case")
			}
			req.Cases = append(req.Cases, k.ID)
			if e.Action == ActionCaseNote {
				continue // the call touched the case, but a note is no procedure
			}
			req.Reasons = append(req.Reasons, "proc_"+string(k.Type))
			req.Outcome = store.OutcomeProcedure
		}
	}
	for _, a := range articles {
		if r := reasonForArticle(a); r != "" {
			req.Reasons = append(req.Reasons, r)
			req.Articles = append(req.Articles, a)
		}
	}
	req.Reasons, req.Cases, req.Articles = uniq(req.Reasons), uniq(req.Cases), uniq(req.Articles)
	return req, nil
}

// OpenCallsOf lists the calls op started and has not wrapped up, oldest
// first: the console asks for their wrap-up when op signs in again.
func (s *Service) OpenCallsOf(ctx context.Context, op string) ([]store.Call, error) {
	return s.st.OpenCallsOf(ctx, op)
}

// CallsOfMember lists a member's calls with their notes, newest first, at
// most limit (<= 0: all): what the next operator reads first.
func (s *Service) CallsOfMember(ctx context.Context, memberID int64, limit int) ([]store.Call, error) {
	return s.st.CallsOfMember(ctx, memberID, limit)
}

// AddCaseNote leaves a note on a case, with its audit row. A note holding
// a card number or a password is refused and nothing is written. A closed
// case takes notes too: what happened after is still worth knowing.
func (s *Service) AddCaseNote(ctx context.Context, op string, caseID int64, note string) (store.CaseNote, error) {
	var n store.CaseNote
	err := s.writeMember(ctx, op, s.caseMember(ctx, caseID), func(tx *store.Tx) error {
		c, err := tx.Case(caseID)
		if err != nil {
			return wrapStore(err, "case")
		}
		secrets, err := noteSecrets(tx, c.MemberID)
		if err != nil {
			return err
		}
		text, err := checkCallNote("note", note, secrets)
		if err != nil {
			return err
		}
		if text == "" {
			return invalid("note", "invalid.empty")
		}
		n = store.CaseNote{CaseID: c.ID, Operator: op, Note: text}
		if err := tx.InsertCaseNote(&n); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: ActionCaseNote, MemberID: c.MemberID, CaseID: c.ID,
			FromState: c.State, ToState: c.State, Note: text})
	})
	return n, err
}

// NotesOfCase lists a case's notes, oldest first.
func (s *Service) NotesOfCase(ctx context.Context, caseID int64) ([]store.CaseNote, error) {
	return s.st.NotesOfCase(ctx, caseID)
}

// SearchNotes finds call and case notes by the knowledge base's folded
// trigram search, newest first, at most limit: the console's knowledge
// base search shows them under the articles ("what did we tell others").
func (s *Service) SearchNotes(ctx context.Context, q string, limit int) ([]store.NoteHit, error) {
	return s.st.SearchNotes(ctx, q, limit)
}

// FnCallReport is the supervisors' call report (MaySupervise).
const FnCallReport = "calls.report"

// CallReport is how many calls were wrapped up per day (Tokyo), by reason
// and by operator, over From..To inclusive. A call with two reasons counts
// once in its day's Total and once under each reason.
type CallReport struct {
	From, To  store.Date
	Total     int
	Reasons   []string // the reasons counted, in catalog order
	Operators []string // the operators counted, by login
	Days      []CallDay
}

// CallDay is one day of the report; every day of the range has one.
type CallDay struct {
	Day        store.Date
	Total      int
	ByReason   map[string]int
	ByOperator map[string]int
}

// MaxReportDays bounds a report's range: a year and a day.
const MaxReportDays = 367

// CallReport is the supervisors' report over from..to, refused to anyone
// else (MaySupervise FnCallReport).
func (s *Service) CallReport(ctx context.Context, op string, from, to store.Date) (CallReport, error) {
	a, err := s.Actor(ctx, op)
	if err != nil {
		return CallReport{}, err
	}
	if err := MaySupervise(a, FnCallReport); err != nil {
		return CallReport{}, err
	}
	return s.CallFigures(ctx, from, to)
}

// CallFigures is the report without the role check, for the command line,
// which reads without signing in (the database file's permissions guard
// it, as for every read-only command).
func (s *Service) CallFigures(ctx context.Context, from, to store.Date) (CallReport, error) {
	rep := CallReport{From: from, To: to}
	if from.IsZero() || to.IsZero() {
		return rep, refuse(EINVALID, "report.no_range")
	}
	if from.After(to.Time) {
		return rep, refuse(EINVALID, "report.from_after_to", "from", from.String(), "to", to.String())
	}
	days := int(to.Sub(from.Time).Hours()/24) + 1
	if days > MaxReportDays {
		return rep, refuse(EINVALID, "report.too_long", "days", itoa(days), "max", itoa(MaxReportDays))
	}
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, bizday.Tokyo)
	facts, err := s.st.CallFacts(ctx, start, start.AddDate(0, 0, days))
	if err != nil {
		return rep, s.wrapStore(err, "call report")
	}
	rep.Days = make([]CallDay, days)
	for i := range rep.Days {
		rep.Days[i] = CallDay{Day: store.DateOf(start.AddDate(0, 0, i)), ByReason: map[string]int{}, ByOperator: map[string]int{}}
	}
	seenReason, seenOp := map[string]bool{}, map[string]bool{}
	var lastID int64
	for _, f := range facts {
		d := store.DateOf(f.StartedAt.In(bizday.Tokyo))
		i := int(d.Sub(from.Time).Hours() / 24)
		if i < 0 || i >= days {
			continue
		}
		day := &rep.Days[i]
		day.ByReason[f.Reason]++
		seenReason[f.Reason] = true
		if f.ID != lastID { // facts of one call are adjacent
			lastID = f.ID
			day.Total++
			day.ByOperator[f.Operator]++
			rep.Total++
			seenOp[f.Operator] = true
		}
	}
	for _, r := range callReasons {
		if seenReason[r.Code] {
			rep.Reasons = append(rep.Reasons, r.Code)
			delete(seenReason, r.Code)
		}
	}
	// A code no longer in the catalog still counts, after the others.
	rep.Reasons = append(rep.Reasons, slices.Sorted(maps.Keys(seenReason))...)
	rep.Operators = slices.Sorted(maps.Keys(seenOp))
	return rep, nil
}

// ParseReportDate reads a report's --from or --to: 2026-11-01, 2026/11/01,
// 20261101 or 2026年11月1日, full-width digits too.
func ParseReportDate(field, s string) (store.Date, error) {
	d, err := NormalizeBirthDate(s, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil || strings.TrimSpace(s) == "" {
		return store.Date{}, invalid(field, "report.bad_date", "value", s)
	}
	return d, nil
}

func init() {
	functionNames[FnCallReport] = msg.M{"通話の集計", "the call report"}
	fieldNames["from"] = msg.M{"開始日", "start date (--from)"}
	fieldNames["to"] = msg.M{"終了日", "end date (--to)"}
	Messages.Add(msg.Set{
		"call.outcome":         {"通話の結果「{outcome}」は選べません。回答済み・手続きを開始・折り返し連絡・転送のどれかを選んでください", "call outcome {outcome} is not one of answered, procedure started, call back, transferred: choose one of those"},
		"call.wrapped_up":      {"通話 {call} は記録済みです", "call {call} is already wrapped up"},
		"call.not_yours":       {"通話 {call} は {operator} さんの通話です。記録はその人か監督者がしてください", "call {call} was taken by {operator}: they or a supervisor wrap it up"},
		"call.member_set":      {"通話 {call} にはすでに会員が記録されています", "call {call} already names its member"},
		"call.case_member":     {"受付 {case} はこの通話 {call} の会員のものではありません", "case {case} is not the calling member's (call {call})"},
		"call.article":         {"ナレッジベースに記事「{article}」はありません", "the knowledge base has no article {article}"},
		"call.no_reason":       {"通話の理由を1つ以上選んでください", "choose at least one reason for the call"},
		"call.reason":          {"通話の理由「{reason}」は一覧にありません。一覧から選んでください", "call reason {reason} is not in the list: choose one from the list"},
		"report.no_range":      {"集計の開始日と終了日を指定してください（例 2026-11-01）", "give the report's start and end dates (e.g. 2026-11-01)"},
		"report.from_after_to": {"開始日 {from} が終了日 {to} より後です。日付を入れ替えてください", "the start date {from} is after the end date {to}: swap them"},
		"report.too_long":      {"集計期間が {days} 日あります。{max} 日以内にしてください", "the report covers {days} days: at most {max}"},
		"report.bad_date":      {"{field}「{value}」は日付として読めません。2026年11月1日 の形で入力してください", "{field} {value} is not a date: write it as 2026-11-01"},
	})
}
