package workflows

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/store/luhn"
)

func TestIdentityCheck(t *testing.T) {
	e := newEnv(t, 5, 0)
	c := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: e.std[0], Type: store.CasePasswordReset}))

	// Wrong formats are refused and nothing is recorded.
	for _, a := range []IdentityAnswers{
		{BirthDate: "2 Jan 1980", Phone: tPhone}, {BirthDate: "1980-02-30", Phone: tPhone},
		{PostalCode: "12-345", Phone: tPhone}, {Phone: "090-1234", BirthDate: tBirth},
		{Email: "taro@", BirthDate: tBirth}, {},
	} {
		before := e.auditCount()
		_, _, err := e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: a})
		wantCode(t, err, EINVALID)
		if e.auditCount() != before {
			t.Errorf("%+v: refused but recorded", a)
		}
	}
	// A miss is recorded, not an error; the result says it failed, and the
	// case, where nothing else had happened, ends (identity_failed).
	r, ir, err := e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: IdentityAnswers{BirthDate: "1980/1/3", PostalCode: "123-4567"}})
	if err != nil || ir.Passed || ir.BirthDate != NoMatch || ir.PostalCode != Match ||
		r.Case.State != store.StateIdentityFailed || !r.Failed() {
		t.Fatalf("miss: %+v %+v %v", ir, r.Case, err)
	}
	_, err = e.svc.IssuePassword(e.ctx, "alice", stepOf(r.Case))
	wantCode(t, err, ESTATE)
	// One answer is not enough.
	c = must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: e.std[0], Type: store.CasePasswordReset}))
	r, ir, _ = e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: IdentityAnswers{Phone: tPhone}})
	if ir.Passed || !r.Failed() {
		t.Error("one answer passed")
	}
	c = must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: e.std[0], Type: store.CasePasswordReset}))
	r.Case = c
	// Full-width digits, hyphens of every kind and upper-case e-mail fold.
	r, ir, err = e.svc.CheckIdentity(e.ctx, "alice", CheckIdentityRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version, Answers: IdentityAnswers{
		BirthDate: "１９８０年１月２日", PostalCode: "〒１２３ー４５６７", Phone: "０９０－１２３４－５６７８",
		Email: " Taro.Yamada@EXAMPLE.jp "}})
	if err != nil || !ir.Passed || r.Case.State != store.StateIdentityVerified {
		t.Fatalf("normalised answers: %+v %v", ir, err)
	}
	// Only results are kept: no answer appears on the case or in the audit.
	evs, _ := e.st.AuditOfCase(e.ctx, c.ID)
	var all strings.Builder
	for _, ev := range evs {
		all.WriteString(ev.Before + ev.After)
	}
	all.WriteString(r.Case.IdentityResult)
	for _, secret := range []string{"1980", "4567", "5678", "example"} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("answer or stored value %q recorded", secret)
		}
	}
	var stored IdentityResult
	if json.Unmarshal([]byte(r.Case.IdentityResult), &stored); !stored.Passed || stored.Email != Match {
		t.Errorf("stored result %s", r.Case.IdentityResult)
	}
}

func TestIdentityRequired(t *testing.T) {
	e := newEnv(t, 10, 0)
	// Lost card: suspension does not wait for identity, reissue and resume do.
	card := e.card(e.std[0])
	lost := must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: e.std[0], CardID: card.ID, CardVersion: card.Version}))
	if mustCards(t, e.st, e.std[0])[0].Status != store.CardSuspended {
		t.Fatal("card not suspended at once")
	}
	_, err := e.svc.OrderReissue(e.ctx, "alice", stepOf(lost))
	wantCode(t, err, EIDENTITY)
	_, err = e.svc.ResumeCard(e.ctx, "alice", stepOf(lost))
	wantCode(t, err, EIDENTITY)
	for i, typ := range []store.CaseType{store.CaseNameChange, store.CaseCancellation, store.CaseContactChange} {
		c := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: e.std[i+1], Type: typ}))
		before := e.auditCount()
		if typ == store.CaseContactChange {
			_, err = e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
				MemberVersion: 1, Phone: "0312345678"})
		} else {
			_, err = e.svc.MailForm(e.ctx, "alice", MailFormRequest{CaseID: c.ID, CaseVersion: c.Version, NoRefundNoticeGiven: true})
		}
		wantCode(t, err, EIDENTITY)
		if !strings.Contains(Message(err, "ja"), "本人確認") || e.auditCount() != before {
			t.Errorf("%s: %s", typ, Message(err, "ja"))
		}
	}
}

