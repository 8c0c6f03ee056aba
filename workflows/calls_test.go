package workflows

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/workflows/kb"
)

// callCounts are the rows a call's wrap-up writes, to show that a refused
// one wrote none.
func (e *env) callCounts() [5]int {
	e.t.Helper()
	var out [5]int
	for i, q := range []string{`calls WHERE ended_at != ''`, `call_reasons`, `call_cases`, `call_articles`, `case_notes`} {
		out[i] = rawCount(e.t, e.path, q)
	}
	return out
}

func TestWrapUpWritesTheCallAndItsAuditRowTogether(t *testing.T) {
	e := newEnv(t, 3, 0)
	if _, err := e.svc.LoadKB(e.ctx); err != nil {
		t.Fatal(err)
	}
	mid := e.member(false)
	c, err := e.svc.StartCall(e.ctx, "op1", mid)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Open() || c.MemberID != mid || c.Operator != "op1" {
		t.Fatalf("started call %+v", c)
	}
	if a := e.lastAudit(); a.Action != "call.start" || a.MemberID != mid {
		t.Fatalf("start audit %+v", a)
	}
	// During the call: a password reset is opened.
	k := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: mid, Type: store.CasePasswordReset}))
	e.clock.Set(e.clock.Now().Add(4 * time.Minute))
	req, err := e.svc.SuggestWrapUp(e.ctx, c.ID, []string{"code-58", "no-such"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(req.Reasons, []string{"proc_password_reset", "code_58"}) || !slices.Equal(req.Cases, []int64{k.ID}) ||
		!slices.Equal(req.Articles, []string{"code-58"}) || req.Outcome != store.OutcomeProcedure {
		t.Fatalf("suggestion %+v", req)
	}
	req.Note = "ソフトに58と表示。パスワード再発行を受付、3〜4日で届くと案内"
	before := e.auditCount()
	done, err := e.svc.WrapUpCall(e.ctx, "op1", req)
	if err != nil {
		t.Fatal(err)
	}
	if done.Open() || done.Note != req.Note || !slices.Equal(done.Reasons, req.Reasons) ||
		!slices.Equal(done.Cases, []int64{k.ID}) || done.EndedAt.Sub(done.StartedAt) != 4*time.Minute {
		t.Fatalf("wrapped up %+v", done)
	}
	if e.auditCount() != before+1 {
		t.Fatalf("%d audit rows written, want 1", e.auditCount()-before)
	}
	a := e.lastAudit()
	if a.Action != "call.wrap_up" || a.MemberID != mid || a.Note != req.Note || !strings.Contains(a.After, done.No()) ||
		!strings.Contains(a.After, k.No()) {
		t.Fatalf("wrap-up audit %+v", a)
	}
	// Newest first, with the note.
	if _, err := e.svc.StartCall(e.ctx, "op1", mid); err != nil {
		t.Fatal(err)
	}
	calls, err := e.svc.CallsOfMember(e.ctx, mid, 10)
	if err != nil || len(calls) != 2 || !calls[0].Open() || calls[1].Note != req.Note {
		t.Fatalf("calls of member: %+v %v", calls, err)
	}
	// Once only.
	req.CallVersion = done.Version
	if _, err := e.svc.WrapUpCall(e.ctx, "op1", req); ErrorCode(err) != ESTATE {
		t.Fatalf("second wrap-up: %v", err)
	}
}

// A wrap-up whose audit row cannot be written leaves no call wrapped up:
// the two are one transaction.
func TestWrapUpFailingAfterTheCallRowLeavesNothing(t *testing.T) {
	e := newFileEnv(t, 2, 0) // the fault is a SQLite trigger
	mid := e.member(false)
	c, err := e.svc.StartCall(e.ctx, "op1", mid)
	if err != nil {
		t.Fatal(err)
	}
	// The audit table refuses every insert from here on.
	rawExec(t, e.path, `CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'no'); END`)
	before := e.callCounts()
	_, err = e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
		Reasons: []string{"faq_fee"}, Outcome: store.OutcomeAnswered, Note: "年会費の引き落とし日を案内"})
	if err == nil {
		t.Fatal("wrap-up succeeded without its audit row")
	}
	if after := e.callCounts(); after != before {
		t.Fatalf("rows after a failed wrap-up %v, before %v", after, before)
	}
	if got, _ := e.st.CallByID(e.ctx, c.ID); !got.Open() || got.Note != "" {
		t.Fatalf("call after a failed wrap-up %+v", got)
	}
	if n := rawCount(t, e.path, `call_fts WHERE call_fts MATCH '"年会費"'`); n != 0 {
		t.Fatalf("the failed note was indexed (%d)", n)
	}
}

