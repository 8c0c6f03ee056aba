package loadtest

import (
	"context"
	"fmt"
	"time"

	"spdesk/store"
	"spdesk/workflows"
)

// supervise is the supervisor: watching the queues, approving what waits
// for approval, and a print run every few seconds, until ctx ends.
func supervise(ctx context.Context, svc *workflows.Service, op, spool string, tm *timings, sh *shared) {
	bg := context.WithoutCancel(ctx)
	lastPrint := time.Now().Add(-2 * time.Second) // the first run a second in
	for ctx.Err() == nil {
		tm.timed("queues", func() error {
			if _, err := svc.Queues(bg); err != nil {
				return err
			}
			_, err := svc.QueueCases(bg, store.QueueQuery{Sort: store.SortAge, Limit: 50})
			return err
		})
		var items []workflows.ApprovalItem
		tm.timed("approvals", func() error {
			var err error
			items, err = svc.Approvals(bg)
			return err
		})
		for i, it := range items {
			if i == 5 || ctx.Err() != nil {
				break
			}
			if tm.timed("approve", func() error { return svc.ApproveItem(bg, op, it) }) == nil && it.Kind == workflows.ApproveCancellation {
				if c, err := svc.CaseByID(bg, it.Case.ID); err == nil {
					sh.sawCase(c, false)
				}
			}
		}
		if time.Since(lastPrint) > 3*time.Second {
			lastPrint = time.Now()
			tm.timed("print_run", func() error {
				_, err := svc.PrintLetters(bg, op, spool)
				if workflows.ErrorCode(err) == workflows.ENOTFOUND {
					return nil // nothing queued
				}
				return err
			})
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond): // a person reads the screen
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
	for id, n := range sh.notes {
		notes, err := st.NotesOfCase(ctx, id)
		if err != nil {
			return err
		}
		if len(notes) < n {
			rep.LostUpdates += n - len(notes)
			rep.Problems = append(rep.Problems, fmt.Sprintf("case %d: %d notes saved, %d there", id, n, len(notes)))
		}
	}
	for id, p := range sh.phones {
		m, err := st.MemberByID(ctx, id)
		if err != nil {
			return err
		}
		if m.Phone != p.number {
			rep.LostUpdates++
			rep.Problems = append(rep.Problems, fmt.Sprintf("member %s: the last contact change saved %s, the record has %s", m.No, p.number, m.Phone))
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
	for id, saw := range sh.cases {
		c, err := st.CaseByID(ctx, id)
		if err != nil {
			return err
		}
		if c.Version < saw.version || saw.exact && (c.Version != saw.version || c.State != saw.state) {
			rep.HalfDone++
			rep.Problems = append(rep.Problems, fmt.Sprintf("case %s: a desk was told it reached %s (version %d); the record has %s (version %d)",
				c.No(), saw.state, saw.version, c.State, c.Version))
		}
	}
	return nil
}
