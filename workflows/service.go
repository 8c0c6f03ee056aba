package workflows

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"time"

	"spdesk/store"
	"spdesk/workflows/bizday"
)

// Clock tells the time; tests and the demo inject their own.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the wall clock.
var SystemClock Clock = ClockFunc(time.Now)

// Settings are the service levels the due dates come from, in Japanese
// business days, and the validity of a new standard card.
type Settings struct {
	CardDeliveryDays   int // a reissued card reaches the member (FAQ: about 10 days)
	PasswordLetterDays int // a new password reaches the member (FAQ: 3-4 days)
	FormReturnDays     int // a mailed form is expected back
	DeskStepDays       int // a step waiting on the support center itself
	CardValidYears     int // a standard card is valid this long from issue (FAQ: 5 years)

	// Accounts (zero: the Default* values in accounts.go).
	SignInAttempts int           // wrong passwords in a row that lock an account (5)
	SignInLockout  time.Duration // how long it stays locked (15 minutes)
	IdleLock       time.Duration // the console locks after this long without a key (13 minutes)
}

// DefaultSettings are the FAQ's figures.
func DefaultSettings() Settings {
	return Settings{CardDeliveryDays: 10, PasswordLetterDays: 4, FormReturnDays: 14, DeskStepDays: 2, CardValidYears: 5}
}