func TestNotesHoldingSecretsAreRefusedAndLeaveNothing(t *testing.T) {
	e := newEnv(t, 4, 0)
	k := e.issued() // a queued notice holds this member's new password in clear
	var pw string
	e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		s, err := tx.PendingPasswordSecrets(k.MemberID)
		if len(s) == 1 {
			pw = s[0]
		}
		return err
	})
	if pw == "" {
		t.Fatal("no pending password to test with")
	}
	card := e.card(k.MemberID).No
	spaced := card[:4] + " " + card[4:8] + " " + card[8:12] + " " + card[12:]
	wide := strings.Map(func(r rune) rune { return r - '0' + '０' }, card[:4]) + "－" +
		strings.Map(func(r rune) rune { return r - '0' + '０' }, card[4:8]) + "－" +
		strings.Map(func(r rune) rune { return r - '0' + '０' }, card[8:])
	c, err := e.svc.StartCall(e.ctx, "op1", k.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ note, key string }{
		{"カード番号 " + card + " を確認", "note.card_number"},
		{"カードは " + spaced + " です", "note.card_number"},
		{"番号" + wide + "と伺った", "note.card_number"},
		{"card-no: " + card[:4] + "-" + card[4:8] + "-" + card[8:12] + "-" + card[12:], "note.card_number"},
		{"新しいパスワードは " + pw + " と読み上げた", "note.password"},
		{"PW: hunter22 と言われた", "note.password"},
		{"パスワード：abcd1234", "note.password"},
		{"password = Secret99", "note.password"},
		{"bell\x07here", "invalid.control"},
	} {
		auditBefore, rowsBefore := e.auditCount(), e.callCounts()
		_, err := e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
			Reasons: []string{"faq_password"}, Outcome: store.OutcomeAnswered, Note: tc.note})
		var we *Error
		if ErrorCode(err) != EINVALID || !asError(err, &we) || we.Key != tc.key {
			t.Errorf("note %q: %v, want %s", tc.note, err, tc.key)
			continue
		}
		for _, lang := range []string{"ja", "en"} {
			m := Message(err, lang)
			if strings.Contains(m, pw) || strings.Contains(m, card) || strings.Contains(m, "hunter22") || m == tc.key {
				t.Errorf("refusal %q (%s) echoes the secret or has no text", m, lang)
			}
		}
		_, err = e.svc.AddCaseNote(e.ctx, "op1", k.ID, tc.note)
		if !asError(err, &we) || we.Key != tc.key {
			t.Errorf("case note %q: %v, want %s", tc.note, err, tc.key)
		}
		if e.auditCount() != auditBefore || e.callCounts() != rowsBefore {
			t.Errorf("note %q: a refusal wrote something", tc.note)
		}
	}
	// What a note may say: the last four digits, a password's story, other numbers.
	for _, ok := range []string{
		"カード末尾" + card[12:] + "で本人確認",
		"パスワード：再発行済み、3〜4日で届くと案内",
		"パスワードはわからないとのこと",
		"会員番号 " + e.memberRec(k.MemberID).No + "、電話 090-1234-5678",
		"受付 C-0000012 の続き\n\t次回は書類の到着を確認",
	} {
		if n, err := e.svc.AddCaseNote(e.ctx, "op1", k.ID, ok); err != nil || n.Note != ok {
			t.Errorf("note %q refused: %v", ok, err)
		}
	}
}

