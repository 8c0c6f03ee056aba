package member

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures"
	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// settle runs cmd and every command its answers bring, as the program
// would, until nothing is left.
func settle(d *uitest.Driver, cmd tea.Cmd) {
	for i := 0; cmd != nil && i < 20; i++ {
		var next []tea.Cmd
		for _, m := range uitest.Answers(d.T, cmd) {
			next = append(next, d.Send(m))
		}
		cmd = tea.Batch(next...)
	}
}

// openMember opens the member page for member no as "tester", its call
// started and everything loaded.
func openMember(t *testing.T, svc *workflows.Service, lang, no string, w, h int) (*Page, *uitest.Driver) {
	t.Helper()
	ctx := context.Background()
	m, err := svc.MemberByNo(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	cards, err := svc.CardsOfMember(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := New(uitest.On(svc, lang, "tester", demodesk.Now), workflows.Hit{Member: m, Cards: cards})
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	d.Page.SetSize(w, h)
	settle(d, s.Init())
	return s, d
}

// Opening a member starts a call; leaving asks for its wrap-up, with the
// reason suggested from the article read during the call ticked, and one
// key (enter) records it with the note typed, after which the page
// closes and the desk lists the call with its note.
func TestLeavingTheMemberWrapsUpTheCallInOneKey(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	if _, err := svc.LoadKB(ctx); err != nil { // the call links the article read
		t.Fatal(err)
	}
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["active"], 100, 30)
	if s.call.ID == 0 || !s.call.Open() {
		t.Fatalf("opening the member started no call: %+v", s.call)
	}
	d.Send(ArticleUsedMsg{ID: "code-52"})
	settle(d, d.Key("esc"))
	if d.Nav.Back {
		t.Fatal("esc left the member without the wrap-up")
	}
	v := d.View()
	if !strings.Contains(v, "[x] result code 52") || !strings.Contains(v, s.call.No()) {
		t.Fatalf("the wrap-up does not tick the reason of the article read:\n%s", v)
	}
	// esc hides the form, the call stays open, and what was typed stays.
	d.Key("tab")
	d.Key("tab")
	for _, r := range "firewall ok" {
		d.Key(string(r))
	}
	d.Key("esc")
	if d.Nav.Back || s.wrapOn {
		t.Fatal("esc on the wrap-up did not go back to the member")
	}
	settle(d, d.Key("esc"))
	if !strings.Contains(d.View(), "firewall ok") {
		t.Fatalf("the note typed before esc is lost:\n%s", d.View())
	}
	settle(d, d.Key("enter"))
	if !d.Nav.Back {
		t.Fatalf("enter did not record the call and close the page:\n%s", d.View())
	}
	calls, err := svc.CallsOfMember(ctx, s.m.ID, 1)
	if err != nil || len(calls) != 1 {
		t.Fatalf("calls: %v %v", calls, err)
	}
	c := calls[0]
	if c.ID != s.call.ID || c.Open() || c.Note != "firewall ok" || len(c.Reasons) != 1 || c.Reasons[0] != "code_52" ||
		len(c.Articles) != 1 || c.Articles[0] != "code-52" {
		t.Fatalf("recorded call %+v", c)
	}
}

// A refused wrap-up (a note holding a card number) keeps the form as
// typed and says why; nothing is recorded.
func TestRefusedWrapUpKeepsTheNote(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["active"], 100, 30)
	settle(d, d.Key("esc"))
	d.Key("tab")
	d.Key("tab")
	d.Send(tea.PasteMsg{Content: "card " + s.cards[0].No})
	settle(d, d.Key("enter"))
	if d.Nav.Back || !s.wrapOn {
		t.Fatal("a note with a card number closed the page")
	}
	if s.wrap.err == "" || s.wrap.note.Value() != "card "+s.cards[0].No {
		t.Fatalf("refusal %q, note %q", s.wrap.err, s.wrap.note.Value())
	}
	if s.call.ID == 0 || !s.CallOpen() {
		t.Fatal("the call was closed by a refused wrap-up")
	}
}

