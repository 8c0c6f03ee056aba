package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"spdesk/store"
	"spdesk/store/luhn"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The console's day is the Tokyo day: at 20:00 UTC on 26 November it is
// already 05:00 on the 27th in Tokyo, so a card valid through the 26th has
// expired and a case opened then was opened on the 27th, whatever the
// machine's (or UTC's) calendar says.
func TestDatesAreTokyoDays(t *testing.T) {
	evening := time.Date(2026, time.November, 26, 20, 0, 0, 0, time.UTC)
	ctx := context.Background()
	st := openTestStore(t)
	m, err := st.MemberByNo(ctx, manyCardsNo)
	if err != nil {
		t.Fatal(err)
	}
	cn := "939210000099999"
	cn += string(luhn.Digit(cn))
	card := workflows.Card{MemberID: m.ID, No: cn, Kind: workflows.CardStandard, Status: workflows.CardActive,
		IssuedOn: workflows.MakeDate(2021, time.November, 27), ExpiresOn: workflows.MakeDate(2026, time.November, 26)}
	if err := st.Write(ctx, evening, func(tx *store.Tx) error { return tx.InsertCard(&card) }); err != nil {
		t.Fatal(err)
	}
	svc, err := workflows.New(st, workflows.WithClock(workflows.ClockFunc(func() time.Time { return evening })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := workflows.SeedDemoCases(ctx, svc, t.TempDir(), "demo-operator", "demo-supervisor"); err != nil {
		t.Fatal(err)
	}
	addDeskAccounts(t, svc)
	r, err := svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CasePasswordReset})
	if err != nil {
		t.Fatal(err)
	}
	root := New(ui.Options{Desk: svc, Service: svc, Lang: ui.LangEN, Demo: true, Operator: "tester",
		Now: func() time.Time { return evening }})
	tm := teatest.NewTestModel(t, probed{root}, teatest.WithInitialTermSize(110, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Quit() })
	waitFor(t, tm, "DEMO")
	tm.Type(manyCardsNo)
	waitFor(t, tm, "小林 直樹")
	tm.Send(keyEnter)
	tm.Send(tea.KeyPressMsg{Code: '2', Text: "2"})
	v := waitFor(t, tm, "2021-11-27", "2026-11-26")
	if l := lineWith(v, "2021-11-27"); !strings.Contains(l, "[expired]") {
		t.Errorf("card valid through 2026-11-26 not expired at 05:00 on the 27th in Tokyo:\n%s", l)
	}
	tm.Send(tea.KeyPressMsg{Code: '3', Text: "3"})
	v = waitFor(t, tm, r.Case.No())
	if l := lineWith(v, r.Case.No()); !strings.Contains(l, "2026-11-27") {
		t.Errorf("case opened 05:00 on the 27th in Tokyo not shown as opened that day:\n%s", l)
	}
}
