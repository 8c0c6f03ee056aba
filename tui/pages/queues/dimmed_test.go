package queues

import (
	"context"
	"strings"
	"testing"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// clerk is an operator who is not a supervisor, on the demo desk.
func clerk(t *testing.T) workflows.Desk {
	t.Helper()
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	if _, err := svc.AddOperator(context.Background(), "supervisor", workflows.OperatorRequest{Login: "clerk",
		DisplayName: "clerk", Role: workflows.RoleOperator, Password: "password-clerk"}); err != nil {
		t.Fatal(err)
	}
	return svc
}

// rawCode is any supervisor function's code: never on screen.
func rawCode(v string) string {
	for _, fn := range []string{workflows.FnApproveCancel, workflows.FnApproveReprint, workflows.FnReassignCase} {
		if strings.Contains(v, fn) {
			return fn
		}
	}
	return ""
}

// TestSupervisorActionsDimmedForOperators: an operator sees approve and
// reassign dimmed with the reason in words before pressing them; pressing
// says the same reason instead of asking, and no raw code is shown.
func TestSupervisorActionsDimmedForOperators(t *testing.T) {
	svc := clerk(t)
	sh := uitest.On(svc, "ja", "clerk", demodesk.Now)
	a := &uitest.Driver{T: t, Sh: sh, Page: NewApprovals(sh)}
	a.Start(100, 24)
	v := a.View()
	if !strings.Contains(v, "a 承認: ") || !strings.Contains(v, "監督者") || rawCode(v) != "" {
		t.Fatalf("approve not dimmed with its reason:\n%s", v)
	}
	a.Key("a")
	if v = a.View(); a.Page.(*ApprovalsPage).confirm || !strings.Contains(v, "✘") || rawCode(v) != "" {
		t.Fatalf("a asked, or said a code:\n%s", v)
	}

	var fig workflows.QueueFigure
	figs, _ := svc.Queues(context.Background())
	for _, f := range figs {
		if f.Count > 0 {
			fig = f
			break
		}
	}
	c := &uitest.Driver{T: t, Sh: sh, Page: NewCases(sh, fig)}
	c.Start(100, 24)
	if v = c.View(); !strings.Contains(v, "a 担当変更: ") || rawCode(v) != "" {
		t.Fatalf("reassign not dimmed with its reason:\n%s", v)
	}
	c.Key("a")
	if v = c.View(); c.Page.(*CasesPage).typing != "" || !strings.Contains(v, "✘") || rawCode(v) != "" {
		t.Fatalf("a opened the reassign box, or said a code:\n%s", v)
	}

	// A supervisor sees neither dimmed.
	sup := uitest.On(svc, "ja", "supervisor", demodesk.Now)
	a = &uitest.Driver{T: t, Sh: sup, Page: NewApprovals(sup)}
	a.Start(100, 24)
	if strings.Contains(a.View(), "a 承認: ") {
		t.Errorf("a supervisor's approve is dimmed:\n%s", a.View())
	}
}