func TestWrapUpRefusesWhatIsNotInTheList(t *testing.T) {
	e := newEnv(t, 3, 0)
	if _, err := e.svc.LoadKB(e.ctx); err != nil {
		t.Fatal(err)
	}
	mid, other := e.member(false), e.member(false)
	otherCase := must(t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: other, Type: store.CaseNameChange}))
	c, err := e.svc.StartCall(e.ctx, "op1", mid)
	if err != nil {
		t.Fatal(err)
	}
	base := WrapUpRequest{CallID: c.ID, CallVersion: c.Version, Reasons: []string{"other"}, Outcome: store.OutcomeAnswered}
	for name, tc := range map[string]struct {
		mod  func(r *WrapUpRequest)
		op   string
		code string
	}{
		"no reason":       {func(r *WrapUpRequest) { r.Reasons = nil }, "op1", EINVALID},
		"unknown reason":  {func(r *WrapUpRequest) { r.Reasons = []string{"weather"} }, "op1", EINVALID},
		"bad outcome":     {func(r *WrapUpRequest) { r.Outcome = "hung_up" }, "op1", EINVALID},
		"another's case":  {func(r *WrapUpRequest) { r.Cases = []int64{otherCase.ID} }, "op1", EINVALID},
		"unknown article": {func(r *WrapUpRequest) { r.Articles = []string{"nope"} }, "op1", ENOTFOUND},
		"stale":           {func(r *WrapUpRequest) { r.CallVersion++ }, "op1", ECONFLICT},
		"other operator":  {func(r *WrapUpRequest) {}, "op", EFORBIDDEN},
	} {
		r := base
		tc.mod(&r)
		_, err := e.svc.WrapUpCall(e.ctx, tc.op, r)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
	// A supervisor may wrap up another's call.
	if _, err := e.svc.WrapUpCall(e.ctx, "alice", base); err != nil {
		t.Fatal(err)
	}
}

func TestUnidentifiedCallerNamedAtWrapUp(t *testing.T) {
	e := newEnv(t, 2, 0)
	mid := e.member(false)
	c, err := e.svc.StartCall(e.ctx, "op1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.MemberID != 0 || c.MemberNo != "" {
		t.Fatalf("unidentified call %+v", c)
	}
	req, err := e.svc.SuggestWrapUp(e.ctx, c.ID, nil)
	if err != nil || len(req.Reasons) != 0 || req.Outcome != store.OutcomeAnswered {
		t.Fatalf("suggestion with nothing done: %+v %v", req, err)
	}
	req.Reasons, req.MemberID = []string{"faq_outage"}, mid
	done, err := e.svc.WrapUpCall(e.ctx, "op1", req)
	if err != nil || done.MemberID != mid || done.MemberNo != e.memberRec(mid).No {
		t.Fatalf("wrap-up naming the member: %+v %v", done, err)
	}
	// One that stays unidentified is wrapped up too.
	c2, _ := e.svc.StartCall(e.ctx, "op1", 0)
	if _, err := e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: c2.ID, CallVersion: c2.Version,
		Reasons: []string{"faq_joining"}, Outcome: store.OutcomeTransferred}); err != nil {
		t.Fatal(err)
	}
	if open, err := e.svc.OpenCallsOf(e.ctx, "op1"); err != nil || len(open) != 0 {
		t.Fatalf("open calls left: %v %v", open, err)
	}
}

