package workflows

// What may be done now, and why not. The console asks these functions
// before it offers a procedure, a case step or a supervisor function, and
// the workflows ask the very same functions before they do it, so a dimmed
// key and a refusal can never disagree: the reason shown dimmed is the
// refusal the step would give, word for word.
//
// They are pure functions over the records (member, cards, cases, the
// acting account); the workflows read those records inside their
// transaction, the console reads them for its screen.

import (
	"context"
	"errors"
	"slices"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
)

// Actor is the operator who asks, as the store knows them.
type Actor struct {
	Login    string
	Role     store.Role
	Account  bool // the store has an account of exactly this login
	Disabled bool
	Accounts bool // the store has any account at all
}

// AccountActor is the actor of account o as it was read (at sign-in).
func AccountActor(o store.Operator) Actor {
	return Actor{Login: o.Login, Role: o.Role, Account: o.Login != "", Disabled: o.Disabled, Accounts: o.Login != ""}
}

// AccountReader is what the may-do functions read of accounts: the store
// (the console reads it without a Service in a read-only session).
type AccountReader interface {
	OperatorByLogin(ctx context.Context, login string) (store.Operator, error)
	HasOperators(ctx context.Context) (bool, error)
}

// ReadActor reads op's account from r for the may-do functions.
func ReadActor(ctx context.Context, r AccountReader, op string) (Actor, error) {
	a, err := actorOf(op, func() (store.Operator, error) { return r.OperatorByLogin(ctx, op) },
		func() (bool, error) { return r.HasOperators(ctx) })
	return a, wrapStore(err, "operator")
}

// Actor reads op's account from the service's store.
func (s *Service) Actor(ctx context.Context, op string) (Actor, error) {
	a, err := actorOf(op, func() (store.Operator, error) { return s.st.OperatorByLogin(ctx, op) },
		func() (bool, error) { return s.st.HasOperators(ctx) })
	if err != nil {
		return a, s.wrapStore(err, "operator")
	}
	return a, nil
}

// actorIn reads op's account inside a transaction.
func actorIn(tx *store.Tx, op string) (Actor, error) {
	a, err := actorOf(op, func() (store.Operator, error) { return tx.OperatorByLogin(op) }, tx.HasOperators)
	return a, wrapStore(err, "operator")
}

func actorOf(op string, byLogin func() (store.Operator, error), any func() (bool, error)) (Actor, error) {
	a := Actor{Login: op}
	o, err := byLogin()
	switch {
	case err == nil && o.Login == op:
		a.Account, a.Role, a.Disabled, a.Accounts = true, o.Role, o.Disabled, true
		return a, nil
	case err == nil:
		// Logins match without regard to case, but "CAROL" is not carol
		// (see checkAccount): an account exists, not this one.
		a.Accounts = true
		return a, nil
	case !errors.Is(err, store.ErrNotFound):
		return a, err
	}
	a.Accounts, err = any()
	return a, err
}

// Supervisor functions, by the name their refusal and the audit's
// "denied" row give them.
const (
	FnApproveCancel   = "cancel.approve"
	FnPrintLetters    = "letters.print"
	FnMarkMailed      = "letters.mark_mailed"
	FnApproveReprint  = "letters.reprint_approve"
	FnReassignCase    = "reassign_case"
	FnReviewFraud     = "fraud.review" // confirm a suspected fraud, or call it a false alarm
	FnAuditExport     = ActionAuditExport
	FnAuditRead       = "audit.read"
	FnAuditSeal       = ActionAuditSeal
	FnOperatorAdd     = "operator.add"
	FnOperatorDisable = "operator.disable"
	FnOperatorReset   = "operator.reset_password"
	FnSeed            = "seed"
	FnEventsRead      = "events.undelivered"
	FnEventsRetry     = "events.retry"
)

