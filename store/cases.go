package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrStale is returned by a write whose expected version is no longer the
// row's: someone else changed it since the caller read it.
var ErrStale = errors.New("changed by someone else")

// TimeLayout is how instants are kept: UTC, fixed width, so text order is
// time order.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(TimeLayout, s)
}

// CaseType is the procedure a case follows.
type CaseType string

const (
	CaseLostCard      CaseType = "lost_card"
	CaseBrokenCard    CaseType = "broken_card"
	CasePasswordReset CaseType = "password_reset"
	CaseNameChange    CaseType = "name_change"
	CaseContactChange CaseType = "contact_change"
	CaseCancellation  CaseType = "cancellation"
	// CaseSuspectedFraud: a card that may be counterfeit, or a genuine card
	// the database does not know, waits for a supervisor's review (0014).
	CaseSuspectedFraud CaseType = "suspected_fraud"
	// CaseCardRenewal: an expired standard card is reissued (0014).
	CaseCardRenewal CaseType = "card_renewal"
)

// CaseState is where a case stands. The allowed moves between states are
// package workflows' business; the store only keeps the name.
type CaseState string

const (
	StateOpened              CaseState = "opened"
	StateIdentityVerified    CaseState = "identity_verified"
	StateCardSuspended       CaseState = "card_suspended"
	StateReferredToIssuer    CaseState = "referred_to_issuer"
	StateFormMailed          CaseState = "form_mailed"
	StateFormReceived        CaseState = "form_received"
	StateReissueOrdered      CaseState = "reissue_ordered"
	StateCardShipped         CaseState = "card_shipped"
	StatePasswordIssued      CaseState = "password_issued"
	StateLetterPrinted       CaseState = "letter_printed"
	StateLetterMailed        CaseState = "letter_mailed"
	StateNameChanged         CaseState = "name_changed"
	StateApproved            CaseState = "approved"
	StateMembershipCancelled CaseState = "membership_cancelled"
	StateClosed              CaseState = "closed"
	StateWithdrawn           CaseState = "withdrawn"
	// StateUnderReview: a suspected fraud waits for a supervisor's decision.
	StateUnderReview CaseState = "under_review"
	// StateIdentityFailed ends a case whose opening identity check did not
	// pass: nothing but the opening had happened, so nothing is left open
	// to block the next try (workflows.CheckIdentity).
	StateIdentityFailed CaseState = "identity_failed"
)

// Terminal reports whether no further step can follow.
func (s CaseState) Terminal() bool {
	return s == StateClosed || s == StateWithdrawn || s == StateIdentityFailed
}

// Case is one procedure for one member, from the call to closed.
type Case struct {
	ID                int64
	Type              CaseType
	State             CaseState
	MemberID          int64
	CardID            int64 // the card concerned, 0 if none
	NewCardID         int64 // the reissued card, 0 until ordered
	Credit            bool  // credit-function card: the card company reissues
	Company           string
	WaitingOn         string // us, member, mail, approval, issuer; "" when done
	DueOn             Date   // zero when none
	IdentityPassed    bool
	IdentityResult    string // JSON: field -> "match" | "no_match"
	IdentityCheckedAt time.Time
	IdentityCheckedBy string
	NoRefundNotice    bool
	OpenedBy          string
	AssignedTo        string
	RequestedBy       string
	ApprovedBy        string
	OpenedAt          time.Time
	UpdatedAt         time.Time
	ClosedAt          time.Time // zero while open
	WithdrawReason    string
	Note              string
	Version           int64
}

// No is the case number operators read out and type: C-0000123.
func (c Case) No() string { return fmt.Sprintf("C-%07d", c.ID) }

// Open reports whether the case still has steps ahead.
func (c Case) Open() bool { return !c.State.Terminal() }

const caseCols = `id, type, state, member_id, coalesce(card_id, 0), coalesce(new_card_id, 0), credit, company,
	waiting_on, due_on, identity_passed, identity_result, identity_checked_at, identity_checked_by,
	no_refund_notice, opened_by, assigned_to, requested_by, approved_by, opened_at, updated_at, closed_at,
	withdraw_reason, note, version`

