package workflows

import (
	"context"
	"time"

	"spdesk/workflows/bizday"
	"spdesk/workflows/kb"
)

// Desk is everything the console may ask of the system: the reads its
// pages show (search, a member and their cards, cases, letters, history,
// queues, the knowledge base), what may be done now (Actor, for the may-do
// functions of maydo.go), and the steps. *Service is the one
// implementation; the console holds a Desk and never the store, so no page
// can read around a check the workflows make (the audit trail is read
// through the supervisor check, see AuditPage) nor write outside a
// workflow. Its records are the desk's vocabulary (desk_words.go).
//
// Reads pass the caller's context to the store unchanged (the console
// bounds each with its own timeout) and return the store's errors as they
// are; steps are the Service's methods documented where they are defined.
type Desk interface {
	// The database, for the header and the folders beside it.
	DBPath() string

	// Members and cards.
	CountMembers(ctx context.Context) (int64, error)
	Search(ctx context.Context, q string, limit int) (SearchResult, error)
	MemberByNo(ctx context.Context, no string) (Member, error)
	MemberByID(ctx context.Context, id int64) (Member, error)
	CardsOfMember(ctx context.Context, memberID int64) ([]Card, error)
	CardByNo(ctx context.Context, no string) (Card, error)
	// Whether the login service confirmed a stopped card's stop, and when.
	CardStopStatus(ctx context.Context, cardID int64) (StopStatus, error)

	// A member's cases, letters and history.
	CasesOfMember(ctx context.Context, memberID int64) ([]Case, error)
	CaseByID(ctx context.Context, id int64) (Case, error)
	LettersOfMember(ctx context.Context, memberID int64) ([]Letter, error)
	AuditOfCase(ctx context.Context, caseID int64) ([]AuditEvent, error)
	AuditOfMember(ctx context.Context, memberID int64, limit int) ([]AuditEvent, error)

	// Letters waiting to print, held, and printed batches.
	CountQueuedLetters(ctx context.Context) (map[LetterKind]int, error)
	HeldLetters(ctx context.Context) ([]LetterHold, error)
	Batches(ctx context.Context, limit int) ([]Batch, error)
	Reconcile(ctx context.Context, batchNo string) (Reconciliation, error)

	// Queues and approvals.
	Queues(ctx context.Context) ([]QueueFigure, error)
	QueueCases(ctx context.Context, q QueueQuery) (QueuePage, error)
	Approvals(ctx context.Context) ([]ApprovalItem, error)

	// The audit trail, for supervisors only: MayReadAudit says whether op
	// may read it, and each read refuses with the same EFORBIDDEN itself.
	MayReadAudit(ctx context.Context, op string) error
	AuditFilterFor(ctx context.Context, op string, q AuditQuery) (AuditFilter, error)
	CountAudit(ctx context.Context, op string, f AuditFilter) (int64, error)
	AuditPage(ctx context.Context, op string, f AuditFilter, beforeID int64, limit int) ([]AuditRow, error)
	ExportAuditToDir(ctx context.Context, op string, f AuditFilter, dir string) (AuditExport, error)

	// The knowledge base.
	Articles(ctx context.Context) ([]Article, error)
	SearchArticles(ctx context.Context, q, lang string) ([]Article, error)
	LoadKB(ctx context.Context) ([]kb.Article, error)

	// The call log (calls.go): a call runs from opening a member (or an
	// unidentified caller) to its wrap-up, which SuggestWrapUp fills from
	// what was done, for one-key acceptance; CallsOfMember is the member
	// screen's "already tried"; SearchNotes goes with the knowledge base
	// search; CallReport is for supervisors (MaySupervise FnCallReport).
	StartCall(ctx context.Context, op string, memberID int64) (Call, error)
	OpenCallsOf(ctx context.Context, op string) ([]Call, error)
	SuggestWrapUp(ctx context.Context, callID int64, articles []string) (WrapUpRequest, error)
	WrapUpCall(ctx context.Context, op string, req WrapUpRequest) (Call, error)
	CallsOfMember(ctx context.Context, memberID int64, limit int) ([]Call, error)
	AddCaseNote(ctx context.Context, op string, caseID int64, note string) (CaseNote, error)
	NotesOfCase(ctx context.Context, caseID int64) ([]CaseNote, error)
	SearchNotes(ctx context.Context, q string, limit int) ([]NoteHit, error)
	CallReport(ctx context.Context, op string, from, to Date) (CallReport, error)

	// What may be done now: op's account for Choices, MayStep, MayStart,
	// MaySupervise.
	Actor(ctx context.Context, op string) (Actor, error)

	// The clock, calendar and service levels due dates are counted in.
	Now() time.Time
	Calendar() *bizday.Calendar
	Settings() Settings
	ReaderShipBy() Date
	Promises() Promises // what the member is told, in calendar days (promises.go)

	// Accounts: sign-in, the idle lock and supervisors' account changes.
	SignIn(ctx context.Context, login, password string) (Operator, error)
	SignInAuditCheck(ctx context.Context, login string) (c AuditCheck, warn bool, err error)
	ActiveOperator(ctx context.Context, login string) (Operator, error)
	IdleLock() time.Duration
	AddOperator(ctx context.Context, op string, req OperatorRequest) (Operator, error)
	DisableOperator(ctx context.Context, op, login string) (Operator, error)
	ResetOperatorPassword(ctx context.Context, op, login, password string) (Operator, error)

	// Procedures: open a case, report a card, order a reader.
	OpenCase(ctx context.Context, op string, req OpenCaseRequest) (Result, error)
	StartCase(ctx context.Context, op string, req StartCaseRequest) (Result, IdentityResult, error)
	ResumeSuspendedCard(ctx context.Context, op string, req CardRequest) (Result, IdentityResult, error)
	StartCardRenewal(ctx context.Context, op string, req CardRequest) (Result, IdentityResult, error)
	ReportSuspectedFraud(ctx context.Context, op string, req FraudReportRequest) (Result, error)
	ReportLostCard(ctx context.Context, op string, req ReportCardRequest) (Result, error)
	ReportBrokenCard(ctx context.Context, op string, req ReportCardRequest) (Result, error)
	RecordCardTest(ctx context.Context, op string, req RecordCardTestRequest) (Result, error)
	OrderReader(ctx context.Context, op string, req ReaderOrderRequest) (ReaderOrderResult, error)

	// Case steps.
	CheckIdentity(ctx context.Context, op string, req CheckIdentityRequest) (Result, IdentityResult, error)
	MailForm(ctx context.Context, op string, req MailFormRequest) (Result, error)
	ReceiveForm(ctx context.Context, op string, req StepRequest) (Result, error)
	IssuePassword(ctx context.Context, op string, req StepRequest) (Result, error)
	ChangeContact(ctx context.Context, op string, req ChangeContactRequest) (Result, error)
	ChangeName(ctx context.Context, op string, req ChangeNameRequest) (Result, error)
	ResumeCard(ctx context.Context, op string, req StepRequest) (Result, error)
	OrderReissue(ctx context.Context, op string, req StepRequest) (Result, error)
	ReferToIssuer(ctx context.Context, op string, req StepRequest) (Result, error)
	ShipCard(ctx context.Context, op string, req StepRequest) (Result, error)
	ConfirmFraud(ctx context.Context, op string, req StepRequest) (Result, error)
	Approve(ctx context.Context, op string, req StepRequest) (Result, error)
	CancelMembership(ctx context.Context, op string, req StepRequest) (Result, error)
	CloseCase(ctx context.Context, op string, req StepRequest) (Result, error)
	Withdraw(ctx context.Context, op string, req WithdrawRequest) (Result, error)
	ReassignCase(ctx context.Context, op string, req ReassignRequest) (Result, error)
	ApproveItem(ctx context.Context, op string, it ApprovalItem) error

	// Letters: reprints, holds, printing, mailing, wiping printed secrets.
	RequestReprint(ctx context.Context, op string, req ReprintRequest) (ApprovalRequest, error)
	ReleaseLetter(ctx context.Context, op string, letterID, version int64, note string) (Letter, error)
	PrintSelected(ctx context.Context, op string, spoolDir string, opts PrintOptions) (Batch, error)
	MarkBatchMailed(ctx context.Context, op string, batchNo string) (Batch, error)
	FinishWipe(ctx context.Context) (WipeStatus, error)

	// Live updates (watch.go): every change any desk commits after the
	// call, until ctx ends.
	Watch(ctx context.Context) (<-chan Change, error)
}

