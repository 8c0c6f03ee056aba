package tui

import (
	"context"
	"testing"

	"spdesk/workflows"
)

// changeContactBehind changes the member's phone through the workflow, as
// another operator at another desk would, and returns the phone written.
func (d *desk) changeContactBehind(m workflows.Member) string {
	d.t.Helper()
	ctx := context.Background()
	r, err := d.svc.OpenCase(ctx, "supervisor", workflows.OpenCaseRequest{MemberID: m.ID, Type: workflows.CaseContactChange})
	if err != nil {
		d.t.Fatal(err)
	}
	r, _, err = d.svc.CheckIdentity(ctx, "supervisor", workflows.CheckIdentityRequest{CaseID: r.Case.ID,
		CaseVersion: r.Case.Version, Answers: workflows.IdentityAnswers{BirthDate: m.BirthDate.String(), PostalCode: m.PostalCode}})
	if err != nil {
		d.t.Fatal(err)
	}
	cur, err := d.st.MemberByID(ctx, m.ID)
	if err != nil {
		d.t.Fatal(err)
	}
	if _, err := d.svc.ChangeContact(ctx, "supervisor", workflows.ChangeContactRequest{CaseID: r.Case.ID,
		CaseVersion: r.Case.Version, MemberVersion: cur.Version, Phone: "0311112222"}); err != nil {
		d.t.Fatal(err)
	}
	return "0311112222"
}

// A contact change is checked against the member the operator saw when
// the form opened: a change made meanwhile at another desk is not
// overwritten, the console says to reload.
func TestContactChangeRefusesAStaleMember(t *testing.T) {
	d := startDesk(t)
	m := d.freeMember()
	d.open(m)
	d.startProcedure(5, "Contact change")
	d.identity(m)
	d.field("New postal code", "")
	d.field("Address", "")
	d.field("Phone", "03-9876-5432")
	d.field("E-mail", "")
	waitFor(t, d.tm, "Doing this will")
	other := d.changeContactBehind(m)
	d.key("enter")
	// What changed and who changed it, in words; the console's case was
	// never opened (StartCase), so no orphan blocks the next try.
	waitFor(t, d.tm, "was changed by supervisor", "(phone)", "reload")
	got, err := d.st.MemberByID(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Phone != other {
		t.Fatalf("phone %s: the console wrote over the change made at the other desk (%s)", got.Phone, other)
	}
	cases, err := d.st.CasesOfMember(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.OpenedBy == "tester" {
			t.Fatalf("the refused change left case %s (%s) behind", c.No(), c.State)
		}
	}
}
