package cases

import (
	"context"
	"strings"
	"testing"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// A fast operator closes a step's result and presses the next step's key
// before the case page's reload lands: the key must act on the case the
// step left (form received: change name allowed), not on the one the
// page read before ("change name is not allowed"). A reload read before
// the step and landing late must not bring the old state back either.
// The page is driven by hand, so the test decides when each answer lands.
func TestNextStepKeyBeforeTheReloadSeesTheNewState(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	m, cs := demodesk.MailedNameChange(t, st, svc)
	s := New(uitest.On(svc, ui.LangEN, "tester", demodesk.Now), m, cs)
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	d.Start(110, 36)
	if !s.loaded || s.cs.State != workflows.StateFormMailed {
		t.Fatalf("case page not loaded on the mailed case: loaded %v, %s", s.loaded, s.cs.State)
	}
	early := uitest.Answers(t, s.load()) // read now, delivered after the step

	if cmd := d.Key("v"); cmd != nil {
		t.Fatalf("receive form has no form, yet the key answered a command")
	}
	if !strings.Contains(d.View(), "Doing this will") {
		t.Fatalf("no confirmation after v:\n%s", d.View())
	}
	done := uitest.Only[ui.JobDoneMsg](uitest.Answers(t, d.Key("enter")))
	if len(done) != 1 {
		t.Fatalf("the step answered %d results", len(done))
	}
	reload := d.Send(done[0]) // held: it lands after the keys below
	if v := d.View(); !strings.Contains(v, "form received") {
		t.Fatalf("no result after the step:\n%s", v)
	}
	d.Key("enter") // closes the result
	d.Key("n")     // at once: change name
	if d.Sh.Banner != "" {
		t.Fatalf("change name refused right after the form came in: %q", d.Sh.Banner)
	}
	if s.job == nil || s.job.Phase != ui.JobForm {
		t.Fatalf("change name did not open its form:\n%s", d.View())
	}
	if !strings.Contains(d.View(), "Family name") {
		t.Fatalf("no name form:\n%s", d.View())
	}

	d.Deliver(early...)
	if s.cs.State != workflows.StateFormReceived {
		t.Fatalf("a reload read before the step put the case back to %s", s.cs.State)
	}
	d.Key("esc") // leave the name form
	d.Deliver(uitest.Answers(t, reload)...)
	v := d.View()
	if s.cs.State != workflows.StateFormReceived || !strings.Contains(v, "form mailed → form received") {
		t.Fatalf("the reload after the step did not bring its timeline (%s):\n%s", s.cs.State, v)
	}
}

// TestStepKeyBeforeTheFirstLoadWaitsForIt: a supervisor's step key typed
// before the case page has read who is acting is held and taken once
// the load lands, never refused on the stand-in actor the page starts
// with (TestCancellationNeedsASecondOperator hit this under load).
func TestStepKeyBeforeTheFirstLoadWaitsForIt(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	open, err := st.OpenCases(ctx, 5000)
	if err != nil {
		t.Fatal(err)
	}
	var cs workflows.Case
	for _, c := range open {
		if c.Type == workflows.CaseCancellation && c.State == workflows.StateFormReceived && c.RequestedBy != "tester" {
			cs = c
			break
		}
	}
	if cs.ID == 0 {
		t.Fatal("the demo has no cancellation with its form received")
	}
	m, err := svc.MemberByID(ctx, cs.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	s := New(uitest.On(svc, ui.LangEN, "tester", demodesk.Now), m, cs)
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	s.SetSize(110, 36)
	load := s.Init()
	if s.loaded {
		t.Fatal("the case page loaded before its Init ran")
	}
	d.Key("a") // approve, before the page knows tester is a supervisor
	if d.Sh.Banner != "" {
		t.Fatalf("approve refused before the load: %q", d.Sh.Banner)
	}
	d.Deliver(uitest.Answers(t, load)...)
	if s.job == nil {
		t.Fatalf("the held approve did not start once the load landed:\n%s", d.View())
	}
}