func TestBusinessRules(t *testing.T) {
	e := newEnv(t, 10, 2)
	ctx := e.ctx
	// Reissue: new unique Luhn number, 5-year expiry, linked; due in 10 business days.
	c := e.reach(store.CaseLostCard, false, nil)
	r, err := e.svc.OrderReissue(ctx, "alice", stepOf(c))
	if err != nil {
		t.Fatal(err)
	}
	nc := r.Card
	if !luhn.Valid(nc.No) || len(nc.No) != 16 || nc.ReplacesCard != c.CardID || nc.ExpiresOn.String() != "2030-06-01" {
		t.Errorf("new card %+v", nc)
	}
	if want := store.DateOf(e.svc.Calendar().AddBusinessDays(day(e.clock.Now()), 10)); r.Case.DueOn != want {
		t.Errorf("due %s, want %s", r.Case.DueOn, want)
	}
	// A second lost report for the suspended card points to the open case.
	var card store.Card
	for _, k := range mustCards(t, e.st, c.MemberID) {
		if k.ID == c.CardID {
			card = k
		}
	}
	_, err = e.svc.ReportLostCard(ctx, "bob", ReportCardRequest{MemberID: c.MemberID, CardID: card.ID, CardVersion: card.Version})
	wantCode(t, err, ECONFLICT)
	if msg := Message(err, "en"); !strings.Contains(msg, c.No()) {
		t.Errorf("second report message does not name %s: %s", c.No(), msg)
	}
	// Credit-function card: no reissue by us; the referral names the company.
	cc := e.reach(store.CaseLostCard, true, nil)
	_, err = e.svc.OrderReissue(ctx, "alice", stepOf(cc))
	wantCode(t, err, ESTATE)
	if !strings.Contains(Message(err, "en"), "JCB") {
		t.Errorf("credit refusal: %s", Message(err, "en"))
	}
	// Same approver as requester.
	k := e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm})
	before := e.auditCount()
	_, err = e.svc.Approve(ctx, "alice", stepOf(k))
	wantCode(t, err, EFORBIDDEN)
	if e.auditCount() != before {
		t.Error("refused approval wrote an audit row")
	}
	// No-refund notice must be confirmed.
	k2 := e.reach(store.CaseCancellation, false, nil)
	_, err = e.svc.MailForm(ctx, "alice", MailFormRequest{CaseID: k2.ID, CaseVersion: k2.Version})
	wantCode(t, err, EINVALID)
	// Any change to a cancelled member is refused.
	k = e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership})
	_, err = e.svc.OpenCase(ctx, "alice", OpenCaseRequest{MemberID: k.MemberID, Type: store.CaseContactChange})
	wantCode(t, err, ESTATE)
	for _, cd := range mustCards(t, e.st, k.MemberID) {
		if cd.Status != store.CardRevoked {
			t.Errorf("card %d %s after cancellation", cd.ID, cd.Status)
		}
	}
	// Name change keeps the old name; readings fold.
	n := e.reach(store.CaseNameChange, false, []Action{ActMailForm, ActReceiveForm, ActChangeName})
	m := e.memberRec(n.MemberID)
	if m.FamilyName != "佐藤" || m.FamilyKana != "サトウ" || m.GivenKana != "ハナコ" {
		t.Errorf("name now %s %s / %s %s", m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana)
	}
	if names, _ := e.st.FormerNames(ctx, m.ID); len(names) != 1 || names[0].FamilyName != "山田" {
		t.Errorf("former names %+v", names)
	}
	checkInvariants(t, e.st)
}

