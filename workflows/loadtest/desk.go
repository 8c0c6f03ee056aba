package loadtest

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"time"

	"spdesk/store"
	"spdesk/workflows"
)

// errNoActiveCard: the caller's cards were all reported already.
var errNoActiveCard = errors.New("no active card to report")

// errTimeUp: the run's time is up, so the desk takes no further step of
// the call under way; only its wrap-up.
var errTimeUp = errors.New("the load test's time is up")

// deskSpec is one desk's part of a run: who it is, its callers and its
// pace. It travels as JSON to a desk in another process.
type deskSpec struct {
	DB       string
	Index    int
	Operator string
	Mine     []int64 // this desk's callers
	Hot      []int64 // callers every desk hears from
	HotCases []int64 // cases every desk writes notes to
	Seed     uint64
	Think    time.Duration
	Duration time.Duration
}

// deskResult is what one desk measured and was told was saved. It
// travels as JSON from a desk in another process.
type deskResult struct {
	Operator string
	PID      int
	Calls    int
	Retries  int64
	Timings  *timings
	Told     *shared
}

// desk is one simulated operator taking calls one after another, with
// a pause before each action (none in a stress test).
type desk struct {
	st       *store.Store
	svc      *workflows.Service
	op       string
	tm       *timings
	sh       *shared
	mine     []int64 // this desk's callers
	hot      []int64 // callers every desk hears from
	hotCases []int64 // cases every desk writes notes to
	rnd      *mrand.Rand
	seq      int
	think    time.Duration
	pace     *mrand.Rand     // the pauses' own source: the call mix is the same at every pace
	life     context.Context // the whole run's, past the clock: the last wrap-up's pause
}

// paceStream keeps the pauses' random source apart from the call mix's.
const paceStream = 1 << 32

