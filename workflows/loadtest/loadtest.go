// Package loadtest drives many simulated desks and one supervisor against
// one database through the real workflows, the way a support center uses
// it: searches, opening members, procedures step by step, call wrap-ups,
// queues, approvals and print runs. It measures each action and, at the
// end, checks that the audit chain is whole, that no update was lost and
// that no call or case was left half-done. It knows nothing of terminals:
// `spdesk loadtest` prints its Report.
package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/workflows"
)

// Options say what to run.
type Options struct {
	DB       string        // a file path or a postgres:// URL
	Desks    int           // simulated operators, each with its own connection to DB
	Duration time.Duration // how long the desks take calls
	Members  int           // members to seed when DB has none (default 2000)
	SpoolDir string        // where the supervisor's print runs write their letters
	Seed     uint64        // the call mix's random seed (same seed, same choices per desk)
	// Think is the operator's mean pause before each action: each pause
	// is drawn uniformly between half and one and a half times it, from
	// the desk's own seeded source. 0 is a stress test: no pause at all.
	Think time.Duration
	// PrintEvery is how often the supervisor prints the letters waiting
	// (0: every 3 s; negative: never). A print run renders its PDF
	// inside its write transaction, so every desk's write waits for it.
	PrintEvery time.Duration
	// Command, when set, runs every desk in a process of its own: the
	// program Command[0] with the arguments Command[1:], which must call
	// ServeDesk on its standard input and output (spdesk loadtest
	// --desk-child). Env is added to those processes' environment.
	Command []string
	Env     []string
}

// DefaultThink is the pace of spdesk loadtest unless told otherwise: an
// action every 2 s on average at every desk, about as fast as a person
// reads a screen and presses a key, with no talking at all. A real call
// takes minutes for its half-dozen actions, so 50 real desks send about
// one action a second; 50 desks at this pace send about 25.
const DefaultThink = 2 * time.Second

// Prefix starts the login of every account the load test makes: a
// database with other accounts is a live desk's and is refused.
const Prefix = "load-"

// Action figures: how often it ran and how long it took.
type Action struct {
	Name      string
	Count     int
	Conflicts int // refused because another desk changed the thing first
	Refused   int // refused by a business rule (a state, a cancelled member)
	Errors    int // anything else: a failure the load test counts against the run
	P50, P99  time.Duration
	PerSecond float64
}

// Report is what a run measured and found.
type Report struct {
	Backend  string // "postgres" or "sqlite"
	Desks    int
	Duration time.Duration
	Think    time.Duration // the desks' mean pause before an action; 0: none (stress)
	// PrintEvery is how often the supervisor ran a print run; 0: never.
	PrintEvery time.Duration
	Calls      int
	Actions    []Action
	Retries    int64 // store writes run again after a serialization failure or deadlock

	PID       int          // the process that ran the supervisor and the checks
	Processes int          // the distinct processes the desks ran in
	PerDesk   []DeskFigure // each desk: its process, calls and actions

	AuditRows    int64
	AuditIntact  bool
	LostUpdates  int      // a note or contact change that a desk was told was saved, not there
	HalfDone     int      // an open call, or a case behind the step a desk was told it took
	Problems     []string // what the checks found, one line each
	ErrorSamples []string // the first few unexpected errors
}

// OK reports whether the run met its checks: no unexpected error, an
// intact audit chain, no lost update and nothing half-done.
func (r Report) OK() bool {
	errs := 0
	for _, a := range r.Actions {
		errs += a.Errors
	}
	return errs == 0 && r.AuditIntact && r.LostUpdates == 0 && r.HalfDone == 0
}

// DeskFigure is what one desk did, and in which process.
type DeskFigure struct {
	Operator string
	PID      int
	Calls    int
	Actions  int
}

