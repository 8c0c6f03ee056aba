package tui

import (
	"context"
	"testing"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The member screen lists the case a procedure opened as soon as the
// procedure's result lands: the keys 3 and enter pressed right after it
// open that case, not nothing (or an older case) from before.
func TestNewCaseOpensBeforeTheMemberReload(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	ctx := context.Background()
	ids, err := st.ActiveMembersWithCard(ctx, workflows.CardStandard, 1)
	if err != nil || len(ids) == 0 {
		t.Fatalf("no free member: %v", err)
	}
	m, _ := st.MemberByID(ctx, ids[0])
	cards, _ := st.CardsOfMember(ctx, m.ID)
	d := newDirect(t, st, svc)
	ms := d.open(ui.OpenMember(workflows.Hit{Member: m, Cards: cards})).(*memberScreen)
	if !ms.dataLoaded {
		t.Fatal("member screen never loaded its cases")
	}
	early := answers(t, ms.loadData()) // read now, delivered after the job

	j := cardJob(d.m.sh, m, cards, ms.cases, false) // as the procedures screen runs it
	res := j.Run(ctx, svc, "tester")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	res.MemberID = m.ID
	reload := d.send(ui.JobDoneMsg{ID: j.ID, Res: res}) // held
	d.deliver(only[memberDataMsg](early)...)
	d.key("3")
	d.key("enter")
	cs, ok := d.m.top().(*caseScreen)
	if !ok {
		t.Fatalf("enter on the Cases tab opened nothing:\n%s", d.view())
	}
	if cs.cs.ID != res.CaseID || cs.cs.Type != workflows.CaseLostCard {
		t.Fatalf("opened case %s (%s), want the new %s", cs.cs.No(), cs.cs.Type, res.CaseNo)
	}
	d.deliver(answers(t, reload)...)
	if len(ms.cases) == 0 || ms.cases[0].ID != res.CaseID {
		t.Fatalf("the reload lost the new case")
	}
}