// functionNames are the supervisor functions in words, for the refusal:
// an operator reads what they may not do, never its code.
var functionNames = map[string]msg.M{
	FnApproveCancel:   {"解約の承認", "approve a cancellation"},
	FnPrintLetters:    {"通知書の印刷", "print letters"},
	FnMarkMailed:      {"発送済みの記録", "mark a batch mailed"},
	FnApproveReprint:  {"再印刷の承認", "approve a reprint"},
	FnReassignCase:    {"担当者の変更", "reassign a case"},
	FnReviewFraud:     {"不正使用の疑いの判断", "decide a suspected fraud"},
	FnAuditExport:     {"監査記録の書き出し", "export the audit trail"},
	FnAuditRead:       {"監査記録の閲覧", "read the audit trail"},
	FnAuditSeal:       {"監査記録の封印の開始", "start sealing the audit trail"},
	FnOperatorAdd:     {"アカウントの追加", "add an account"},
	FnOperatorDisable: {"アカウントの無効化", "disable an account"},
	FnOperatorReset:   {"パスワードの再設定", "reset an account's password"},
	FnSeed:            {"データの一括投入", "load data into the database"},
	FnEventsRead:      {"未配信イベントの確認", "see the events not delivered"},
	FnEventsRetry:     {"イベントの再送", "send an event again"},
}

// FunctionLabel names a supervisor function for people.
func FunctionLabel(fn, lang string) string {
	if n, ok := functionNames[fn]; ok {
		return n.In(lang)
	}
	return fn
}

// MaySupervise says whether a may call supervisor function fn now: nil,
// or the refusal the function gives (an *Error).
func MaySupervise(a Actor, fn string) error {
	if why := supervisorRefusal(a, fn); why != nil {
		return why
	}
	return nil
}

// supervisorRefusal is the role check of every supervisor function. A
// store with no account at all has no roles to check for reading the
// audit trail (a fresh file, a bulk load); every other supervisor
// function needs a supervisor account.
func supervisorRefusal(a Actor, fn string) *Error {
	switch {
	case !a.Account && !a.Accounts && fn == FnAuditRead:
		return nil
	case !a.Account:
		return refuse(EFORBIDDEN, "account.unknown", "operator", a.Login)
	case a.Disabled:
		return refuse(EFORBIDDEN, "account.disabled", "operator", a.Login)
	case a.Role != store.RoleSupervisor:
		return refuse(EFORBIDDEN, "account.supervisor", "operator", a.Login, "function", fn)
	}
	return nil
}

// MayReadAudit says whether op may read the audit trail: reading who did
// what is a supervisor's job (DESIGN, "Who uses it"). Nil, or the refusal
// (an *Error) to show instead of the trail.
func MayReadAudit(ctx context.Context, r AccountReader, op string) error {
	a, err := ReadActor(ctx, r, op)
	if err != nil {
		return err
	}
	return MaySupervise(a, FnAuditRead)
}

// Choice is one step the console can offer on a case, with why not when
// it is not allowed now (shown dimmed with the reason).
type Choice struct {
	Action  Action
	Allowed bool
	Reason  error // nil when allowed; else the *Error the step refuses with
}

// Choices lists every operator step of c's case type (for its card kind)
// with whether a may take it now on c, whose member is m.
func Choices(c store.Case, m store.Member, a Actor) []Choice {
	acts := []Action{ActCheckIdentity}
	seen := map[Action]bool{ActCheckIdentity: true}
	for _, st := range machines[c.Type] {
		if !seen[st.Act] && st.Act != ActPrintLetter && st.Act != ActMailLetter {
			if (st.Only == standardOnly && c.Credit) || (st.Only == creditOnly && !c.Credit) {
				continue
			}
			seen[st.Act] = true
			acts = append(acts, st.Act)
		}
	}
	acts = append(acts, ActWithdraw)
	out := make([]Choice, len(acts))
	for i, act := range acts {
		err := MayStep(c, m, a, act)
		out[i] = Choice{Action: act, Allowed: err == nil, Reason: err}
	}
	return out
}

// MayStep says whether a may take act on c (of member m) now: nil, or the
// refusal the step gives.
func MayStep(c store.Case, m store.Member, a Actor, act Action) error {
	if _, err := stepRefusal(c, m, a, act); err != nil {
		return err
	}
	return nil
}