// timings gathers measurements: one desk's, or the whole run's. Its
// fields travel as JSON from a desk in another process.
type timings struct {
	mu      sync.Mutex
	D       map[string][]time.Duration `json:"durations"`
	Conf    map[string]int             `json:"conflicts"`
	Refused map[string]int             `json:"refused"`
	Errs    map[string]int             `json:"errors"`
	Samples []string                   `json:"samples"`
}

func newTimings() *timings {
	return &timings{D: map[string][]time.Duration{}, Conf: map[string]int{}, Refused: map[string]int{}, Errs: map[string]int{}}
}

const maxErrorSamples = 5

func (t *timings) add(name string, d time.Duration, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.D[name] = append(t.D[name], d)
	switch classify(err) {
	case "conflict":
		t.Conf[name]++
	case "refused":
		t.Refused[name]++
	case "error":
		t.Errs[name]++
		if len(t.Samples) < maxErrorSamples {
			t.Samples = append(t.Samples, name+": "+err.Error())
		}
	}
}

// merge adds o's measurements to t's.
func (t *timings) merge(o *timings) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for name, ds := range o.D {
		t.D[name] = append(t.D[name], ds...)
	}
	for name, n := range o.Conf {
		t.Conf[name] += n
	}
	for name, n := range o.Refused {
		t.Refused[name] += n
	}
	for name, n := range o.Errs {
		t.Errs[name] += n
	}
	for _, s := range o.Samples {
		if len(t.Samples) < maxErrorSamples {
			t.Samples = append(t.Samples, s)
		}
	}
}

// count is how many actions t measured.
func (t *timings) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, ds := range t.D {
		n += len(ds)
	}
	return n
}

// classify sorts a workflow's answer: a refusal because another desk got
// there first is a conflict (the operator reloads and carries on), a
// business refusal is expected in a random mix, anything else is an error.
func classify(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, errNoActiveCard) {
		return "refused"
	}
	switch workflows.ErrorCode(err) {
	case workflows.ECONFLICT, workflows.ECHANGED:
		return "conflict"
	case workflows.ESTATE, workflows.EINVALID, workflows.EIDENTITY, workflows.ENOTFOUND, workflows.EFORBIDDEN:
		return "refused"
	}
	return "error"
}

// timed runs fn as the action name and records it.
func (t *timings) timed(name string, fn func() error) error {
	start := time.Now()
	err := fn()
	t.add(name, time.Since(start), err)
	return err
}

// shared is what desks write to concurrently, with what they were told
// was saved, for the lost-update check: one desk's, or the whole run's.
// Its fields travel as JSON from a desk in another process.
type shared struct {
	mu     sync.Mutex
	Notes  map[int64]int     `json:"notes"`  // case id → notes desks were told were saved
	Phones map[int64]phone   `json:"phones"` // member id → the contact change with the highest member version
	Cases  map[int64]sawCase `json:"cases"`  // case id → the last step a desk was told it took
}

func newShared() *shared {
	return &shared{Notes: map[int64]int{}, Phones: map[int64]phone{}, Cases: map[int64]sawCase{}}
}

type phone struct {
	Version int64
	Number  string
}

type sawCase struct {
	Version int64
	State   store.CaseState
	Exact   bool // nobody else steps this case: its state must be exactly this
}

func (sh *shared) sawCase(c store.Case, exact bool) {
	sh.saw(c.ID, sawCase{c.Version, c.State, exact})
}

func (sh *shared) saw(id int64, s sawCase) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if old, ok := sh.Cases[id]; !ok || s.Version > old.Version {
		sh.Cases[id] = s
	}
}

func (sh *shared) savedPhone(member int64, p phone) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.Phones[member].Version < p.Version {
		sh.Phones[member] = p
	}
}