func TestNotesAreFoundByTheTrigramSearch(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	k := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange}))
	if _, err := e.svc.AddCaseNote(e.ctx, "op1", k.ID, "転居先の書類は来週届く予定。ｶﾞｽ会社の名義と同じ"); err != nil {
		t.Fatal(err)
	}
	c, _ := e.svc.StartCall(e.ctx, "op1", mid)
	if _, err := e.svc.WrapUpCall(e.ctx, "op1", WrapUpRequest{CallID: c.ID, CallVersion: c.Version,
		Reasons: []string{"code_52"}, Outcome: store.OutcomeCallBack,
		Note: "ノートンのファイアウォールで52。Windows 10、ソフト Ver.2.1a"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"ファイアウォール": "call", "ﾌｧｲｱｳｫｰﾙ": "call", "windows": "call", "52": "call",
		"ガス会社": "note", "書類 来週": "note", "存在しない語": "",
	} {
		hits, err := e.svc.SearchNotes(e.ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && len(hits) != 0:
			t.Errorf("%q found %+v", q, hits)
		case want == "call" && (len(hits) != 1 || hits[0].CallID != c.ID || hits[0].MemberID != mid):
			t.Errorf("%q: %+v, want the call", q, hits)
		case want == "note" && (len(hits) != 1 || hits[0].CaseID != k.ID || hits[0].CaseNoteID == 0):
			t.Errorf("%q: %+v, want the case note", q, hits)
		}
	}
	notes, err := e.svc.NotesOfCase(e.ctx, k.ID)
	if err != nil || len(notes) != 1 || notes[0].Operator != "op1" {
		t.Fatalf("notes of case: %+v %v", notes, err)
	}
	if a := e.lastAudit(); a.Action != "call.wrap_up" {
		t.Fatalf("last audit %s", a.Action)
	}
}

func TestCallReportCountsPerDayReasonAndOperator(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	call := func(op string, at time.Time, reasons ...string) {
		t.Helper()
		e.clock.Set(at)
		c, err := e.svc.StartCall(e.ctx, op, mid)
		if err != nil {
			t.Fatal(err)
		}
		if len(reasons) == 0 {
			return // left open: not counted
		}
		if _, err := e.svc.WrapUpCall(e.ctx, op, WrapUpRequest{CallID: c.ID, CallVersion: c.Version, Reasons: reasons,
			Outcome: store.OutcomeAnswered}); err != nil {
			t.Fatal(err)
		}
	}
	d1 := time.Date(2025, 6, 2, 9, 0, 0, 0, jst)
	call("op1", d1, "faq_fee")
	call("op1", d1.Add(time.Hour), "code_52", "faq_network")
	call("op", d1.Add(2*time.Hour), "faq_fee")
	call("op", d1.Add(3*time.Hour)) // open
	// 08:30 Tokyo on the 3rd is the 2nd in UTC: the day is Tokyo's.
	call("alice", time.Date(2025, 6, 3, 8, 30, 0, 0, jst), "other")
	call("op1", time.Date(2025, 6, 5, 23, 59, 0, 0, jst), "faq_fee") // after the range
	from, to := store.MakeDate(2025, 6, 2), store.MakeDate(2025, 6, 4)
	if _, err := e.svc.CallReport(e.ctx, "op1", from, to); ErrorCode(err) != EFORBIDDEN {
		t.Fatalf("an operator's report: %v", err)
	}
	rep, err := e.svc.CallReport(e.ctx, "alice", from, to)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 4 || len(rep.Days) != 3 || rep.Days[0].Total != 3 || rep.Days[1].Total != 1 || rep.Days[2].Total != 0 {
		t.Fatalf("report totals %+v", rep)
	}
	d := rep.Days[0]
	if d.ByReason["faq_fee"] != 2 || d.ByReason["code_52"] != 1 || d.ByReason["faq_network"] != 1 ||
		d.ByOperator["op1"] != 2 || d.ByOperator["op"] != 1 {
		t.Fatalf("day 1 %+v", d)
	}
	if rep.Days[1].ByOperator["alice"] != 1 || rep.Days[1].Day != store.MakeDate(2025, 6, 3) {
		t.Fatalf("day 2 %+v", rep.Days[1])
	}
	if !slices.Equal(rep.Reasons, []string{"faq_fee", "faq_network", "code_52", "other"}) ||
		!slices.Equal(rep.Operators, []string{"alice", "op", "op1"}) {
		t.Fatalf("reasons %v operators %v", rep.Reasons, rep.Operators)
	}
	if _, err := e.svc.CallFigures(e.ctx, to, from); ErrorCode(err) != EINVALID {
		t.Fatalf("from after to: %v", err)
	}
	if _, err := e.svc.CallFigures(e.ctx, from, store.DateOf(from.AddDate(2, 0, 0))); ErrorCode(err) != EINVALID {
		t.Fatalf("two years: %v", err)
	}
}

