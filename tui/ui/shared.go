package ui

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"spdesk/workflows"
)

// AuditExportDir is where the screen writes its CSV files: a folder
// beside the database file, as the letters' spool folder is (for a
// PostgreSQL URL, in the desk's data folder: workflows.LocalFolder).
func (sh *Shared) AuditExportDir() string { return workflows.LocalFolder(sh.DBPath, "audit") }

// SpoolDir is where letters are printed: the setting, or a folder beside
// the database file (where the demo prints its own; for a PostgreSQL URL,
// in the desk's data folder).
func (sh *Shared) SpoolDir() string {
	if sh.Opts.SpoolDir != "" {
		return sh.Opts.SpoolDir
	}
	return workflows.LocalFolder(sh.DBPath, "spool")
}

// SignedIn is called by the gate when the password was right, before it
// asks the root to unlock.
func (sh *Shared) SignedIn(op workflows.Operator) {
	sh.Account, sh.Operator = op, op.Login
}

// CaseReader is what the case, letter and history views read of the desk;
// every change goes through the desk's steps.
type CaseReader interface {
	MemberByID(ctx context.Context, ID int64) (workflows.Member, error)
	CardsOfMember(ctx context.Context, memberID int64) ([]workflows.Card, error)
	CasesOfMember(ctx context.Context, memberID int64) ([]workflows.Case, error)
	CaseByID(ctx context.Context, ID int64) (workflows.Case, error)
	AuditOfCase(ctx context.Context, caseID int64) ([]workflows.AuditEvent, error)
	NotesOfCase(ctx context.Context, caseID int64) ([]workflows.CaseNote, error)
	AuditOfMember(ctx context.Context, memberID int64, limit int) ([]workflows.AuditEvent, error)
	LettersOfMember(ctx context.Context, memberID int64) ([]workflows.Letter, error)
	CountQueuedLetters(ctx context.Context) (map[workflows.LetterKind]int, error)
	Batches(ctx context.Context, limit int) ([]workflows.Batch, error)
	Actor(ctx context.Context, op string) (workflows.Actor, error) // what may be done
}

// Reader is the desk the case views read, nil without one.
func (sh *Shared) Reader() CaseReader {
	if sh.Opts.Desk != nil {
		return sh.Opts.Desk
	}
	return nil
}

// QueueService is what the queue screens read through: the desk (the
// same workflows service that runs the changes, or in a read-only console
// one that only reads).
func (sh *Shared) QueueService() workflows.Desk {
	if sh.Opts.Service != nil {
		return sh.Opts.Service
	}
	return sh.Opts.Desk
}

func (sh *Shared) Operators() []string {
	ops := slices.Clone(sh.Opts.Operators)
	if len(ops) == 0 && sh.Opts.Operator != "" {
		ops = []string{sh.Opts.Operator}
	}
	return ops
}

func (sh *Shared) NextOperator() {
	ops := sh.Operators()
	if len(ops) < 2 {
		sh.Banner = sh.Cat.T("operator.only")
		return
	}
	i := slices.Index(ops, sh.Operator)
	sh.Operator = ops[(i+1)%len(ops)]
}

// MemberFile is the member open beneath the knowledge base, for whom an
// article's procedure starts; nil when opened from the main screen.
type MemberFile struct {
	Member workflows.Member
	Cards  []workflows.Card
	Cases  []workflows.Case
}

// Ask runs q as a command, bounded by QueryTimeout: every read a page
// makes of the desk goes through it, so a stuck query turns into an error
// on the status line rather than a frozen page.
func Ask(q func(ctx context.Context) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), QueryTimeout)
		defer cancel()
		return q(ctx)
	}
}
