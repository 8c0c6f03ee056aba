package workflows

import (
	"context"
	"fmt"
	"sort"
	"time"

	"spdesk/store"
)

// agedStep is one step of an aged demo case, daysAgo calendar days before
// the service's now (0: today).
type agedStep struct {
	daysAgo int
	act     Action // "" opens the case
}

// agedDemo are cases the demo backdates, so the queues show ages, due-soon
// and overdue cases and the sparklines have a month of intake and closures.
// Steps that would queue letters are few: the print screen's counts stay
// what trainees expect.
var agedDemo = []struct {
	tg    demoTarget
	steps []agedStep
}{
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{9, ""}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{3, ""}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{1, ""}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{25, ""}, {24, ActCheckIdentity}, {24, ActOrderReissue}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{8, ""}, {8, ActCheckIdentity}, {7, ActOrderReissue}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{27, ""}, {27, ActCheckIdentity}, {26, ActOrderReissue},
		{14, ActShipCard}, {4, ActClose}}},
	{demoTarget{typ: store.CaseLostCard}, []agedStep{{19, ""}, {18, ActWithdraw}}},
	{demoTarget{typ: store.CaseBrokenCard}, []agedStep{{28, ""}, {27, ActMailForm}}},
	{demoTarget{typ: store.CaseBrokenCard}, []agedStep{{6, ""}, {6, ActMailForm}}},
	{demoTarget{typ: store.CasePasswordReset}, []agedStep{{5, ""}, {5, ActCheckIdentity}}},
	{demoTarget{typ: store.CasePasswordReset}, []agedStep{{2, ""}}},
	{demoTarget{typ: store.CaseNameChange}, []agedStep{{40, ""}, {40, ActCheckIdentity}, {40, ActMailForm}}},
	{demoTarget{typ: store.CaseCancellation}, []agedStep{{22, ""}, {22, ActCheckIdentity}, {22, ActMailForm},
		{2, ActReceiveForm}}},
	{demoTarget{typ: store.CaseContactChange}, []agedStep{{15, ""}, {15, ActCheckIdentity}, {15, ActChangeContact}}},
	{demoTarget{typ: store.CaseContactChange}, []agedStep{{11, ""}}},
}

// seedAgedCases runs agedDemo through services whose clocks stand at each
// step's day (10:00 Tokyo, a minute apart so the steps keep their order).
// The steps of all cases run in time order.
func (s *Service) seedAgedCases(ctx context.Context, operator, supervisor string) ([]store.Case, error) {
	now := s.clock.Now().In(tokyo)
	type event struct {
		at   time.Time
		idx  int
		step agedStep
	}
	var evs []event
	for i, a := range agedDemo {
		for j, st := range a.steps {
			d := now.AddDate(0, 0, -st.daysAgo)
			at := time.Date(d.Year(), d.Month(), d.Day(), 10, i, j, 0, tokyo)
			if at.After(now) {
				at = now.Add(-time.Duration(len(agedDemo)-i) * time.Minute)
			}
			evs = append(evs, event{at, i, st})
		}
	}
	sort.SliceStable(evs, func(a, b int) bool { return evs[a].at.Before(evs[b].at) })
	cases := make([]store.Case, len(agedDemo))
	for _, ev := range evs {
		at := ev.at
		back, err := New(s.st, WithClock(ClockFunc(func() time.Time { return at })), WithCalendar(s.cal),
			WithSettings(s.settings), WithPasswordParams(s.pwParams))
		if err != nil {
			return nil, err
		}
		back.demoLeave = s.demoLeave
		c := cases[ev.idx]
		if ev.step.act == "" {
			c, err = back.demoOpen(ctx, operator, agedDemo[ev.idx].tg)
		} else if c, err = s.st.CaseByID(ctx, c.ID); err == nil {
			c, err = back.demoStep(ctx, operator, supervisor, c, ev.step.act)
		}
		if err != nil {
			return nil, fmt.Errorf("demo aged case %d %s: %w", ev.idx, ev.step.act, err)
		}
		cases[ev.idx] = c
	}
	return cases, nil
}