// stepRefusal is the check of every case step, in the order the step
// makes it: the approver's role (before anything is read: the denial is
// on record), the state machine, a cancelled member (whose cases may only
// be finished), and the second person of a cancellation.
func stepRefusal(c store.Case, m store.Member, a Actor, act Action) (step, error) {
	st, err := stepCheck(c, m, a, act)
	var e *Error
	if errors.As(err, &e) && e.Key == "case.not_allowed" {
		// "allowed now" lists only the steps that would pass every check
		// for this member and operator, not the state machine's alone (a
		// cancelled member's case offers no identity check).
		var ok []Action
		for _, alt := range allowedActions(c) {
			if _, err := stepCheck(c, m, a, alt); err == nil {
				ok = append(ok, alt)
			}
		}
		if len(ok) == 0 {
			return st, refuse(ESTATE, "case.not_allowed_none", "case", c.No(), "state", string(c.State),
				"action", string(act))
		}
		e.Args["allowed"] = listActions(ok)
	}
	return st, err
}

// stepCheck is stepRefusal without the rewording of its "allowed now".
func stepCheck(c store.Case, m store.Member, a Actor, act Action) (step, error) {
	if act == ActApprove {
		if why := approveRefusal(a, c); why != nil {
			return step{}, why
		}
	}
	if fraudDecision(c, act) {
		if why := supervisorRefusal(a, FnReviewFraud); why != nil {
			return step{}, why
		}
	}
	st, err := permit(c, act)
	if err != nil {
		return st, err
	}
	if m.Status == store.MemberCancelled && act != ActWithdraw && act != ActClose {
		return st, refuse(ESTATE, "member.cancelled", "member", m.No)
	}
	if act == ActApprove && (a.Login == c.RequestedBy || a.Login == c.OpenedBy) {
		return st, refuse(EFORBIDDEN, "cancel.same_approver", "case", c.No(), "operator", a.Login,
			"people", requesters(c))
	}
	return st, nil
}

// approveRefusal is the role check of approving cancellation c, saying
// who may instead: a supervisor other than its requesters.
func approveRefusal(a Actor, c store.Case) *Error {
	why := supervisorRefusal(a, FnApproveCancel)
	if why != nil && why.Key == "account.supervisor" && c.ID != 0 {
		return refuse(EFORBIDDEN, "cancel.approve_supervisor", "case", c.No(), "operator", a.Login,
			"people", requesters(c))
	}
	return why
}