// A read-only console (no Service) starts no call and leaves at once.
func TestReadOnlyStartsNoCall(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	ctx := context.Background()
	m, _ := svc.MemberByNo(ctx, fixtures.DemoMemberNo["active"])
	sh := uitest.On(svc, ui.LangEN, "tester", demodesk.Now)
	sh.Opts.Service = nil
	s := New(sh, workflows.Hit{Member: m})
	d := &uitest.Driver{T: t, Sh: sh, Page: s}
	d.Page.SetSize(100, 30)
	settle(d, s.Init())
	d.Key("esc")
	if !d.Nav.Back || s.call.ID != 0 {
		t.Fatalf("read-only: back %v, call %+v", d.Nav.Back, s.call)
	}
}

// The member screen shows the recent calls with their notes first, newest
// first, at 80×24 in Japanese; the Calls tab lists them with the note of
// the selected one.
func TestRecentCallsShowFirst(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	m, _ := svc.MemberByNo(ctx, fixtures.DemoMemberNo["active"])
	for _, note := range []string{"古いメモ：カードの向きを確認", "新しいメモ：ファイアウォール\x1b[31mを案内"} {
		c, err := svc.StartCall(ctx, "tester", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		note = strings.ReplaceAll(note, "\x1b[31m", "") // stored notes refuse control characters
		if _, err := svc.WrapUpCall(ctx, "tester", workflows.WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
			Reasons: []string{"code_52"}, Outcome: "answered", Note: note}); err != nil {
			t.Fatal(err)
		}
	}
	_, d := openMember(t, svc, ui.LangJA, m.No, 80, 20)
	v := d.View()
	first := strings.Index(v, "新しいメモ")
	if !strings.Contains(v, "最近の通話") || first < 0 || first > strings.Index(v, "古いメモ") || first > strings.Index(v, "会員番号") {
		t.Fatalf("recent calls not first, newest first, at 80×24:\n%s", v)
	}
	if !strings.Contains(v, "氏名") || !strings.Contains(v, "カード") {
		t.Fatalf("the profile lost its fields to the calls:\n%s", v)
	}
	settle(d, d.Key("6"))
	d.Key("down") // past this call, open until the operator leaves
	v = d.View()
	if !strings.Contains(v, "通話") || !strings.Contains(v, "結果コード52") || !strings.Contains(v, "新しいメモ：ファイアウォールを案内") {
		t.Fatalf("Calls tab:\n%s", v)
	}
	settle(d, d.Key("5"))
	if v := d.View(); !strings.Contains(v, "通話の記録") || strings.Contains(v, "call.wrap_up") {
		t.Fatalf("History tab does not name the call's audit rows:\n%s", v)
	}
	uitest.FillsItsSize(t, d.Page, [2]int{80, 20}, [2]int{160, 46})
}

// A held letter shows as held with why on the Letters tab, not "queued",
// and the guidance says it (#6).
func TestHeldLetterShowsAsHeld(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["password_issued"], 120, 30)
	var queued workflows.Letter
	for _, l := range s.letters {
		if l.State == workflows.LetterQueued {
			queued = l
		}
	}
	if queued.ID == 0 {
		t.Skip("the showcase member has no queued letter")
	}
	settle(d, d.Key("4"))
	if v := d.View(); !strings.Contains(v, "queued") {
		t.Fatalf("queued letter not shown as queued:\n%s", v)
	}
	// What the load answers when the address rule held it (letter_hold.go).
	d.Send(callsMsg{memberID: s.m.ID, seq: s.callsSeq, held: map[int64]workflows.LetterHold{queued.ID: {Letter: queued, Hold: workflows.HoldAddressChanged}}})
	v := d.View()
	if strings.Contains(v, "queued") || !strings.Contains(v, "held") || !strings.Contains(v, queued.RefNo()+" is held: the address changed") {
		t.Fatalf("held letter not shown as held with why:\n%s", v)
	}
	d.Key("g")
	if v := d.View(); !strings.Contains(v, "A letter is held") {
		t.Fatalf("the guidance does not say the letter is held:\n%s", v)
	}
}