// Every knowledge-base article answers some reason, so opening any of
// them suggests one.
func TestEveryArticleHasAReason(t *testing.T) {
	arts, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if reasonForArticle(a.ID) == "" {
			t.Errorf("article %s answers no call reason", a.ID)
		}
	}
	for _, r := range CallReasons() {
		for _, lang := range []string{"ja", "en"} {
			if ReasonLabel(r.Code, lang) == r.Code {
				t.Errorf("reason %s has no %s text", r.Code, lang)
			}
		}
	}
}

// rawExec changes the database behind the service's back.
func rawExec(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// rawCount is SELECT count(*) FROM q, read behind the service's back.
func rawCount(t testing.TB, path, q string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if store.IsURL(path) {
		db, err = sql.Open("pgx", path) // the PostgreSQL pass (backend_test.go)
		// SQLite's GLOB is PostgreSQL's regular expression match.
		q = strings.ReplaceAll(q, ` GLOB '*[ぁ-ん]*'`, ` ~ '[ぁ-ん]'`)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// The demo's month of calls: varied reasons, operators and outcomes,
// Japanese notes, callers not identified, calls linked to the cases they
// opened; every call wrapped up, each with its two audit rows.
func TestSeedDemoCallsIsARealisticMonth(t *testing.T) {
	e := newDemoEnv(t, 60, 10)
	if _, err := SeedDemoCases(e.ctx, e.svc, t.TempDir(), "demo-operator", "demo-supervisor"); err != nil {
		t.Fatal(err)
	}
	leave := e.memberRec(e.std[0]).No // pool members the cases did not take
	before := e.auditCount()
	n, err := SeedDemoCalls(e.ctx, e.svc, "demo-operator", "demo-supervisor", leave)
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("%d demo calls, want a month's worth", n)
	}
	if got := e.auditCount() - before; got < int64(2*n) {
		t.Errorf("%d audit rows for %d calls", got, n)
	}
	now := e.clock.Now()
	rep, err := e.svc.CallReport(e.ctx, "demo-supervisor", DateOf(now.AddDate(0, 0, -45)), DateOf(now))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != n || len(rep.Operators) < 4 || len(rep.Reasons) < 15 {
		t.Errorf("report of the demo: %d calls (want %d), operators %v, %d reasons", rep.Total, n, rep.Operators, len(rep.Reasons))
	}
	if rawCount(t, e.path, `calls WHERE ended_at = ''`) != 0 {
		t.Error("demo calls left open")
	}
	for what, q := range map[string]string{
		"unidentified callers":       `calls WHERE member_id IS NULL`,
		"calls linked to cases":      `call_cases`,
		"calls that started one":     `calls WHERE outcome = 'procedure_started'`,
		"calls to call back":         `calls WHERE outcome = 'call_back'`,
		"calls transferred":          `calls WHERE outcome = 'transferred'`,
		"notes in Japanese":          `calls WHERE note GLOB '*[ぁ-ん]*'`,
		"calls without a note":       `calls WHERE note = ''`,
		"members who called again":   `(SELECT member_id FROM calls WHERE member_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) r`,
		"calls with articles linked": `call_articles`,
	} {
		if rawCount(t, e.path, q) == 0 {
			t.Errorf("the demo has no %s", what)
		}
	}
	if got := rawCount(t, e.path, `calls c JOIN members m ON m.id = c.member_id WHERE m.member_no = '`+leave+`'`); got != 0 {
		t.Errorf("a member to leave alone has %d calls", got)
	}
	// On a live database, nothing.
	live := newEnv(t, 1, 0)
	if _, err := SeedDemoCalls(live.ctx, live.svc, "demo-operator", "demo-supervisor"); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("demo calls on a live database: %v", err)
	}
}

// A step's note and a withdraw reason land in the audit row: they refuse a
// card number and a written-out password like call notes do.
func TestStepNotesRefuseSecretsToo(t *testing.T) {
	e := newEnv(t, 2, 0)
	mid := e.member(false)
	card := e.card(mid).No
	before := e.auditCount()
	_, err := e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: mid, Type: store.CaseNameChange,
		Note: "カード " + card + " の名義"})
	var we *Error
	if !asError(err, &we) || we.Key != "note.card_number" {
		t.Fatalf("open with a card number in the note: %v", err)
	}
	k := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: mid, Type: store.CaseNameChange}))
	_, err = e.svc.Withdraw(e.ctx, "op1", WithdrawRequest{k.ID, k.Version, "pw=abcd9999 を伝えたため"})
	if !asError(err, &we) || we.Key != "note.password" {
		t.Fatalf("withdraw with a password in the reason: %v", err)
	}
	if got := e.auditCount() - before; got != 1 {
		t.Fatalf("%d audit rows, want only the open's", got)
	}
}