func scanCase(row scanner) (Case, error) {
	var c Case
	var due, idAt, opened, updated, closed string
	err := row.Scan(&c.ID, &c.Type, &c.State, &c.MemberID, &c.CardID, &c.NewCardID, &c.Credit, &c.Company,
		&c.WaitingOn, &due, &c.IdentityPassed, &c.IdentityResult, &idAt, &c.IdentityCheckedBy,
		&c.NoRefundNotice, &c.OpenedBy, &c.AssignedTo, &c.RequestedBy, &c.ApprovedBy, &opened, &updated, &closed,
		&c.WithdrawReason, &c.Note, &c.Version)
	if err != nil {
		return c, err
	}
	if due != "" {
		if c.DueOn, err = ParseDate(due); err != nil {
			return c, err
		}
	}
	for _, p := range []struct {
		s string
		t *time.Time
	}{{idAt, &c.IdentityCheckedAt}, {opened, &c.OpenedAt}, {updated, &c.UpdatedAt}, {closed, &c.ClosedAt}} {
		if *p.t, err = parseTime(p.s); err != nil {
			return c, fmt.Errorf("case %d: %w", c.ID, err)
		}
	}
	return c, nil
}

func queryCases(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]Case, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// InsertCase stores a new case at version 1 and sets its ID.
func (tx *Tx) InsertCase(c *Case) error {
	if err := tx.inScope(c.MemberID); err != nil {
		return err
	}
	id, err := tx.insertID(`INSERT INTO cases (type, state, member_id, card_id, new_card_id, credit, company,
		waiting_on, due_on, opened_by, assigned_to, opened_at, updated_at, note)
		VALUES (?,?,?,nullif(?,0),nullif(?,0),?,?,?,?,?,?,?,?,?) RETURNING id`,
		c.Type, c.State, c.MemberID, c.CardID, c.NewCardID, c.Credit, c.Company, c.WaitingOn, c.DueOn.String(),
		c.OpenedBy, c.AssignedTo, fmtTime(tx.Now), fmtTime(tx.Now), c.Note)
	if err != nil {
		return fmt.Errorf("insert case: %w", err)
	}
	c.ID = id
	c.Version, c.OpenedAt, c.UpdatedAt = 1, tx.Now, tx.Now
	return err
}

