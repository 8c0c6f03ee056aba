package tui

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"spdesk/workflows"
)

// TestPrintScreenSaysWipeIsPending: a password notice is withdrawn while
// another connection holds a read snapshot; the print screen says the
// clear text is still in the database's files, and stops saying it once
// the reader let go and the screen opened again (it completes the wipe).
func TestPrintScreenSaysWipeIsPending(t *testing.T) {
	d := startDesk(t)
	ctx := context.Background()
	m := d.freeMember()
	r, err := d.svc.OpenCase(ctx, "tester", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CasePasswordReset})
	if err != nil {
		t.Fatal(err)
	}
	ans := workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}
	if r, _, err = d.svc.CheckIdentity(ctx, "tester", workflows.CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, Answers: ans}); err != nil {
		t.Fatal(err)
	}
	if r, err = d.svc.IssuePassword(ctx, "tester", workflows.StepRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version}); err != nil {
		t.Fatal(err)
	}
	reader, err := sql.Open("sqlite", "file:"+d.st.Path()+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rtx, err := reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM letters`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	w, err := d.svc.Withdraw(ctx, "tester", workflows.WithdrawRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, Reason: "本人ではない"})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Reminders) == 0 || w.Reminders[len(w.Reminders)-1].Key != workflows.WipePendingNotice.Key {
		t.Fatalf("withdraw reminders %+v: want the pending wipe", w.Reminders)
	}

	d.ctrl('l')
	waitFor(t, d.tm, "Queued letters", "⚠ the clear text of printed or cancelled")
	rtx.Rollback()
	d.key("esc")
	waitFor(t, d.tm, "Search ")
	d.ctrl('l')
	// Opening the screen tries the checkpoint again, and it completes.
	waitView(t, d.tm, func(v string) bool {
		ws, _ := d.st.WipePending(ctx)
		return !ws.Pending && strings.Contains(v, "Queued letters") && !strings.Contains(v, "the clear text")
	}, "the print screen to complete the wipe and stop saying it")
}
