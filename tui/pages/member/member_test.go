package member

import (
	"context"
	"testing"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// The member page lists the case a procedure opened as soon as the
// procedure's result lands: the keys 3 and enter pressed right after it
// ask for that case, not nothing (or an older case) from before.
func TestNewCaseOpensBeforeTheMemberReload(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	m := demodesk.FreeMember(t, st)
	cards, err := svc.CardsOfMember(ctx, m.ID)
	if err != nil || len(cards) == 0 {
		t.Fatalf("no cards: %v", err)
	}
	s := New(uitest.On(svc, ui.LangEN, "tester", demodesk.Now), workflows.Hit{Member: m, Cards: cards})
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	d.Start(110, 36)
	if !s.dataLoaded {
		t.Fatal("member page never loaded its cases")
	}
	early := uitest.Answers(t, s.loadData()) // read now, delivered after the procedure

	// What the procedures page's lost-card job does, and the answer it sends.
	r, err := svc.ReportLostCard(ctx, "tester", workflows.ReportCardRequest{MemberID: m.ID, CardID: cards[0].ID, CardVersion: cards[0].Version})
	if err != nil {
		t.Fatal(err)
	}
	reload := d.Send(ui.JobDoneMsg{ID: 1, Res: ui.JobResult{MemberID: m.ID, CaseID: r.Case.ID, CaseNo: r.Case.No(), Outcome: r}}) // held
	d.Deliver(uitest.Only[ui.MemberDataMsg](early)...)
	d.Key("3")
	d.Key("enter")
	if d.Nav.Open != ui.PageCase {
		t.Fatalf("enter on the Cases tab asked for nothing:\n%s", d.View())
	}
	if d.Nav.Case.ID != r.Case.ID || d.Nav.Case.Type != workflows.CaseLostCard {
		t.Fatalf("asked for case %s (%s), want the new %s", d.Nav.Case.No(), d.Nav.Case.Type, r.Case.No())
	}
	d.Deliver(uitest.Answers(t, reload)...)
	if len(s.cases) == 0 || s.cases[0].ID != r.Case.ID {
		t.Fatalf("the reload lost the new case")
	}
}