// merge adds what o's desk was told to sh: the notes add up, the newest
// contact change and case step win.
func (sh *shared) merge(o *shared) {
	for id, p := range o.Phones {
		sh.savedPhone(id, p)
	}
	for id, c := range o.Cases {
		sh.saw(id, c)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for id, n := range o.Notes {
		sh.Notes[id] += n
	}
}

// Run prepares DB (members when it has none, the load test's accounts),
// runs the desks and the supervisor for o.Duration, and checks the result.
// The desks run in this process, each on its own store, or each in a
// process of its own when o.Command is set; either way the supervisor
// and the checks run here, on what every desk measured and was told.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Desks < 1 {
		return Report{}, errors.New("--desks must be at least 1")
	}
	if o.Think < 0 {
		return Report{}, errors.New("--think must not be negative: 0 is no pause (a stress test)")
	}
	if o.Members <= 0 {
		o.Members = 2000
	}
	if o.PrintEvery == 0 {
		o.PrintEvery = 3 * time.Second
	}
	if o.SpoolDir == "" {
		return Report{}, errors.New("loadtest: no spool folder for the print runs")
	}
	main, err := store.Open(ctx, o.DB)
	if err != nil {
		return Report{}, err
	}
	defer main.Close()
	svc, err := newService(main)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Backend: "sqlite", Desks: o.Desks, Duration: o.Duration, Think: o.Think, PID: os.Getpid(),
		PrintEvery: max(o.PrintEvery, 0)}
	if main.Postgres() {
		rep.Backend = "postgres"
	}
	ops, sup, err := prepare(ctx, svc, o)
	if err != nil {
		return rep, err
	}
	pool, err := main.ActiveMembersWithCard(ctx, store.CardStandard, o.Members)
	if err != nil {
		return rep, err
	}
	if len(pool) < 4*o.Desks+10 {
		return rep, fmt.Errorf("loadtest: %d active members with a standard card in %s: too few for %d desks; seed more (spdesk seed --members)",
			len(pool), store.Redact(o.DB), o.Desks)
	}
	// A few members every desk calls about, and a case on each that every
	// desk writes notes to: the writes that would be lost if any were.
	hot, pool := pool[:5], pool[5:]
	var hotCases []int64
	for _, id := range hot {
		r, err := svc.OpenCase(ctx, sup, workflows.OpenCaseRequest{MemberID: id, Type: store.CaseNameChange, Note: "負荷試験の共有案件"})
		if err != nil && workflows.ErrorCode(err) != workflows.ECONFLICT {
			return rep, fmt.Errorf("loadtest: shared case: %w", err)
		}
		if err == nil {
			hotCases = append(hotCases, r.Case.ID)
		}
	}
	if err := main.Check(ctx); err != nil {
		return rep, err
	}
	specs := make([]deskSpec, o.Desks)
	for i := range specs {
		// Each desk owns a slice of the members (its callers) and shares the hot ones.
		mine := pool[i*len(pool)/o.Desks : (i+1)*len(pool)/o.Desks]
		specs[i] = deskSpec{DB: o.DB, Index: i, Operator: ops[i], Mine: slices.Clone(mine), Hot: hot, HotCases: hotCases,
			Seed: o.Seed, Think: o.Think, Duration: o.Duration}
	}
	tm, sh := newTimings(), newShared()
	// The supervisor's clock starts with the desks', once every desk is
	// ready to take calls.
	var wg sync.WaitGroup
	begin := func() {
		runCtx, cancel := context.WithTimeout(ctx, o.Duration)
		wg.Go(func() {
			defer cancel()
			supervise(runCtx, svc, sup, o.SpoolDir, o.PrintEvery, o.Think, o.Seed, tm, sh)
		})
	}
	var results []deskResult
	if len(o.Command) > 0 {
		results, err = runProcesses(ctx, o, specs, begin)
	} else {
		results, err = runHere(ctx, specs, begin)
	}
	wg.Wait()
	if err != nil {
		return rep, err
	}
	pids := map[int]bool{}
	for _, r := range results {
		tm.merge(r.Timings)
		sh.merge(r.Told)
		rep.Calls += r.Calls
		rep.Retries += r.Retries
		rep.PerDesk = append(rep.PerDesk, DeskFigure{Operator: r.Operator, PID: r.PID, Calls: r.Calls, Actions: r.Timings.count()})
		pids[r.PID] = true
	}
	rep.Processes = len(pids)
	rep.Retries += main.WriteRetries()
	rep.Actions = tm.figures(o.Duration)
	rep.ErrorSamples = tm.Samples
	return rep, verify(ctx, svc, ops, sh, &rep)
}

