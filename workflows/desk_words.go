package workflows

import (
	"time"

	"spdesk/store"
)

// The desk's vocabulary: the records the Desk answers with and the values
// the console compares them to, named here so the console never imports
// store. They are aliases, not copies: a workflows.Member is a
// store.Member, so nothing is converted on the way. What the aliases buy
// is the import boundary (tui cannot reach *store.Store, its transactions
// or its SQL) and one narrow, listed surface; a record or value the
// console needs and this file lacks is added here, deliberately.

// Records.
type (
	Member          = store.Member
	Card            = store.Card
	Case            = store.Case
	Letter          = store.Letter
	LetterHold      = store.LetterHold
	Batch           = store.Batch
	Operator        = store.Operator
	ApprovalRequest = store.ApprovalRequest
	Article         = store.Article
	SearchResult    = store.SearchResult
	Hit             = store.Hit
	AuditEvent      = store.AuditEvent
	AuditRow        = store.AuditRow
	AuditFilter     = store.AuditFilter
	QueueQuery      = store.QueueQuery
	Date            = store.Date
	Call            = store.Call
	CaseNote        = store.CaseNote
	NoteHit         = store.NoteHit
	Event           = store.Event
	Change          = store.Change
	StopStatus      = store.StopStatus
	StoppedCard     = store.StoppedCard
)

// Kinds and states.
type (
	MemberStatus  = store.MemberStatus
	PasswordState = store.PasswordState
	FeeMethod     = store.FeeMethod
	CardKind      = store.CardKind
	CardStatus    = store.CardStatus
	CaseType      = store.CaseType
	CaseState     = store.CaseState
	LetterKind    = store.LetterKind
	LetterState   = store.LetterState
	BatchState    = store.BatchState
	ReaderSystem  = store.ReaderSystem
	Role          = store.Role
	QueueSort     = store.QueueSort
	CallOutcome   = store.CallOutcome
)

// ErrNotFound is what a read answers when there is no such record.
var ErrNotFound = store.ErrNotFound

// DateOf is the calendar day of t, in t's zone.
func DateOf(t time.Time) Date { return store.DateOf(t) }

// MakeDate is the day y-m-d.
func MakeDate(y int, m time.Month, d int) Date { return store.MakeDate(y, m, d) }

// Member status.
const (
	MemberActive              = store.MemberActive
	MemberCancellationPending = store.MemberCancellationPending
	MemberCancelled           = store.MemberCancelled
)

// Password state.
const (
	PasswordOK     = store.PasswordOK
	PasswordLocked = store.PasswordLocked
	PasswordIssued = store.PasswordIssued
)

// How a member pays fees.
const (
	FeeCard   = store.FeeCard
	FeePostal = store.FeePostal
)

// Card kind and status.
const (
	CardStandard  = store.CardStandard
	CardCredit    = store.CardCredit
	CardActive    = store.CardActive
	CardSuspended = store.CardSuspended
	CardRevoked   = store.CardRevoked
)

// Case types.
const (
	CaseLostCard       = store.CaseLostCard
	CaseBrokenCard     = store.CaseBrokenCard
	CasePasswordReset  = store.CasePasswordReset
	CaseNameChange     = store.CaseNameChange
	CaseContactChange  = store.CaseContactChange
	CaseCancellation   = store.CaseCancellation
	CaseSuspectedFraud = store.CaseSuspectedFraud
	CaseCardRenewal    = store.CaseCardRenewal
)

// Case states.
const (
	StateOpened              = store.StateOpened
	StateIdentityVerified    = store.StateIdentityVerified
	StateCardSuspended       = store.StateCardSuspended
	StateReferredToIssuer    = store.StateReferredToIssuer
	StateFormMailed          = store.StateFormMailed
	StateFormReceived        = store.StateFormReceived
	StateReissueOrdered      = store.StateReissueOrdered
	StateCardShipped         = store.StateCardShipped
	StatePasswordIssued      = store.StatePasswordIssued
	StateLetterPrinted       = store.StateLetterPrinted
	StateLetterMailed        = store.StateLetterMailed
	StateNameChanged         = store.StateNameChanged
	StateApproved            = store.StateApproved
	StateMembershipCancelled = store.StateMembershipCancelled
	StateClosed              = store.StateClosed
	StateWithdrawn           = store.StateWithdrawn
	StateUnderReview         = store.StateUnderReview
)

// Letter kinds and states, batch states.
const (
	LetterPasswordNotice   = store.LetterPasswordNotice
	LetterReissueForm      = store.LetterReissueForm
	LetterChangeForm       = store.LetterChangeForm
	LetterCancellationForm = store.LetterCancellationForm
	LetterReaderShipment   = store.LetterReaderShipment

	LetterQueued    = store.LetterQueued
	LetterPrinted   = store.LetterPrinted
	LetterMailed    = store.LetterMailed
	LetterCancelled = store.LetterCancelled

	BatchPrinted = store.BatchPrinted
	BatchMailed  = store.BatchMailed
)

// Reader systems, roles, queue orders.
const (
	ReaderWindows = store.ReaderWindows
	ReaderMac     = store.ReaderMac

	RoleOperator   = store.RoleOperator
	RoleSupervisor = store.RoleSupervisor

	SortDue = store.SortDue
	SortAge = store.SortAge
)

// How a call ended.
const (
	OutcomeAnswered    = store.OutcomeAnswered
	OutcomeProcedure   = store.OutcomeProcedure
	OutcomeCallBack    = store.OutcomeCallBack
	OutcomeTransferred = store.OutcomeTransferred
)

// The audit seal's verdict (AuditCheck.Verdict.Status()).
const (
	AuditIntact = store.AuditIntact
	AuditForged = store.AuditForged
)