var _ Desk = (*Service)(nil)

// DBPath is the database file the service works on.
func (s *Service) DBPath() string { return s.st.Path() }

// CountMembers is how many members the store holds.
func (s *Service) CountMembers(ctx context.Context) (int64, error) { return s.st.CountMembers(ctx) }

// Search finds members by number, card, name, reading, phone or email.
func (s *Service) Search(ctx context.Context, q string, limit int) (SearchResult, error) {
	return s.st.Search(ctx, q, limit)
}

// MemberByNo reads a member by membership number.
func (s *Service) MemberByNo(ctx context.Context, no string) (Member, error) {
	return s.st.MemberByNo(ctx, no)
}

// MemberByID reads a member by row id.
func (s *Service) MemberByID(ctx context.Context, id int64) (Member, error) {
	return s.st.MemberByID(ctx, id)
}

// CardsOfMember reads a member's cards.
func (s *Service) CardsOfMember(ctx context.Context, memberID int64) ([]Card, error) {
	return s.st.CardsOfMember(ctx, memberID)
}

// CardByNo reads a card by its number.
func (s *Service) CardByNo(ctx context.Context, no string) (Card, error) {
	return s.st.CardByNo(ctx, no)
}

// CasesOfMember reads a member's cases.
func (s *Service) CasesOfMember(ctx context.Context, memberID int64) ([]Case, error) {
	return s.st.CasesOfMember(ctx, memberID)
}