// The Cards tab says for a stopped card whether the login service
// confirmed the stop (issue 14): not yet, then confirmed at a time.
func TestCardsTabShowsTheLoginServiceConfirmation(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	ctx := context.Background()
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["card_suspended"], 120, 30)
	settle(d, d.Key("2"))
	v := d.View()
	if !strings.Contains(v, "not yet confirmed by the login service") && !strings.Contains(v, "no record of telling") {
		t.Fatalf("no stop status on the Cards tab:\n%s", v)
	}
	var stopped workflows.StopStatus
	for _, ss := range s.stops {
		if ss.EventID != 0 {
			stopped = ss
		}
	}
	if stopped.EventID == 0 {
		t.Skip("the showcase's stop was never told to the login service")
	}
	at := demodesk.Now.Add(-1)
	if err := st.ConfirmEvent(ctx, stopped.EventID, at); err != nil {
		t.Fatal(err)
	}
	settle(d, d.Key("r"))
	want := "login service confirmed " + at.In(ui.Tokyo).Format("15:04:05")
	if v := d.View(); !strings.Contains(v, want) {
		t.Fatalf("want %q after the confirmation:\n%s", want, v)
	}
}

// Two consoles on one member: a refusal saying the member changed
// elsewhere is shown in words and the member read again; r reads it
// again too, and says when it changed under the operator (#3).
func TestChangedElsewhereReloadsTheMember(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["active"], 120, 30)
	before := s.m

	// The other console opens a contact change and moves the member.
	r, _, err := svc.StartCase(ctx, "supervisor", workflows.StartCaseRequest{Type: workflows.CaseContactChange, Seen: before,
		Answers: workflows.IdentityAnswers{BirthDate: before.BirthDate.String(), Phone: before.Phone}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ChangeContact(ctx, "supervisor", workflows.ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: before.Version, Address: "大阪府大阪市北区梅田1-1-1"}); err != nil {
		t.Fatal(err)
	}
	// This console, still on the old member, tries a procedure: refused.
	_, _, err = svc.StartCase(ctx, "tester", workflows.StartCaseRequest{Type: workflows.CasePasswordReset, Seen: before,
		Answers: workflows.IdentityAnswers{BirthDate: before.BirthDate.String(), Phone: before.Phone}})
	if workflows.ErrorCode(err) != workflows.ECHANGED {
		t.Fatalf("want ECHANGED, got %v", err)
	}
	settle(d, d.Send(ui.JobDoneMsg{ID: 9, Res: ui.JobResult{MemberID: s.m.ID, Err: err}}))
	if got := s.Status(); !strings.Contains(got, "was changed by supervisor") {
		t.Fatalf("status %q does not say what changed", got)
	}
	if !strings.Contains(d.View(), "梅田") {
		t.Fatalf("the member was not read again:\n%s", d.View())
	}
}

// r reads the member again and says it changed under the operator; a tab
// switch reads again too.
func TestReloadKeyAndTabSwitchReadAgain(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	ctx := context.Background()
	s, d := openMember(t, svc, ui.LangEN, fixtures.DemoMemberNo["active"], 120, 30)
	before := s.m
	r, _, err := svc.StartCase(ctx, "supervisor", workflows.StartCaseRequest{Type: workflows.CaseContactChange, Seen: before,
		Answers: workflows.IdentityAnswers{BirthDate: before.BirthDate.String(), Phone: before.Phone}})
	if err != nil {
		t.Fatal(err)
	}
	settle(d, d.Key("3"))
	if !strings.Contains(d.View(), r.Case.No()) {
		t.Fatalf("a tab switch did not read the cases again:\n%s", d.View())
	}
	if _, err := svc.ChangeContact(ctx, "supervisor", workflows.ChangeContactRequest{CaseID: r.Case.ID, CaseVersion: r.Case.Version,
		MemberVersion: before.Version, Address: "大阪府大阪市北区梅田1-1-1"}); err != nil {
		t.Fatal(err)
	}
	settle(d, d.Key("r"))
	if !strings.Contains(s.Status(), "changed at another console") {
		t.Fatalf("r did not say the member changed (status %q)", s.Status())
	}
	settle(d, d.Key("1"))
	if !strings.Contains(d.View(), "梅田") {
		t.Fatalf("r did not read the change:\n%s", d.View())
	}
}
