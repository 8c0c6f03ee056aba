package loadtest

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"spdesk/store"
	"spdesk/workflows"
)

// supervise is the supervisor: watching the queues, approving what waits
// for approval, and a print run every printEvery (none when it is
// negative), until ctx ends. At a
// human pace (think > 0) the supervisor pauses before each action as the
// desks do; in a stress test it looks again every 200 ms.
func supervise(ctx context.Context, svc *workflows.Service, op, spool string, printEvery, think time.Duration, seed uint64,
	tm *timings, sh *shared) {
	bg := context.WithoutCancel(ctx)
	pace := mrand.New(mrand.NewPCG(seed, paceStream-1))
	// pause waits before an action; false when the time ran out.
	pause := func(d time.Duration) bool {
		if d <= 0 {
			return ctx.Err() == nil
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	human := func() time.Duration {
		if think <= 0 {
			return 0
		}
		return thinkTime(pace, think)
	}
	lastPrint := time.Now().Add(time.Second - printEvery) // the first run a second in
	for first := true; ; first = false {
		look := human()
		if think <= 0 && !first {
			look = 200 * time.Millisecond // a person reads the screen
		}
		if !pause(look) {
			return
		}
		tm.timed("queues", func() error {
			if _, err := svc.Queues(bg); err != nil {
				return err
			}
			_, err := svc.QueueCases(bg, store.QueueQuery{Sort: store.SortAge, Limit: 50})
			return err
		})
		if !pause(human()) {
			return
		}
		var items []workflows.ApprovalItem
		tm.timed("approvals", func() error {
			var err error
			items, err = svc.Approvals(bg)
			return err
		})
		for i, it := range items {
			if i == 5 || !pause(human()) {
				break
			}
			if tm.timed("approve", func() error { return svc.ApproveItem(bg, op, it) }) == nil && it.Kind == workflows.ApproveCancellation {
				if c, err := svc.CaseByID(bg, it.Case.ID); err == nil {
					sh.sawCase(c, false)
				}
			}
		}
		if printEvery > 0 && time.Since(lastPrint) > printEvery && ctx.Err() == nil {
			lastPrint = time.Now()
			tm.timed("print_run", func() error {
				_, err := svc.PrintLetters(bg, op, spool)
				if workflows.ErrorCode(err) == workflows.ENOTFOUND {
					return nil // nothing queued
				}
				return err
			})
		}
	}
}

// verify checks the database after the run: the audit chain, every note
// and contact change a desk was told was saved, no open call and no case
// behind the last step a desk was told it took.
func verify(ctx context.Context, svc *workflows.Service, ops []string, sh *shared, rep *Report) error {
	st := svc.Store()
	v, err := st.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("loadtest: verify the audit chain: %w", err)
	}
	rep.AuditRows = v.Rows
	rep.AuditIntact = v.OK()
	if !v.OK() {
		rep.Problems = append(rep.Problems, "audit chain: "+v.Break.String())
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for id, n := range sh.Notes {
		notes, err := st.NotesOfCase(ctx, id)
		if err != nil {
			return err
		}
		if len(notes) < n {
			rep.LostUpdates += n - len(notes)
			rep.Problems = append(rep.Problems, fmt.Sprintf("case %d: %d notes saved, %d there", id, n, len(notes)))
		}
	}
	for id, p := range sh.Phones {
		m, err := st.MemberByID(ctx, id)
		if err != nil {
			return err
		}
		if m.Phone != p.Number {
			rep.LostUpdates++
			rep.Problems = append(rep.Problems, fmt.Sprintf("member %s: the last contact change saved %s, the record has %s", m.No, p.Number, m.Phone))
		}
	}
	for _, op := range ops {
		open, err := st.OpenCallsOf(ctx, op)
		if err != nil {
			return err
		}
		for _, c := range open {
			rep.HalfDone++
			rep.Problems = append(rep.Problems, fmt.Sprintf("call %s of %s left open", c.No(), op))
		}
	}
	for id, saw := range sh.Cases {
		c, err := st.CaseByID(ctx, id)
		if err != nil {
			return err
		}
		if c.Version < saw.Version || saw.Exact && (c.Version != saw.Version || c.State != saw.State) {
			rep.HalfDone++
			rep.Problems = append(rep.Problems, fmt.Sprintf("case %s: a desk was told it reached %s (version %d); the record has %s (version %d)",
				c.No(), saw.State, saw.Version, c.State, c.Version))
		}
	}
	return nil
}