// requesters are the operators who may not approve cancellation c: who
// opened it and who recorded its returned form.
func requesters(c store.Case) string {
	out := []string{}
	for _, p := range []string{c.RequestedBy, c.OpenedBy} {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// WhoApproves says who may approve cancellation c, in words: a supervisor
// other than its requesters (for the approve step's effects).
func WhoApproves(c store.Case, lang string) string {
	return render("cancel.who_approves", map[string]string{"people": requesters(c)}, lang)
}

// Why is the reason a dimmed action gives, in words in lang: "" when err
// is nil (the action is allowed). Every refusal of MayStep, MayStart,
// MaySupervise and MayReport has catalog text in both languages, with
// states, steps, functions and fields named in words, never as codes.
func Why(err error, lang string) string {
	if err == nil {
		return ""
	}
	return Message(err, lang)
}

// Why is the reason this step is dimmed, in lang ("" when allowed).
func (c Choice) Why(lang string) string { return Why(c.Reason, lang) }

// Procedure is what the member screen's actions start for a member: a
// case type, or an extra reader order (which opens no case).
type Procedure string

const (
	ProcLostCard      = Procedure(store.CaseLostCard)
	ProcBrokenCard    = Procedure(store.CaseBrokenCard)
	ProcPasswordReset = Procedure(store.CasePasswordReset)
	ProcNameChange    = Procedure(store.CaseNameChange)
	ProcContactChange = Procedure(store.CaseContactChange)
	ProcCancellation  = Procedure(store.CaseCancellation)
	ProcReaderOrder   = Procedure("reader_order")
)

// Procedures lists every procedure in the order a call most often needs
// them.
func Procedures() []Procedure {
	return []Procedure{ProcLostCard, ProcBrokenCard, ProcPasswordReset, ProcNameChange, ProcContactChange,
		ProcCancellation, ProcReaderOrder}
}

// MayStart says whether p may start now for m, who holds cards and has
// cases (any state, any order): nil, or the refusal the workflow gives. A
// lost or broken card may start when some card of m may be reported
// (MayReport); when none may, the reason is that of a card suspended by an
// open case (it names the case to continue), else of the first card.
func MayStart(p Procedure, m store.Member, cards []store.Card, cases []store.Case) error {
	var why *Error
	switch p {
	case ProcLostCard, ProcBrokenCard:
		if m.Status == store.MemberCancelled {
			why = cancelledRefusal(m)
			break
		}
		for _, cd := range cards {
			r := reportRefusal(m, cd, cases)
			if r == nil {
				return nil
			}
			if why == nil || r.Key == "card.already_suspended_case" && why.Key != r.Key {
				why = r
			}
		}
		if why == nil {
			why = refuse(ESTATE, "card.none", "member", m.No)
		}
	case ProcReaderOrder:
		why = readerRefusal(m)
	case ProcResumeCard:
		why = resumeStartRefusal(m, cards, cases) // card_next.go
	case ProcCardRenewal:
		why = renewStartRefusal(m, cards, cases) // renewal.go
	case ProcSuspectedFraud:
		why = openRefusal(store.CaseSuspectedFraud, m, cases) // fraud.go
	default:
		why = openRefusal(store.CaseType(p), m, cases)
	}
	if why != nil {
		return why
	}
	return nil
}

// MayReport says whether card of m may be reported lost or broken now,
// given m's cases: nil, or the refusal the report gives.
func MayReport(m store.Member, card store.Card, cases []store.Case) error {
	if why := reportRefusal(m, card, cases); why != nil {
		return why
	}
	return nil
}

func init() {
	Messages.Add(msg.Set{
		"cancel.approve_supervisor": {"解約 {case} の承認は、{people} さん以外の監督者が行います（{operator} さんは操作者のため承認できません）",
			"cancellation {case} is approved by a supervisor other than {people}; {operator} is an operator and cannot approve it"},
		"cancel.who_approves": {"{people} さん以外の監督者", "a supervisor other than {people}"},
	})
	Messages.Add(msg.Set{"card.none": {"会員 {member} には届け出られるカードがありません（すべて失効済みか、停止中で受付が進行中です）",
		"member {member} has no card that can be reported (each is revoked, or suspended with its case open)"}})
}

func cancelledRefusal(m store.Member) *Error {
	return refuse(ESTATE, "member.cancelled", "member", m.No)
}

// reportRefusal: a card already suspended by an open case points to that
// case; a suspended card with no open case (its case was withdrawn) may be
// reported again, so it is never stranded; a revoked card cannot be.
func reportRefusal(m store.Member, card store.Card, cases []store.Case) *Error {
	switch {
	case m.Status == store.MemberCancelled:
		return cancelledRefusal(m)
	case card.MemberID != m.ID:
		return refuse(ENOTFOUND, "not_found", "what", "card")
	case card.Status == store.CardRevoked:
		return refuse(ESTATE, "card.revoked", "card", MaskCardNo(card.No))
	case card.Status == store.CardSuspended:
		if open, ok := newestOpen(cases, func(c store.Case) bool { return c.CardID == card.ID }); ok {
			return refuse(ECONFLICT, "card.already_suspended_case", "card", MaskCardNo(card.No),
				"case", open.No(), "state", string(open.State))
		}
	}
	return nil
}

// openRefusal: a member has at most one open case of each type that
// OpenCase opens.
func openRefusal(t store.CaseType, m store.Member, cases []store.Case) *Error {
	if m.Status == store.MemberCancelled {
		return cancelledRefusal(m)
	}
	if open, ok := newestOpen(cases, func(c store.Case) bool { return c.MemberID == m.ID && c.Type == t }); ok {
		return refuse(ECONFLICT, "case.already_open", "case", open.No(), "state", string(open.State))
	}
	return nil
}

// readerRefusal: no reader goes to a member who is leaving or has left.
func readerRefusal(m store.Member) *Error {
	switch m.Status {
	case store.MemberCancelled:
		return cancelledRefusal(m)
	case store.MemberCancellationPending:
		return refuse(ESTATE, "reader.cancelling", "member", m.No)
	}
	return nil
}

// newestOpen is the open case with the highest ID among those that match,
// as the store's OpenCaseOf* queries pick it.
func newestOpen(cases []store.Case, match func(store.Case) bool) (store.Case, bool) {
	var out store.Case
	for _, c := range cases {
		if c.Open() && match(c) && c.ID > out.ID {
			out = c
		}
	}
	return out, out.ID != 0
}
