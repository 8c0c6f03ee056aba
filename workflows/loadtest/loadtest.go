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
	mrand "math/rand/v2"
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
}

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
	Calls    int
	Actions  []Action
	Retries  int64 // store writes run again after a serialization failure or deadlock

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

// timings gathers every desk's measurements.
type timings struct {
	mu      sync.Mutex
	d       map[string][]time.Duration
	conf    map[string]int
	refused map[string]int
	errs    map[string]int
	samples []string
}

func (t *timings) add(name string, d time.Duration, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.d[name] = append(t.d[name], d)
	switch classify(err) {
	case "conflict":
		t.conf[name]++
	case "refused":
		t.refused[name]++
	case "error":
		t.errs[name]++
		if len(t.samples) < 5 {
			t.samples = append(t.samples, name+": "+err.Error())
		}
	}
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
// was saved, for the lost-update check.
type shared struct {
	mu     sync.Mutex
	notes  map[int64]int     // case id → notes desks were told were saved
	phones map[int64]phone   // member id → the contact change with the highest member version
	cases  map[int64]sawCase // case id → the last step a desk was told it took
}

type phone struct {
	version int64
	number  string
}

type sawCase struct {
	version int64
	state   store.CaseState
	exact   bool // nobody else steps this case: its state must be exactly this
}

func (sh *shared) sawCase(c store.Case, exact bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if old, ok := sh.cases[c.ID]; !ok || c.Version > old.version {
		sh.cases[c.ID] = sawCase{c.Version, c.State, exact}
	}
}

// Run prepares DB (members when it has none, the load test's accounts),
// runs the desks and the supervisor for o.Duration, and checks the result.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Desks < 1 {
		return Report{}, errors.New("--desks must be at least 1")
	}
	if o.Members <= 0 {
		o.Members = 2000
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
	rep := Report{Backend: "sqlite", Desks: o.Desks, Duration: o.Duration}
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
	sh := &shared{notes: map[int64]int{}, phones: map[int64]phone{}, cases: map[int64]sawCase{}}
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
	tm := &timings{d: map[string][]time.Duration{}, conf: map[string]int{}, refused: map[string]int{}, errs: map[string]int{}}

	// Every desk opens its own connection first, as each desk's own
	// process would, and waits for the store's check of the database
	// (SQLite's quick_check) that its first write would wait for: the
	// clock starts when every desk is ready to take calls.
	var stores []*store.Store
	defer func() {
		for _, ds := range stores {
			ds.Close()
		}
	}()
	desks := make([]*desk, o.Desks)
	for i := range o.Desks {
		ds, err := store.Open(ctx, o.DB)
		if err != nil {
			return rep, err
		}
		stores = append(stores, ds)
		if err := ds.Check(ctx); err != nil {
			return rep, err
		}
		dsvc, err := newService(ds)
		if err != nil {
			return rep, err
		}
		// Each desk owns a slice of the members (its callers) and shares the hot ones.
		mine := pool[i*len(pool)/o.Desks : (i+1)*len(pool)/o.Desks]
		desks[i] = &desk{svc: dsvc, op: ops[i], tm: tm, sh: sh, mine: slices.Clone(mine), hot: hot, hotCases: hotCases,
			rnd: mrand.New(mrand.NewPCG(o.Seed, uint64(i)))}
	}
	if err := main.Check(ctx); err != nil {
		return rep, err
	}
	runCtx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var wg sync.WaitGroup
	calls := make([]int, o.Desks)
	for i, d := range desks {
		wg.Go(func() { calls[i] = d.run(runCtx) })
	}
	wg.Go(func() { supervise(runCtx, svc, sup, o.SpoolDir, tm, sh) })
	wg.Wait()
	for _, ds := range stores {
		rep.Retries += ds.WriteRetries()
	}
	rep.Retries += main.WriteRetries()
	for _, n := range calls {
		rep.Calls += n
	}
	rep.Actions = tm.figures(o.Duration)
	rep.ErrorSamples = tm.samples
	return rep, verify(ctx, svc, ops, sh, &rep)
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
	for name, ds := range t.d {
		slices.Sort(ds)
		a := Action{Name: name, Count: len(ds), Conflicts: t.conf[name], Refused: t.refused[name], Errors: t.errs[name],
			P50: ds[len(ds)*50/100], P99: ds[min(len(ds)-1, len(ds)*99/100)]}
		if d > 0 {
			a.PerSecond = float64(len(ds)) / d.Seconds()
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Action) int { return strings.Compare(a.Name, b.Name) })
	return out
}
