package tui

import (
	"context"
	"slices"

	"spdesk/workflows"
)

// auditExportDir is where the screen writes its CSV files: a folder
// beside the database, as the letters' spool folder is.
func (sh *shared) auditExportDir() string {
	if sh.dbPath == "" {
		return ""
	}
	return sh.dbPath + "-audit"
}

// spoolDir is where letters are printed: the setting, or a folder beside
// the database (where the demo prints its own).
func (sh *shared) spoolDir() string {
	if sh.opts.SpoolDir != "" {
		return sh.opts.SpoolDir
	}
	if sh.dbPath != "" {
		return sh.dbPath + "-spool"
	}
	return ""
}

// signedIn is called by the gate when the password was right, before it
// asks the root to unlock.
func (sh *shared) signedIn(op workflows.Operator) {
	sh.account, sh.operator = op, op.Login
}

// caseReader is what the case, letter and history views read of the desk;
// every change goes through the desk's steps.
type caseReader interface {
	MemberByID(ctx context.Context, id int64) (workflows.Member, error)
	CardsOfMember(ctx context.Context, memberID int64) ([]workflows.Card, error)
	CasesOfMember(ctx context.Context, memberID int64) ([]workflows.Case, error)
	CaseByID(ctx context.Context, id int64) (workflows.Case, error)
	AuditOfCase(ctx context.Context, caseID int64) ([]workflows.AuditEvent, error)
	AuditOfMember(ctx context.Context, memberID int64, limit int) ([]workflows.AuditEvent, error)
	LettersOfMember(ctx context.Context, memberID int64) ([]workflows.Letter, error)
	CountQueuedLetters(ctx context.Context) (map[workflows.LetterKind]int, error)
	Batches(ctx context.Context, limit int) ([]workflows.Batch, error)
	Actor(ctx context.Context, op string) (workflows.Actor, error) // what may be done
}

// reader is the desk the case views read, nil without one.
func (sh *shared) reader() caseReader {
	if sh.opts.Desk != nil {
		return sh.opts.Desk
	}
	return nil
}

// queueService is what the queue screens read through: the desk (the
// same workflows service that runs the changes, or in a read-only console
// one that only reads).
func (sh *shared) queueService() workflows.Desk {
	if sh.opts.Service != nil {
		return sh.opts.Service
	}
	return sh.opts.Desk
}

func (sh *shared) operators() []string {
	ops := slices.Clone(sh.opts.Operators)
	if len(ops) == 0 && sh.opts.Operator != "" {
		ops = []string{sh.opts.Operator}
	}
	return ops
}

func (sh *shared) nextOperator() {
	ops := sh.operators()
	if len(ops) < 2 {
		sh.banner = sh.cat.T("operator.only")
		return
	}
	i := slices.Index(ops, sh.operator)
	sh.operator = ops[(i+1)%len(ops)]
}

// kbMember is the member open beneath the knowledge base, for whom an
// article's procedure starts; nil when opened from the main screen.
type kbMember struct {
	m     workflows.Member
	cards []workflows.Card
	cases []workflows.Case
}
