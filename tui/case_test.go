package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// direct drives the root model by hand, with no program around it: the
// test decides which command answers arrive, and when. That is how a
// reload still on its way when the operator's next key lands is made
// certain instead of likely.
type direct struct {
	t *testing.T
	m model
}

func newDirect(t *testing.T, st *store.Store, svc *workflows.Service) *direct {
	t.Helper()
	d := &direct{t: t, m: New(ui.Options{Desk: svc, Service: svc, Lang: ui.LangEN, Operator: "tester",
		Now: func() time.Time { return testNow }}).(model)}
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	return d
}

// send hands msg to the root and returns the command it answered with,
// not run.
func (d *direct) send(msg tea.Msg) tea.Cmd {
	mm, cmd := d.m.Update(msg)
	d.m = mm.(model)
	return cmd
}

func (d *direct) key(k string) tea.Cmd {
	if k == "enter" {
		return d.send(keyEnter)
	}
	return d.send(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
}

// open resolves n as the root does for a page's request, delivers the
// answers of the new page's Init and returns that page.
func (d *direct) open(n ui.Nav) ui.Page {
	mm, cmd := d.m.resolve(nil, n, nil)
	d.m = mm
	d.deliver(answers(d.t, cmd)...)
	return d.m.stack[len(d.m.stack)-1]
}

func (d *direct) deliver(msgs ...tea.Msg) {
	for _, msg := range msgs {
		d.send(msg)
	}
}

func (d *direct) view() string { return ansi.Strip(d.m.render()) }

// answers runs cmd and every command batched in it, each on its own
// goroutine as the program would, and returns their answers. Only for
// commands that end by themselves (reads, workflow calls, a spinner tick).
func answers(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	var (
		mu   sync.Mutex
		out  []tea.Msg
		wg   sync.WaitGroup
		walk func(tea.Cmd)
	)
	walk = func(c tea.Cmd) {
		if c == nil {
			return
		}
		wg.Go(func() {
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					walk(c)
				}
				return
			}
			mu.Lock()
			out = append(out, msg)
			mu.Unlock()
		})
	}
	walk(cmd)
	wg.Wait()
	return out
}

// only keeps the answers of type T.
func only[T tea.Msg](msgs []tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// mailedNameChange is a name change case of a free member, its identity
// checked and its form mailed, through the real workflows.
func mailedNameChange(t *testing.T, st *store.Store, svc *workflows.Service) (workflows.Member, workflows.Case) {
	t.Helper()
	ctx := context.Background()
	ids, err := st.ActiveMembersWithCard(ctx, workflows.CardStandard, 1)
	if err != nil || len(ids) == 0 {
		t.Fatalf("no free member: %v", err)
	}
	m, err := st.MemberByID(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CaseNameChange})
	if err != nil {
		t.Fatal(err)
	}
	r, ir, err := svc.CheckIdentity(ctx, "tester", workflows.CheckIdentityRequest{CaseID: r.Case.ID,
		CaseVersion: r.Case.Version, Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
	if err != nil || !ir.Passed {
		t.Fatalf("identity: %v %+v", err, ir)
	}
	if r, err = svc.MailForm(ctx, "tester", workflows.MailFormRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version}); err != nil {
		t.Fatal(err)
	}
	return m, r.Case
}

// A fast operator closes a step's result and presses the next step's key
// before the case screen's reload lands: the key must act on the case the
// step left (form received: change name allowed), not on the one the
// screen read before ("change name is not allowed"). A reload read before
// the step and landing late must not bring the old state back either.
func TestNextStepKeyBeforeTheReloadSeesTheNewState(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	m, cs := mailedNameChange(t, st, svc)
	d := newDirect(t, st, svc)
	s := d.open(ui.OpenCase(m, cs)).(*caseScreen)
	if !s.loaded || s.cs.State != workflows.StateFormMailed {
		t.Fatalf("case screen not loaded on the mailed case: loaded %v, %s", s.loaded, s.cs.State)
	}
	early := answers(t, s.load()) // read now, delivered after the step

	if cmd := d.key("v"); cmd != nil {
		t.Fatalf("receive form has no form, yet the key answered a command")
	}
	if !strings.Contains(d.view(), "Doing this will") {
		t.Fatalf("no confirmation after v:\n%s", d.view())
	}
	done := only[ui.JobDoneMsg](answers(t, d.key("enter")))
	if len(done) != 1 {
		t.Fatalf("the step answered %d results", len(done))
	}
	reload := d.send(done[0]) // held: it lands after the keys below
	if v := d.view(); !strings.Contains(v, "form received") {
		t.Fatalf("no result after the step:\n%s", v)
	}
	d.key("enter") // closes the result
	d.key("n")     // at once: change name
	if d.m.sh.Banner != "" {
		t.Fatalf("change name refused right after the form came in: %q", d.m.sh.Banner)
	}
	if s.job == nil || s.job.Phase != ui.JobForm {
		t.Fatalf("change name did not open its form:\n%s", d.view())
	}
	if !strings.Contains(d.view(), "Family name") {
		t.Fatalf("no name form:\n%s", d.view())
	}

	d.deliver(early...)
	if s.cs.State != workflows.StateFormReceived {
		t.Fatalf("a reload read before the step put the case back to %s", s.cs.State)
	}
	d.key("esc") // leave the name form
	d.deliver(answers(t, reload)...)
	v := d.view()
	if s.cs.State != workflows.StateFormReceived || !strings.Contains(v, "form mailed → form received") {
		t.Fatalf("the reload after the step did not bring its timeline (%s):\n%s", s.cs.State, v)
	}
}

// TestStepKeyBeforeTheFirstLoadWaitsForIt: a supervisor's step key typed
// before the case screen has read who is acting is held and taken once
// the load lands, never refused on the stand-in actor the screen starts
// with (TestCancellationNeedsASecondOperator hit this under load).
func TestStepKeyBeforeTheFirstLoadWaitsForIt(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
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
	d := newDirect(t, st, svc)
	mm, load := d.m.resolve(nil, ui.OpenCase(m, cs), nil)
	d.m = mm
	s := d.m.stack[len(d.m.stack)-1].(*caseScreen)
	if s.loaded {
		t.Fatal("the case screen loaded before its Init ran")
	}
	d.key("a") // approve, before the screen knows tester is a supervisor
	if d.m.sh.Banner != "" {
		t.Fatalf("approve refused before the load: %q", d.m.sh.Banner)
	}
	d.deliver(answers(t, load)...)
	if s.job == nil {
		t.Fatalf("the held approve did not start once the load landed:\n%s", d.view())
	}
}