// CaseByID reads one case.
func (s *Service) CaseByID(ctx context.Context, id int64) (Case, error) {
	return s.st.CaseByID(ctx, id)
}

// LettersOfMember reads the letters queued or sent to a member.
func (s *Service) LettersOfMember(ctx context.Context, memberID int64) ([]Letter, error) {
	return s.st.LettersOfMember(ctx, memberID)
}

// AuditOfCase is a case's history. The console shows it on the case and
// member pages to any operator: it is the history of what they work on,
// not the trail-wide search that AuditPage keeps to supervisors.
func (s *Service) AuditOfCase(ctx context.Context, caseID int64) ([]AuditEvent, error) {
	return s.st.AuditOfCase(ctx, caseID)
}

// AuditOfMember is a member's history, newest first, at most limit events
// (see AuditOfCase for who may read it).
func (s *Service) AuditOfMember(ctx context.Context, memberID int64, limit int) ([]AuditEvent, error) {
	return s.st.AuditOfMember(ctx, memberID, limit)
}

// CountQueuedLetters counts the letters waiting to print, by kind.
func (s *Service) CountQueuedLetters(ctx context.Context) (map[LetterKind]int, error) {
	return s.st.CountQueuedLetters(ctx)
}

// HeldLetters are the letters a supervisor must release before they print.
func (s *Service) HeldLetters(ctx context.Context) ([]LetterHold, error) {
	return s.st.HeldLetters(ctx)
}

// Batches are the newest printed batches, at most limit.
func (s *Service) Batches(ctx context.Context, limit int) ([]Batch, error) {
	return s.st.Batches(ctx, limit)
}

// AuditFilterFor checks that op may read the audit trail, then checks q
// and turns it into a filter (ParseAuditQuery).
func (s *Service) AuditFilterFor(ctx context.Context, op string, q AuditQuery) (AuditFilter, error) {
	if err := s.MayReadAudit(ctx, op); err != nil {
		return AuditFilter{}, err
	}
	return ParseAuditQuery(ctx, q, s.st)
}

// CountAudit counts the audit rows f matches, if op may read the trail.
func (s *Service) CountAudit(ctx context.Context, op string, f AuditFilter) (int64, error) {
	if err := s.MayReadAudit(ctx, op); err != nil {
		return 0, err
	}
	return s.st.CountAuditMatching(ctx, f, 0)
}

// AuditPage reads up to limit rows f matches before the row beforeID
// (0: the newest), if op may read the trail.
func (s *Service) AuditPage(ctx context.Context, op string, f AuditFilter, beforeID int64, limit int) ([]AuditRow, error) {
	if err := s.MayReadAudit(ctx, op); err != nil {
		return nil, err
	}
	return s.st.AuditPage(ctx, f, beforeID, limit)
}

// MayReadAudit is the package's MayReadAudit on the service's store: nil,
// or the refusal to show instead of the trail.
func (s *Service) MayReadAudit(ctx context.Context, op string) error {
	return MayReadAudit(ctx, s.st, op)
}

// Articles are the stored knowledge base articles.
func (s *Service) Articles(ctx context.Context) ([]Article, error) { return s.st.Articles(ctx) }

// SearchArticles finds knowledge base articles in lang.
func (s *Service) SearchArticles(ctx context.Context, q, lang string) ([]Article, error) {
	return s.st.SearchArticles(ctx, q, lang)
}