func mustCards(t *testing.T, st *store.Store, id int64) []store.Card {
	cs, err := st.CardsOfMember(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, 4, 0)
	n := e.reach(store.CaseNameChange, false, []Action{ActMailForm, ActReceiveForm})
	m := e.memberRec(n.MemberID)
	long := strings.Repeat("長", 1000)
	for _, tc := range []struct {
		name                  string
		family, given, fk, gk string
		field                 string
	}{
		{"kanji reading", "佐藤", "花子", "佐藤", "ハナコ", "family_kana"},
		{"latin reading", "佐藤", "花子", "Sato", "ハナコ", "family_kana"},
		{"1000-char name", long, "花子", "サトウ", "ハナコ", "family_name"},
		{"control char", "佐藤\x1b[31m", "花子", "サトウ", "ハナコ", "family_name"},
		{"bidi override", "佐藤", "花\u202e子", "サトウ", "ハナコ", "given_name"},
		{"empty", "佐藤", " ", "サトウ", "ハナコ", "given_name"},
	} {
		before := e.auditCount()
		_, err := e.svc.ChangeName(e.ctx, "alice", ChangeNameRequest{CaseID: n.ID, CaseVersion: n.Version,
			MemberVersion: m.Version, FamilyName: tc.family, GivenName: tc.given, FamilyKana: tc.fk, GivenKana: tc.gk})
		var we *Error
		if ErrorCode(err) != EINVALID || !asError(err, &we) || we.Args["field"] != tc.field || e.auditCount() != before {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if r, err := FoldReading("given_kana", "ﾀﾛｳ"); err != nil || r != "タロウ" {
		t.Errorf("half-width reading: %q %v", r, err)
	}
	if r, err := FoldReading("given_kana", "たろう"); err != nil || r != "タロウ" {
		t.Errorf("hiragana reading: %q %v", r, err)
	}
	if msg := Message(refuse(EINVALID, "invalid.reading", "field", "family_kana", "char", "佐"), "ja"); !strings.Contains(msg, "佐") {
		t.Errorf("reading message: %s", msg)
	}
	c := e.reach(store.CaseContactChange, false, nil)
	m = e.memberRec(c.MemberID)
	for _, req := range []ChangeContactRequest{
		{PostalCode: "123-456"}, {PostalCode: "abc-defg"}, {Phone: "1234567890"}, {Phone: "090-1234-56789"},
		{Email: "taro@example"}, {Email: "taro example@example.jp"}, {Email: "Taro <taro@example.jp>"},
		{Address: strings.Repeat("丁目", 100)}, {Address: "東京都\x00千代田区"}, {},
	} {
		req.CaseID, req.CaseVersion, req.MemberVersion = c.ID, c.Version, m.Version
		_, err := e.svc.ChangeContact(e.ctx, "alice", req)
		wantCode(t, err, EINVALID)
	}
	r, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
		MemberVersion: m.Version, PostalCode: "１００－０００１", Email: "Hanako@Example.JP"})
	if err != nil || r.Case.State != store.StateClosed {
		t.Fatal(err)
	}
	if m := e.memberRec(c.MemberID); m.PostalCode != "1000001" || m.Email != "hanako@example.jp" {
		t.Errorf("contact now %s %s", m.PostalCode, m.Email)
	}
	_, err = e.svc.OpenCase(e.ctx, "", OpenCaseRequest{MemberID: m.ID, Type: store.CaseNameChange})
	wantCode(t, err, EINVALID)
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

// Two consoles on the same file change the same member: one wins, the
// other is told, nothing is lost.
func TestTwoStoresSameMember(t *testing.T) {
	e := newEnv(t, 3, 0)
	other, err := store.Open(e.ctx, e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc2, _ := New(other, WithClock(e.clock), WithPasswordParams(testParams))
	a := e.reach(store.CaseContactChange, false, nil)
	mid := a.MemberID
	seen := e.memberRec(mid) // both operators look at the same version
	if _, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: a.ID, CaseVersion: a.Version,
		MemberVersion: seen.Version, Phone: "0311112222"}); err != nil {
		t.Fatal(err)
	}
	// Bob's contact change based on the old version is refused.
	a2 := must(t)(svc2.OpenCase(e.ctx, "bob", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange}))
	r, _, _ := svc2.CheckIdentity(e.ctx, "bob", CheckIdentityRequest{CaseID: a2.ID, CaseVersion: a2.Version, Answers: IdentityAnswers{BirthDate: tBirth, PostalCode: tPostal}})
	before := e.auditCount()
	_, err = svc2.ChangeContact(e.ctx, "bob", ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: seen.Version, Email: "bob-typed@example.jp"})
	wantCode(t, err, ECONFLICT)
	if !strings.Contains(Message(err, "en"), "reload") || e.auditCount() != before {
		t.Errorf("stale write: %s", Message(err, "en"))
	}
	if m := e.memberRec(mid); m.Phone != "0311112222" || m.Email != tEmail {
		t.Errorf("member after race: %s %s", m.Phone, m.Email)
	}
	// The same case stepped from both consoles: one wins.
	k := e.reach(store.CaseCancellation, false, nil)
	_, err1 := e.svc.MailForm(e.ctx, "alice", MailFormRequest{CaseID: k.ID, CaseVersion: k.Version, NoRefundNoticeGiven: true})
	_, err2 := svc2.Withdraw(e.ctx, "bob", WithdrawRequest{k.ID, k.Version, "duplicate"})
	if err1 != nil || ErrorCode(err2) != ECONFLICT {
		t.Errorf("same case: %v / %v", err1, err2)
	}
	checkInvariants(t, e.st)
}
