package cases

import (
	"context"
	"fmt"

	"charm.land/huh/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// resumeCardJob lifts the suspension of a card no open case holds (one
// left suspended by a withdrawn or failed case, or by the card test): the
// card (asked only when more than one may be resumed), the caller's
// identity answers, then workflows.ResumeSuspendedCard, which opens a
// case, checks, resumes and closes it in one transaction.
func resumeCardJob(sh *ui.Shared, m workflows.Member, cards []workflows.Card, cases []workflows.Case) *ui.Job {
	c := sh.Cat
	var usable []workflows.Card
	for _, cd := range cards {
		if workflows.MayResume(m, cd, cases) == nil {
			usable = append(usable, cd)
		}
	}
	picked := usable[0].ID
	a := &identityAnswers{}
	groups := identityGroups(sh, a)
	if len(usable) > 1 {
		opts := make([]huh.Option[int64], len(usable))
		for i, cd := range usable {
			opts[i] = huh.NewOption(fmt.Sprintf("%s  %s %s", ui.Safe(workflows.MaskCardNo(cd.No)), c.T("col.expires"),
				ui.FormatDate(c, cd.ExpiresOn)), cd.ID)
		}
		groups = append([]*huh.Group{huh.NewGroup(huh.NewSelect[int64]().Title(c.T("proc.card")).Options(opts...).Value(&picked))}, groups...)
	}
	card := func() workflows.Card {
		for _, cd := range usable {
			if cd.ID == picked {
				return cd
			}
		}
		return usable[0]
	}
	effects := func() []string {
		return []string{c.T("fx.identity"), c.F("fx.resume_card", "card", workflows.MaskCardNo(card().No))}
	}
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		cd := card()
		r, ir, err := svc.ResumeSuspendedCard(ctx, op, workflows.CardRequest{CardID: cd.ID, CardVersion: cd.Version,
			Seen: m, Answers: a.request()})
		if err != nil {
			return ui.JobResult{Err: err}
		}
		res := ui.JobResult{CaseID: r.Case.ID, CaseNo: r.Case.No()}
		identityOutcome(c, &res, r, ir)
		if !res.Failed {
			res.Outcome = r
			res.Lines = append(res.Lines, c.F("done.resumed", "card", workflows.MaskCardNo(cd.No)))
		}
		return res
	}
	return ui.NewJob(sh, m.ID, c.T("proc.resume"), jobForm(sh, groups...), effects, run)
}