// runHere runs the desks in this process, each on a store of its own,
// as a separate process would have.
func runHere(ctx context.Context, specs []deskSpec, begin func()) ([]deskResult, error) {
	desks := make([]*desk, len(specs))
	for i, sp := range specs {
		d, err := openDesk(ctx, sp)
		if err != nil {
			return nil, err
		}
		defer d.st.Close()
		desks[i] = d
	}
	begin()
	results := make([]deskResult, len(desks))
	var wg sync.WaitGroup
	for i, d := range desks {
		wg.Go(func() { results[i] = d.result(d.run(ctx, specs[i].Duration)) })
	}
	wg.Wait()
	return results, nil
}

// newService is a workflows.Service whose accounts hash cheaply: the load
// test's accounts are never signed into (their passwords are thrown away).
func newService(st *store.Store) (*workflows.Service, error) {
	return workflows.New(st, workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
}

// prepare seeds members into an empty database and makes the accounts:
// load-sup (supervisor) and load-desk-NN. A database with accounts of its
// own is a live desk's: refused, nothing written.
func prepare(ctx context.Context, svc *workflows.Service, o Options) (ops []string, sup string, err error) {
	st := svc.Store()
	ops0, err := st.Operators(ctx)
	if err != nil {
		return nil, "", err
	}
	have := map[string]bool{}
	for _, op := range ops0 {
		if !strings.HasPrefix(op.Login, Prefix) {
			return nil, "", fmt.Errorf("%s has accounts of its own (%s): it is a live desk's database; the load test writes only into a database it seeded; nothing was written",
				store.Redact(o.DB), op.Login)
		}
		have[op.Login] = true
	}
	n, err := st.CountMembers(ctx)
	if err != nil {
		return nil, "", err
	}
	if n == 0 {
		if err := fixtures.LoadScale(ctx, st, 1, o.Members, nil); err != nil {
			return nil, "", fmt.Errorf("loadtest: seed: %w", err)
		}
	}
	sup = Prefix + "sup"
	add := func(by, login string, role store.Role) error {
		if have[login] {
			return nil
		}
		_, err := svc.AddOperator(ctx, by, workflows.OperatorRequest{Login: login, DisplayName: login, Role: role, Password: password()})
		return err
	}
	if err := add("", sup, store.RoleSupervisor); err != nil {
		return nil, "", fmt.Errorf("loadtest: account %s: %w", sup, err)
	}
	for i := range o.Desks {
		login := fmt.Sprintf("%sdesk-%02d", Prefix, i+1)
		if err := add(sup, login, store.RoleOperator); err != nil {
			return nil, "", fmt.Errorf("loadtest: account %s: %w", login, err)
		}
		ops = append(ops, login)
	}
	return ops, sup, nil
}

// password is a long random password nobody is told.
func password() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "Lt-" + hex.EncodeToString(b) + "-x9"
}

// figures are the per-action counts and percentiles, by name.
func (t *timings) figures(d time.Duration) []Action {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Action
	for name, ds := range t.D {
		slices.Sort(ds)
		a := Action{Name: name, Count: len(ds), Conflicts: t.Conf[name], Refused: t.Refused[name], Errors: t.Errs[name],
			P50: ds[len(ds)*50/100], P99: ds[min(len(ds)-1, len(ds)*99/100)]}
		if d > 0 {
			a.PerSecond = float64(len(ds)) / d.Seconds()
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Action) int { return strings.Compare(a.Name, b.Name) })
	return out
}