// openDesk opens the desk's own store, as a desk's own process does, and
// waits for the store's check of the database (SQLite's quick_check)
// that its first write would wait for: the clock starts when every desk
// is ready to take calls.
func openDesk(ctx context.Context, sp deskSpec) (*desk, error) {
	st, err := store.Open(ctx, sp.DB)
	if err != nil {
		return nil, err
	}
	svc, err := newService(st)
	if err == nil {
		err = st.Check(ctx)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return &desk{st: st, svc: svc, op: sp.Operator, tm: newTimings(), sh: newShared(),
		mine: sp.Mine, hot: sp.Hot, hotCases: sp.HotCases, think: sp.Think,
		rnd:  mrand.New(mrand.NewPCG(sp.Seed, uint64(sp.Index))),
		pace: mrand.New(mrand.NewPCG(sp.Seed, paceStream+uint64(sp.Index)))}, nil
}

// result is what the desk hands back after taking calls calls.
func (d *desk) result(calls int) deskResult {
	return deskResult{Operator: d.op, PID: os.Getpid(), Calls: calls, Retries: d.st.WriteRetries(), Timings: d.tm, Told: d.sh}
}

// run takes calls for dur (or until ctx ends) and returns how many were
// wrapped up. A call under way when the time is up takes no further step
// but its wrap-up, after the usual pause: a desk never leaves a call
// open, and the desks do not all write at the same instant at the end
// (the run ends up to one and a half pauses late).
func (d *desk) run(ctx context.Context, dur time.Duration) int {
	clock, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	d.life = ctx
	n := 0
	for clock.Err() == nil {
		if d.call(clock) {
			n++
		}
	}
	return n
}

// pause is the operator's time before an action: reading the screen,
// asking the caller, typing. It reports false when the time ran out
// before or during it.
func (d *desk) pause(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	if d.think <= 0 {
		return true
	}
	t := time.NewTimer(thinkTime(d.pace, d.think))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// thinkTime draws one pause around mean: uniformly between half and one
// and a half times it. Bounded on both sides, unlike an exponential: a
// person is never instant and rarely stalls, and a run's count of
// actions has a ceiling (the duration over half the mean).
func thinkTime(r *mrand.Rand, mean time.Duration) time.Duration {
	return time.Duration((0.5 + r.Float64()) * float64(mean))
}

// act runs fn as the action name after the operator's pause; the pause
// is not part of the action's time. Once the time is up it runs nothing.
func (d *desk) act(ctx context.Context, name string, fn func() error) error {
	if !d.pause(ctx) {
		return errTimeUp
	}
	return d.tm.timed(name, fn)
}

// call is one call: find the caller, open them, take a call, do what they
// call about, wrap up. It reports whether the wrap-up was saved.
func (d *desk) call(ctx context.Context) bool {
	// The steps of a call finish even when the time is up mid-call.
	bg := context.WithoutCancel(ctx)
	id := d.caller()
	var m workflows.Member
	var err error
	if err = d.act(ctx, "open_member", func() error {
		m, err = d.svc.MemberByID(bg, id)
		if err != nil {
			return err
		}
		if _, err = d.svc.CardsOfMember(bg, id); err != nil {
			return err
		}
		_, err = d.svc.CasesOfMember(bg, id)
		return err
	}); err != nil {
		return false
	}
	q := m.FamilyName + m.GivenName
	if d.rnd.IntN(2) == 0 {
		q = m.No
	}
	if errors.Is(d.act(ctx, "search", func() error { _, err := d.svc.Search(bg, q, 20); return err }), errTimeUp) {
		return false
	}
	var call store.Call
	if err := d.act(ctx, "start_call", func() error { call, err = d.svc.StartCall(bg, d.op, id); return err }); err != nil {
		return false
	}
	reason, outcome := "faq_card", store.OutcomeAnswered
	var cases []int64
	var proc store.CaseType
	switch p := d.rnd.IntN(100); {
	case p < 30: // a question answered from the knowledge base
	case p < 50:
		proc = store.CasePasswordReset
	case p < 65:
		proc = store.CaseContactChange
	case p < 80:
		proc = store.CaseLostCard
	case p < 85:
		proc = store.CaseCancellation
	default:
		if len(d.hotCases) > 0 {
			cid := d.hotCases[d.rnd.IntN(len(d.hotCases))]
			d.seq++
			note := fmt.Sprintf("%s からの折り返し %d", d.op, d.seq)
			if d.act(ctx, "add_note", func() error { _, err := d.svc.AddCaseNote(bg, d.op, cid, note); return err }) == nil {
				d.sh.mu.Lock()
				d.sh.Notes[cid]++
				d.sh.mu.Unlock()
			}
			reason, outcome = workflows.ReasonOtherCode, store.OutcomeCallBack
		}
	}
	if proc != "" {
		reason, outcome = "proc_"+string(proc), store.OutcomeProcedure
		if c, ok := d.procedure(ctx, m, proc); ok {
			cases = append(cases, c)
		}
	}
	// The wrap-up after its pause, even once the time is up: never left
	// open.
	d.pause(d.life)
	err = d.tm.timed("wrap_up", func() error {
		_, err := d.svc.WrapUpCall(bg, d.op, workflows.WrapUpRequest{CallID: call.ID, CallVersion: call.Version,
			Reasons: []string{reason}, Outcome: outcome, Cases: cases})
		return err
	})
	return err == nil
}

// caller is the member who calls next: mostly this desk's own callers,
// sometimes one every desk hears from.
func (d *desk) caller() int64 {
	if d.rnd.IntN(10) == 0 {
		return d.hot[d.rnd.IntN(len(d.hot))]
	}
	return d.mine[d.rnd.IntN(len(d.mine))]
}

// procedure runs proc's steps for m as far as the desk can on one call
// (until ctx ends), and returns the case it opened.
func (d *desk) procedure(clock context.Context, m workflows.Member, proc store.CaseType) (int64, bool) {
	// A step begun finishes even when the time is up during it.
	ctx := context.WithoutCancel(clock)
	var r workflows.Result
	var err error
	answers := workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}
	// exact: after this call nobody but this desk steps the case.
	exact := proc == store.CaseLostCard || proc == store.CaseContactChange
	step := func(name string, fn func(c store.Case) (workflows.Result, error)) bool {
		prev := r.Case
		err = d.act(clock, name, func() error {
			var e error
			r, e = fn(prev)
			return e
		})
		if err != nil {
			r.Case = prev
			return false
		}
		d.sh.sawCase(r.Case, exact)
		return true
	}
	open := func(c store.Case) (workflows.Result, error) {
		return d.svc.OpenCase(ctx, d.op, workflows.OpenCaseRequest{MemberID: m.ID, Type: proc, Seen: m})
	}
	if proc == store.CaseLostCard {
		open = func(store.Case) (workflows.Result, error) {
			cards, err := d.svc.CardsOfMember(ctx, m.ID)
			if err != nil {
				return workflows.Result{}, err
			}
			for _, c := range cards {
				if c.Status == store.CardActive {
					return d.svc.ReportLostCard(ctx, d.op, workflows.ReportCardRequest{MemberID: m.ID, CardID: c.ID, CardVersion: c.Version})
				}
			}
			return workflows.Result{}, errNoActiveCard
		}
	}
	if !step("open_case", open) {
		return 0, false
	}
	id := r.Case.ID
	ok := step("check_identity", func(c store.Case) (workflows.Result, error) {
		r, _, err := d.svc.CheckIdentity(ctx, d.op, workflows.CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: answers, Seen: m})
		return r, err
	})
	if !ok && proc != store.CaseLostCard {
		return id, true
	}
	sr := func(c store.Case) workflows.StepRequest {
		return workflows.StepRequest{CaseID: c.ID, CaseVersion: c.Version}
	}
	switch proc {
	case store.CasePasswordReset:
		step("issue_password", func(c store.Case) (workflows.Result, error) { return d.svc.IssuePassword(ctx, d.op, sr(c)) })
	case store.CaseContactChange:
		d.seq++
		num := fmt.Sprintf("03%04d%04d", d.rnd.IntN(10000), d.seq%10000)
		if step("change_contact", func(c store.Case) (workflows.Result, error) {
			return d.svc.ChangeContact(ctx, d.op, workflows.ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
				MemberVersion: m.Version, Phone: num})
		}) {
			// The member's version after the change: read back at the end.
			d.sh.savedPhone(m.ID, phone{m.Version + 1, num})
		}
	case store.CaseLostCard:
		_ = step("order_reissue", func(c store.Case) (workflows.Result, error) { return d.svc.OrderReissue(ctx, d.op, sr(c)) }) &&
			step("ship_card", func(c store.Case) (workflows.Result, error) { return d.svc.ShipCard(ctx, d.op, sr(c)) }) &&
			step("close_case", func(c store.Case) (workflows.Result, error) { return d.svc.CloseCase(ctx, d.op, sr(c)) })
	case store.CaseCancellation:
		if step("mail_form", func(c store.Case) (workflows.Result, error) {
			return d.svc.MailForm(ctx, d.op, workflows.MailFormRequest{CaseID: c.ID, CaseVersion: c.Version, NoRefundNoticeGiven: true})
		}) {
			// The form comes back on a later day; the load test takes it at once.
			step("receive_form", func(c store.Case) (workflows.Result, error) { return d.svc.ReceiveForm(ctx, d.op, sr(c)) })
		}
	}
	return id, true
}
