package workflows

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/store/luhn"
)

// TestNoSecretInTheAudit runs every demo workflow, an identity check with
// wrong, malformed and right answers and a password issue, then reads the
// whole audit trail (every text column a workflow fills), its CSV export,
// every error returned on the way and the log (at Debug, with internal
// errors forced at the end), looking for a password issued, an identity
// answer given, or a full card number.
func TestNoSecretInTheAudit(t *testing.T) {
	e := demoEnv(t)
	logPath := filepath.Join(t.TempDir(), "spdesk.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	e.svc.log = slog.New(NewLogHandler(logFile, slog.LevelDebug))
	var secrets []string // what must never appear
	queued := queuedLetters(t, e)
	for _, l := range queued {
		if l.Secret != "" {
			secrets = append(secrets, l.Secret)
		}
	}
	if len(secrets) == 0 {
		t.Fatal("the demo queued no password notice to look for")
	}

	// A member whose facts appear nowhere else, so any trace of them is a leak.
	l, err := e.st.NewLoader(e.ctx, store.WithAppend())
	if err != nil {
		t.Fatal(err)
	}
	m := &store.Member{No: "9000000017", FamilyName: "秘密", GivenName: "花子", FamilyKana: "ヒミツ", GivenKana: "ハナコ",
		BirthDate: store.MakeDate(1977, 7, 7), PostalCode: "9876543", Address: "北海道札幌市中央区北1条西2-3",
		Phone: "0311112222", Email: "kaori.unique@example.jp", JoinedOn: store.MakeDate(2019, 4, 1),
		FeeMethod: store.FeePostal, PasswordState: store.PasswordLocked, Status: store.MemberActive}
	m.No = "900000001" + string(luhn.Digit("900000001"))
	card := store.Card{No: "4980777766665555", Kind: store.CardStandard, Status: store.CardActive,
		IssuedOn: store.MakeDate(2022, 4, 1), ExpiresOn: store.MakeDate(2027, 3, 31)}
	card.No = card.No[:15] + string(luhn.Digit(card.No[:15]))
	if err := l.Add(m, []store.Card{card}); err != nil {
		t.Fatal(err)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	op := "demo-operator"
	res, err := e.svc.OpenCase(e.ctx, op, OpenCaseRequest{MemberID: m.ID, Type: store.CasePasswordReset})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Case
	wrong := IdentityAnswers{BirthDate: "1966-06-16", PostalCode: "111-2222", Phone: "03-9999-8888", Email: "guess.wrong@example.jp"}
	malformed := []IdentityAnswers{{BirthDate: "1999-13-45"}, {PostalCode: "12-ab"}, {Phone: "03-ABCD-0000"},
		{Email: "no-at-sign.example.jp"}}
	right := IdentityAnswers{BirthDate: "1977/07/07", PostalCode: "987-6543", Phone: "03-1111-2222", Email: "Kaori.Unique@example.jp"}
	res, ir, err := e.svc.CheckIdentity(e.ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: wrong})
	if err != nil || ir.Passed {
		t.Fatalf("wrong answers: %+v %v", ir, err)
	}
	// The miss ended that case (identity_failed): the call goes on in a new one.
	if res, err = e.svc.OpenCase(e.ctx, op, OpenCaseRequest{MemberID: m.ID, Type: store.CasePasswordReset}); err != nil {
		t.Fatal(err)
	}
	c = res.Case
	for _, a := range malformed {
		_, _, err := e.svc.CheckIdentity(e.ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: a})
		if err == nil {
			t.Fatalf("malformed answers %+v accepted", a)
		}
		keep(err)
	}
	res, ir, err = e.svc.CheckIdentity(e.ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: right})
	if err != nil || !ir.Passed {
		t.Fatalf("right answers: %+v %v", ir, err)
	}
	stale := c.Version
	c = res.Case
	_, _, err = e.svc.CheckIdentity(e.ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: stale, Answers: right})
	keep(err)
	res, err = e.svc.IssuePassword(e.ctx, op, StepRequest{CaseID: c.ID, CaseVersion: c.Version})
	if err != nil {
		t.Fatal(err)
	}
	if res.Letter.Secret != "" {
		t.Error("IssuePassword's result carries the password")
	}
	_, err = e.svc.IssuePassword(e.ctx, op, StepRequest{CaseID: c.ID, CaseVersion: c.Version})
	keep(err)
	queued = queuedLetters(t, e)
	found := false
	for _, l := range queued {
		if l.CaseID == c.ID && l.Secret != "" {
			secrets, found = append(secrets, l.Secret), true
		}
	}
	if !found {
		t.Fatal("the new password's letter is not queued")
	}
	_, err = e.svc.PrintLetters(e.ctx, op, t.TempDir()) // an operator may not: refused, on record
	keep(err)
	if _, err := e.svc.PrintLetters(e.ctx, "demo-supervisor", filepath.Join(t.TempDir(), "spool")); err != nil {
		t.Fatal(err)
	}

	answers := []string{"1966-06-16", "19660616", "1112222", "111-2222", "0399998888", "03-9999-8888",
		"guess.wrong@example.jp", "1999-13-45", "12-ab", "03-ABCD-0000", "no-at-sign.example.jp",
		"1977-07-07", "19770707", "1977/07/07", "9876543", "987-6543", "0311112222", "03-1111-2222",
		"kaori.unique@example.jp"}
	cardNo := regexp.MustCompile(`\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}`)
	scan := func(where, text string) {
		t.Helper()
		low := strings.ToLower(text)
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds a password issued: %q", where, text)
			}
		}
		for _, a := range answers {
			if strings.Contains(low, strings.ToLower(a)) {
				t.Errorf("%s holds the identity answer %q: %q", where, a, text)
			}
		}
		if n := cardNo.FindString(text); n != "" {
			t.Errorf("%s holds a full card number %s: %q", where, n, text)
		}
	}
	rows := 0
	if err := e.st.EachAudit(e.ctx, store.AuditFilter{}, 0, func(r store.AuditRow) error {
		rows++
		// The hashes are hex, not text anyone wrote: a run of 16 digits in
		// one is chance, not a card number.
		scan("audit row "+i64(r.ID), strings.Join([]string{r.Operator, r.Action, string(r.FromState), string(r.ToState),
			r.Before, r.After, r.Note}, "\x00"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if rows < 50 {
		t.Fatalf("only %d audit rows scanned", rows)
	}
	if len(errs) < 6 {
		t.Fatalf("only %d errors collected: %v", len(errs), errs)
	}
	for i, err := range errs {
		for _, lang := range []string{"ja", "en"} {
			scan("error "+i64(int64(i))+" ("+lang+")", Message(err, lang))
		}
		scan("error "+i64(int64(i)), err.Error())
	}
	var buf bytes.Buffer
	if _, err := e.svc.ExportAudit(e.ctx, "demo-supervisor", store.AuditFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	for i, r := range readCSV(t, buf.Bytes()) {
		scan("export line "+i64(int64(i+2)), strings.Join(r[:15], "\x00"))
	}

	// The same steps against a broken database: internal errors, logged
	// with their causes, while answers and passwords are in hand.
	e.st.Close()
	_, _, err = e.svc.CheckIdentity(e.ctx, op, CheckIdentityRequest{CaseID: c.ID, CaseVersion: c.Version, Answers: right})
	wantCode(t, err, EINTERNAL)
	_, err = e.svc.IssuePassword(e.ctx, op, StepRequest{CaseID: c.ID, CaseVersion: c.Version})
	wantCode(t, err, EINTERNAL)
	_, err = e.svc.SignIn(e.ctx, op, secrets[0])
	wantCode(t, err, EINTERNAL)
	_, err = e.svc.ReportLostCard(e.ctx, op, ReportCardRequest{MemberID: m.ID, CardID: card.ID})
	wantCode(t, err, EINTERNAL)
	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(logged)
	if n := strings.Count(text, `msg="internal error"`); n < 4 {
		t.Errorf("only %d internal errors in the log:\n%s", n, text)
	}
	if n := strings.Count(text, "msg=refused"); n < 3 {
		t.Errorf("only %d refusals in the log:\n%s", n, text)
	}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		scan("log line "+i64(int64(i+1)), line)
	}
}

// queuedLetters reads the queue with its secrets, as only printing does.
func queuedLetters(t *testing.T, e *env) []store.Letter {
	t.Helper()
	var ls []store.Letter
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) (err error) {
		ls, err = tx.QueuedLetters()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return ls
}