// UpdateCase writes every mutable field of c if the stored version is still
// c.Version, then bumps c.Version. ErrStale otherwise, nothing written.
func (tx *Tx) UpdateCase(c *Case) error {
	if err := tx.inScope(c.MemberID); err != nil {
		return err
	}
	r, err := tx.tx.Exec(`UPDATE cases SET state=?, new_card_id=nullif(?,0), waiting_on=?, due_on=?,
		identity_passed=?, identity_result=?, identity_checked_at=?, identity_checked_by=?, no_refund_notice=?,
		assigned_to=?, requested_by=?, approved_by=?, updated_at=?, closed_at=?, withdraw_reason=?, note=?,
		version=version+1
		WHERE id=? AND version=?`,
		c.State, c.NewCardID, c.WaitingOn, c.DueOn.String(), c.IdentityPassed, c.IdentityResult,
		fmtTime(c.IdentityCheckedAt), c.IdentityCheckedBy, c.NoRefundNotice, c.AssignedTo, c.RequestedBy,
		c.ApprovedBy, fmtTime(tx.Now), fmtTime(c.ClosedAt), c.WithdrawReason, c.Note, c.ID, c.Version)
	if err != nil {
		return fmt.Errorf("update case %d: %w", c.ID, err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return fmt.Errorf("case %d: %w", c.ID, ErrStale)
	}
	c.Version++
	c.UpdatedAt = tx.Now
	return nil
}

// Case reads a case inside the transaction; ErrNotFound if none.
func (tx *Tx) Case(id int64) (Case, error) {
	c, err := scanCase(tx.tx.QueryRow(`SELECT `+caseCols+` FROM cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("case #%d: %w", id, ErrNotFound)
	}
	if err == nil {
		err = tx.inScope(c.MemberID)
	}
	return c, err
}

// OpenCaseOfCard finds the open lost or broken card case of a card, so a
// second report can point to it. ErrNotFound if none.
func (tx *Tx) OpenCaseOfCard(cardID int64) (Case, error) {
	c, err := scanCase(tx.tx.QueryRow(`SELECT `+caseCols+` FROM cases
		WHERE card_id = ? AND closed_at = '' ORDER BY id DESC LIMIT 1`, cardID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("open case of card #%d: %w", cardID, ErrNotFound)
	}
	if err == nil {
		err = tx.inScope(c.MemberID)
	}
	return c, err
}

// OpenCaseOfType finds a member's open case of one type. ErrNotFound if none.
func (tx *Tx) OpenCaseOfType(memberID int64, t CaseType) (Case, error) {
	if err := tx.inScope(memberID); err != nil {
		return Case{}, err
	}
	c, err := scanCase(tx.tx.QueryRow(`SELECT `+caseCols+` FROM cases
		WHERE member_id = ? AND type = ? AND closed_at = '' ORDER BY id DESC LIMIT 1`, memberID, t))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("open %s case of member #%d: %w", t, memberID, ErrNotFound)
	}
	return c, err
}

// CaseByID reads a case; ErrNotFound if none.
func (s *Store) CaseByID(ctx context.Context, id int64) (Case, error) {
	c, err := scanCase(s.read.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("case #%d: %w", id, ErrNotFound)
	}
	return c, err
}

// CasesOfMember lists a member's cases, open ones first, newest first
// (the Cases tab).
func (s *Store) CasesOfMember(ctx context.Context, memberID int64) ([]Case, error) {
	return queryCases(ctx, s.read, `SELECT `+caseCols+` FROM cases WHERE member_id = ?
		ORDER BY closed_at != '', id DESC`, memberID)
}

// OpenCases lists open cases by due date, oldest due first; limit <= 0
// means all.
func (s *Store) OpenCases(ctx context.Context, limit int) ([]Case, error) {
	if limit <= 0 {
		limit = -1
	}
	return queryCases(ctx, s.read, `SELECT `+caseCols+` FROM cases WHERE closed_at = ''
		ORDER BY due_on = '', due_on, id LIMIT ?`, limit)
}

// CaseCount is the number of open cases in one type and state.
type CaseCount struct {
	Type  CaseType
	State CaseState
	Count int
}

// CountOpenCases counts open cases by type and state (status bar, queues).
func (s *Store) CountOpenCases(ctx context.Context) ([]CaseCount, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT type, state, count(*) FROM cases WHERE closed_at = ''
		GROUP BY type, state ORDER BY type, state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseCount
	for rows.Next() {
		var c CaseCount
		if err := rows.Scan(&c.Type, &c.State, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OpenCasesOfMember counts a member's open cases (the member header badge).
func (s *Store) OpenCasesOfMember(ctx context.Context, memberID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE member_id = ? AND closed_at = ''`,
		memberID).Scan(&n)
	return n, err
}

// AllCases lists every case in id order (checks and tests; not for a screen).
func (s *Store) AllCases(ctx context.Context) ([]Case, error) {
	return queryCases(ctx, s.read, `SELECT `+caseCols+` FROM cases ORDER BY id`)
}

// CaseOpening is the after of the audit row that opened case id (its
// first row that is not a refusal): what the opening did, such as whether
// it suspended the card, for the step that undoes it. "{}" when none.
func (tx *Tx) CaseOpening(id int64) (string, error) {
	var after string
	err := tx.tx.QueryRow(`SELECT after FROM audit WHERE case_id = ? AND from_state = '' AND action != 'denied'
		ORDER BY id LIMIT 1`, id).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) {
		return "{}", nil
	}
	return after, err
}

// ConfirmedFraudOfCard lists the suspected-fraud cases of a card that a
// supervisor confirmed (closed): the card was revoked by them.
func (tx *Tx) ConfirmedFraudOfCard(cardID int64) ([]Case, error) {
	cs, err := queryCases(tx.ctx, tx.tx, `SELECT `+caseCols+` FROM cases
		WHERE card_id = ? AND type = ? AND state = ? ORDER BY id`, cardID, CaseSuspectedFraud, StateClosed)
	for _, c := range cs {
		if err == nil {
			err = tx.inScope(c.MemberID)
		}
	}
	return cs, err
}