func TestCardNumberShapes(t *testing.T) {
	const card = "4980000000000014" // passes Luhn
	if !holdsCardNumber(card) {
		t.Fatal("test card does not pass")
	}
	for s, want := range map[string]bool{
		card:                               true,
		"番号は" + card + "です":                true,
		"4980 0000 0000 0014":              true,
		"4980-0000-0000-0014 と 1000000016": true,
		"４９８０－００００－００００－００１４":           true,
		"4980ー0000ー0000ー0014":           true,
		"498000000000001":               false, // 15 digits
		"4980000000000015":              false, // Luhn fails
		"1000000016 0312345678":         false, // two numbers side by side
		"2025/06/02 10:00 受付 C-0000012": false,
		"4980  0000  0000  0014":        true,
		"4980 - 0000 - 0000 - 0014":     true,
		"4980    0000 0000 0014":        false, // four blanks end the run
		"x49800000000000141":            false, // 17 digits
	} {
		if got := holdsCardNumber(s); got != want {
			t.Errorf("holdsCardNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPasswordShapes(t *testing.T) {
	for s, want := range map[string]bool{
		"PW: hunter22": true,
		"新PW:abcd1234": true,
		"パスワード＝ｈｕｎｔｅｒ２２":        true,
		"パスワードは: Xy12ab":        true,
		"暗証番号: 1234":            true,
		"password=\"Secret99\"": true,
		"パスワード：再発行済み":           false,
		"パスワードはわからないとのこと":       false,
		"bypass: proxy1 を設定":    false,
		"PW: 3〜4日で届く":           false,
		"passport: 有効期限を確認":     false,
	} {
		if got := holdsPassword(s, nil); got != want {
			t.Errorf("holdsPassword(%q) = %v, want %v", s, got, want)
		}
	}
	if !holdsPassword("新しいのは ｋＱ７ｍ２ｘ です", []string{"kQ7m2x"}) {
		t.Error("a pending password typed full-width was not found")
	}
}

// A note left on a case during the call links the case, but it is no
// procedure: with nothing else done the suggestion has no reason and the
// outcome stays "answered", not "procedure started".
func TestSuggestWrapUpTakesANoteForNoProcedure(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	k := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: mid, Type: store.CaseContactChange}))
	e.clock.Set(e.clock.Now().Add(time.Hour)) // the case is from before the call
	c, err := e.svc.StartCall(e.ctx, "op1", mid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddCaseNote(e.ctx, "op1", k.ID, "書類はまだ届いていないと案内"); err != nil {
		t.Fatal(err)
	}
	req, err := e.svc.SuggestWrapUp(e.ctx, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Reasons) != 0 || req.Outcome != store.OutcomeAnswered || !slices.Equal(req.Cases, []int64{k.ID}) {
		t.Fatalf("a note alone suggested %+v", req)
	}
}