// Service runs the workflows against one store.
type Service struct {
	st       *store.Store
	clock    Clock
	cal      *bizday.Calendar
	settings Settings
	pwParams PasswordParams
	rand     io.Reader
	// beforeArgon2, when set, runs before every password hash and check
	// (signin.go): tests make argon2 slow with it.
	beforeArgon2 func()
	log          *slog.Logger // internal errors and refusals: logging.go

	demoLeave map[int64]bool // members SeedDemoCases must not pick
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (default SystemClock).
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithSettings sets the service levels (default DefaultSettings).
func WithSettings(st Settings) Option { return func(s *Service) { s.settings = st } }

// WithCalendar sets the business-day calendar (default: weekends, national
// holidays and the 29 Dec - 3 Jan closure).
func WithCalendar(c *bizday.Calendar) Option { return func(s *Service) { s.cal = c } }

// WithPasswordParams sets the argon2id cost (default
// RecommendedPasswordParams; tests use a cheaper one).
func WithPasswordParams(p PasswordParams) Option { return func(s *Service) { s.pwParams = p } }

// New returns a Service on st.
func New(st *store.Store, opts ...Option) (*Service, error) {
	s := &Service{st: st, clock: SystemClock, settings: DefaultSettings(), pwParams: RecommendedPasswordParams,
		rand: rand.Reader, log: discardLogger}
	for _, o := range opts {
		o(s)
	}
	if s.cal == nil {
		cal, err := bizday.New(bizday.Options{})
		if err != nil {
			return nil, err
		}
		s.cal = cal
	}
	return s, nil
}

// Store is the store the service writes to; reads may go to it directly.
func (s *Service) Store() *store.Store { return s.st }

// Settings are the service's service levels.
func (s *Service) Settings() Settings { return s.settings }

// Calendar is the business-day calendar due dates are counted in.
func (s *Service) Calendar() *bizday.Calendar { return s.cal }

// Now is the service clock's time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Result is what a workflow step did: the case as it now is, and where the
// step made them, the new card, the queued letter (never its secret) and
// reminders for the operator to pass on.
type Result struct {
	Case      store.Case
	Card      store.Card
	Letter    store.Letter
	Reminders []Notice
	// Outcome is how a step that was carried out and recorded came out:
	// done, or failed (an identity check that did not pass). A refused
	// step is an error instead. Failure says what failed and what to do.
	Outcome Outcome
	Failure Notice
}

// Outcome is how a recorded step came out.
type Outcome string

const (
	OutcomeDone   Outcome = "done"
	OutcomeFailed Outcome = "failed"
)

// Failed reports whether the step was recorded but did not achieve what
// it was for: the console shows it as a failure, never as done.
func (r Result) Failed() bool { return r.Outcome == OutcomeFailed }

// Notice is something the operator must tell the member, as a catalog key.
type Notice struct {
	Key  string
	Args map[string]string
}

// write runs fn in one transaction stamped with the clock's time, after
// checking the operator; store errors come back as workflow errors.
func (s *Service) write(ctx context.Context, op string, fn func(tx *store.Tx) error) error {
	_, err := s.writeWiping(ctx, op, fn)
	return err
}

// writeMember is write for a step that reads and changes the rows of
// one member only (store.WriteMember): on PostgreSQL it runs beside the
// steps other desks take on other members. A step that reaches another
// member's row is run again alone, so a wrong memberID is slow, not
// wrong. 0 is write.
func (s *Service) writeMember(ctx context.Context, op string, memberID int64, fn func(tx *store.Tx) error) error {
	_, err := s.writeWipingIn(ctx, op, memberID, fn)
	return err
}

// caseMember is the member of case id (a case never changes member), or
// 0 when it cannot be read: the step then runs alone and says why.
func (s *Service) caseMember(ctx context.Context, id int64) int64 {
	c, err := s.st.CaseByID(ctx, id)
	if err != nil {
		return 0
	}
	return c.MemberID
}

// writeWiping is write, reporting whether clear text the transaction
// wiped may still be in the database's files (wipe.go).
func (s *Service) writeWiping(ctx context.Context, op string, fn func(tx *store.Tx) error) (wipePending bool, err error) {
	return s.writeWipingIn(ctx, op, 0, fn)
}

// writeWipingIn is writeWiping confined to memberID (writeMember).
func (s *Service) writeWipingIn(ctx context.Context, op string, memberID int64, fn func(tx *store.Tx) error) (wipePending bool, err error) {
	if err := checkOperator(op); err != nil {
		return false, err
	}
	wiped := false
	err = s.report(wrapStore(s.st.WriteMember(ctx, s.clock.Now(), memberID, func(tx *store.Tx) error {
		// A disabled account (or a name that is no account) changes nothing.
		if err := checkAccount(tx, op); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		wiped = tx.Wiped()
		return nil
	}), "write"), slog.String("operator", op))
	if err != nil || !wiped {
		return false, err
	}
	return s.finishWipe(ctx), nil
}

func checkOperator(op string) error {
	if strings.TrimSpace(op) == "" || len([]rune(op)) > 64 || hasControl(op) {
		return refuse(EINVALID, "operator.invalid")
	}
	return nil
}

// day is the Tokyo calendar day of t.
func day(t time.Time) time.Time { return bizday.Day(t, bizday.Tokyo) }

// dueAfter is n business days after the day of t.
func (s *Service) dueAfter(t time.Time, n int) store.Date {
	return store.DateOf(s.cal.AddBusinessDays(day(t), n))
}

// moveTo puts c in state to, with whom it waits on and its due date, and
// stamps it closed when to is terminal.
func (s *Service) moveTo(tx *store.Tx, c *store.Case, to store.CaseState) {
	if c.State == to {
		return // a step that keeps the state keeps its due date too
	}
	c.State = to
	info := states[to]
	c.WaitingOn = info.waitingOn
	switch n := info.due(s.settings); {
	case n == keepDue:
	case n == 0 && to.Terminal():
		c.DueOn = store.Date{}
	default:
		c.DueOn = s.dueAfter(tx.Now, n)
	}
	if to.Terminal() {
		c.ClosedAt = tx.Now
	}
}

// fields is the before or after of an audit row.
type fields map[string]any

func (f fields) json() string {
	if len(f) == 0 {
		return "{}"
	}
	b, err := json.Marshal(f)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// caseEvent is the audit row of a step on c that moved it from from.
func caseEvent(op string, act Action, c store.Case, from store.CaseState, before, after fields) *store.AuditEvent {
	if before == nil {
		before = fields{}
	}
	if after == nil {
		after = fields{}
	}
	if from != c.State {
		before["state"] = from
		after["state"] = c.State
	}
	return &store.AuditEvent{Operator: op, Action: string(c.Type) + "." + string(act), MemberID: c.MemberID,
		CaseID: c.ID, CardID: c.CardID, FromState: from, ToState: c.State, Before: before.json(), After: after.json()}
}

// loadCase reads the case inside tx and checks the caller's version.
func loadCase(tx *store.Tx, id, version int64) (store.Case, error) {
	c, err := tx.Case(id)
	if err != nil {
		return c, wrapStore(err, "case")
	}
	if c.Version != version {
		return c, stale(c.No())
	}
	return c, nil
}

// loadMember reads the member a change is for and refuses a cancelled one.
func loadMember(tx *store.Tx, id int64) (store.Member, error) {
	m, err := tx.Member(id)
	if err != nil {
		return m, wrapStore(err, "member")
	}
	if m.Status == store.MemberCancelled {
		return m, cancelledRefusal(m)
	}
	return m, nil
}

// stepCase is the common frame of a case step: load the case at the
// caller's version and its member, check the step is allowed (stepRefusal,
// the check the console's choices make too), let do make the
// step's own changes, then move the case and append its audit row.
func (s *Service) stepCase(ctx context.Context, op string, caseID, version int64, act Action, note string,
	do func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error) (Result, error) {
	var res Result
	note, err := normalizeNote("note", note, false)
	if err != nil {
		return res, err
	}
	wipePending, err := s.writeWipingIn(ctx, op, s.caseMember(ctx, caseID), func(tx *store.Tx) error {
		c, err := loadCase(tx, caseID, version)
		if err != nil {
			return err
		}
		res, err = s.stepIn(tx, op, c, act, note, do)
		return err
	})
	if wipePending {
		res.Reminders = append(res.Reminders, WipePendingNotice)
	}
	return res, err
}

// stepIn is stepCase's work on case c inside tx: the same checks, the
// step, the audit row (StartCase runs it after opening the case).
func (s *Service) stepIn(tx *store.Tx, op string, c store.Case, act Action, note string,
	do func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error) (Result, error) {
	var res Result
	m, err := tx.Member(c.MemberID)
	if err != nil {
		return res, wrapStore(err, "member")
	}
	a, err := actorIn(tx, op)
	if err != nil {
		return res, err
	}
	st, err := stepRefusal(c, m, a, act) // maydo.go: what the console offers
	if err != nil {
		return res, err
	}
	ev := &stepEvent{before: fields{}, after: fields{}}
	if do != nil {
		if err := do(tx, &c, m, ev); err != nil {
			return res, err
		}
	}
	from, to := c.State, st.To
	switch {
	case ev.to != "":
		to = ev.to
	case ev.stay:
		to = c.State
	}
	s.moveTo(tx, &c, to)
	if note != "" {
		c.Note = note
	}
	if err := tx.UpdateCase(&c); err != nil {
		return res, wrapStore(err, c.No())
	}
	e := caseEvent(op, act, c, from, ev.before, ev.after)
	e.Note, e.LetterID = note, ev.letterID
	if ev.cardID != 0 {
		e.CardID = ev.cardID
	}
	if err := tx.AppendAudit(e); err != nil {
		return res, err
	}
	if ev.then != nil {
		if err := ev.then(tx); err != nil {
			return res, err
		}
	}
	res.Case, res.Card, res.Letter, res.Reminders = c, ev.card, ev.letter, ev.reminders
	res.Outcome = OutcomeDone
	if ev.failure.Key != "" {
		res.Outcome, res.Failure = OutcomeFailed, ev.failure
	}
	return res, nil
}

// stepEvent collects what a step's own changes put in its audit row and
// result.
type stepEvent struct {
	before, after fields
	cardID        int64
	letterID      int64
	card          store.Card
	letter        store.Letter
	reminders     []Notice
	stay          bool            // the step keeps the case where it is
	to            store.CaseState // the step moves the case here instead of its target
	failure       Notice          // the step was recorded but failed (Result.Failure)
	// then runs after the step's audit row is written, in the same
	// transaction: for changes that read that row (the hold rule does).
	then func(tx *store.Tx) error
}

// CloseCase closes a case whose last step is done.
func (s *Service) CloseCase(ctx context.Context, op string, req StepRequest) (Result, error) {
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActClose, req.Note, nil)
}

// StepRequest names a case at the version the operator saw, with an
// optional note for the timeline.
type StepRequest struct {
	CaseID      int64
	CaseVersion int64
	Note        string
}
