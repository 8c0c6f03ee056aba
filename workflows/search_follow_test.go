package workflows

import (
	"testing"

	"spdesk/store"
)

// After a name or address change the console's search must find the
// member by the new words at once: the trigram index and the folded keys
// are rewritten in the change's own transaction. The old name then finds
// the member as a former name.
func TestSearchFollowsNameAndAddressChanges(t *testing.T) {
	e := newEnv(t, 4, 0)
	hit := func(q string, id int64) *store.Hit {
		t.Helper()
		res, err := e.st.Search(e.ctx, q, 50)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		for _, h := range res.Hits {
			if h.Member.ID == id {
				return &h
			}
		}
		return nil
	}
	found := func(q string, id int64) bool { t.Helper(); return hit(q, id) != nil }

	n := e.reach(store.CaseNameChange, false, []Action{ActMailForm, ActReceiveForm})
	m := e.memberRec(n.MemberID)
	if _, err := e.svc.ChangeName(e.ctx, "alice", ChangeNameRequest{CaseID: n.ID, CaseVersion: n.Version,
		MemberVersion: m.Version, FamilyName: "鳳凰院", GivenName: "凶真", FamilyKana: "ほうおういん", GivenKana: "ｷｮｳﾏ"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"鳳凰院", "鳳凰院凶真", "ホウオウイン", "ほうおういん きょうま", "ｷｮｳﾏ"} {
		if !found(q, m.ID) {
			t.Errorf("%q does not find the renamed member", q)
		}
	}
	// The old name finds the member as a former name, kept until today
	// (issue 15), never as the current name.
	if h := hit(m.FamilyName+m.GivenName, m.ID); h == nil || h.MatchedOn != store.MatchFormerName || h.Former == nil ||
		h.Former.FamilyName != m.FamilyName {
		t.Errorf("the old name %s%s: %+v, want a former-name hit", m.FamilyName, m.GivenName, h)
	}

	c := e.reach(store.CaseContactChange, false, nil)
	m = e.memberRec(c.MemberID)
	if _, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
		MemberVersion: m.Version, PostalCode: "9071801", Address: "沖縄県八重山郡与那国町与那国１２３"}); err != nil {
		t.Fatal(err)
	}
	if !found("与那国町", m.ID) {
		t.Error("the new address does not find the member")
	}
}
