package workflows

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"spdesk/store"
)

// logTo points e's service at a fresh log buffer, at level.
func logTo(e *env, level slog.Level) *bytes.Buffer {
	var buf bytes.Buffer
	e.svc.log = slog.New(NewLogHandler(&buf, level))
	return &buf
}

var refOnScreen = regexp.MustCompile(`\(ref ([A-Z2-7]{6})\)`)

// TestInternalErrorIsLogged: a store failure shows the operator a ref, in
// both languages, and the log has one line under that ref with the level,
// the workflow, the operator and the cause. Before, the screen said "see
// the log" and there was no log.
func TestInternalErrorIsLogged(t *testing.T) {
	e := newEnv(t, 2, 0)
	buf := logTo(e, slog.LevelInfo)
	id := e.member(false)
	e.st.Close() // every store call now fails: a broken database

	_, err := e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: id, Type: store.CasePasswordReset})
	wantCode(t, err, EINTERNAL)
	var we *Error
	if !errors.As(err, &we) || we.Ref == "" {
		t.Fatalf("internal error without a ref: %#v", err)
	}
	en := Message(err, "en")
	m := refOnScreen.FindStringSubmatch(en)
	if m == nil || m[1] != we.Ref || !strings.Contains(en, "log") {
		t.Fatalf("on screen (en): %q, ref %s", en, we.Ref)
	}
	if ja := Message(err, "ja"); !strings.Contains(ja, we.Ref) {
		t.Errorf("on screen (ja) without the ref: %q", ja)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got %d:\n%s", len(lines), buf)
	}
	for _, want := range []string{"level=ERROR", `msg="internal error"`, "ref=" + we.Ref, "op=OpenCase",
		"operator=op1", "cause=", "database is closed", "time="} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("log line lacks %q: %s", want, lines[0])
		}
	}

	// A read outside any transaction is logged too, under its own ref.
	buf.Reset()
	_, err = e.svc.Queues(e.ctx)
	var we2 *Error
	if !errors.As(err, &we2) || we2.Ref == "" || we2.Ref == we.Ref {
		t.Fatalf("queues: %#v", err)
	}
	if !strings.Contains(buf.String(), "ref="+we2.Ref) || !strings.Contains(buf.String(), "op=Queues") {
		t.Errorf("queues failure not logged: %s", buf)
	}
}

// TestRefusalIsNotAnError: a refusal is the operator's to act on; it is
// logged at Debug only, and an internal error is logged once however many
// layers hand it on.
func TestRefusalIsNotAnError(t *testing.T) {
	e := newEnv(t, 2, 0)
	buf := logTo(e, slog.LevelInfo)
	c := must(t)(e.svc.OpenCase(e.ctx, "op1", OpenCaseRequest{MemberID: e.member(false), Type: store.CaseNameChange}))
	_, err := e.svc.CloseCase(e.ctx, "op1", StepRequest{CaseID: c.ID, CaseVersion: c.Version + 1})
	wantCode(t, err, ECONFLICT)
	if buf.Len() != 0 {
		t.Errorf("a refusal logged at Info: %s", buf)
	}
	if strings.Contains(Message(err, "en"), "ref") {
		t.Errorf("a refusal shows a ref: %q", Message(err, "en"))
	}
	buf = logTo(e, slog.LevelDebug)
	_, err = e.svc.CloseCase(e.ctx, "op1", StepRequest{CaseID: c.ID, CaseVersion: c.Version + 1})
	if !strings.Contains(buf.String(), "level=DEBUG") || !strings.Contains(buf.String(), "code=conflict") ||
		!strings.Contains(buf.String(), "op=CloseCase") {
		t.Errorf("debug log of a refusal: %s", buf)
	}

	buf.Reset()
	inner := wrapStore(errors.New("disk I/O error"), "case")
	err = e.svc.report(wrapStore(e.svc.report(inner), "write"))
	if n := strings.Count(buf.String(), "internal error"); n != 1 {
		t.Errorf("one internal error logged %d times: %s", n, buf)
	}
	if ErrorCode(err) != EINTERNAL || !strings.Contains(Message(err, "en"), inner.(*Error).Ref) {
		t.Errorf("handed-on error lost its ref: %v", err)
	}
}

// TestLogRedaction: whatever reaches the log, a card number in a cause, a
// message or an error value is masked, and attributes named like a
// secret are dropped.
func TestLogRedaction(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewLogHandler(&buf, slog.LevelDebug))
	l.Error("card 4980 1234 5678 9012 failed", "cause", "insert card 4980123456789012: constraint",
		"err", fmt.Errorf("card 4980-1234-5678-9012: %w", errors.New("boom")),
		"Password", "hunter2", "identity_answer", "1977-07-07", slog.Group("letter", "secret", "Xy7-pq9"),
		"long", "12345678901234567890", "phone", "03-1111-2222", "member", "1000000018")
	out := buf.String()
	for _, leak := range []string{"4980123456789012", "4980 1234 5678 9012", "4980-1234-5678-9012", "hunter2",
		"1977-07-07", "Xy7-pq9", "12345678901234567890"} {
		if strings.Contains(out, leak) {
			t.Errorf("the log holds %q: %s", leak, out)
		}
	}
	for _, kept := range []string{"4980-xxxx-xxxx-9012", "Password=[redacted]", "letter.secret=[redacted]",
		"03-1111-2222", "1000000018", "boom"} {
		if !strings.Contains(out, kept) {
			t.Errorf("the log lost %q: %s", kept, out)
		}
	}

	// Through the service: an internal error whose cause holds a card number.
	e := newEnv(t, 1, 0)
	logs := logTo(e, slog.LevelInfo)
	e.svc.report(wrapStore(errors.New("UNIQUE constraint failed: cards.no = 4980000000000017"), "card"))
	if strings.Contains(logs.String(), "4980000000000017") || !strings.Contains(logs.String(), "4980-xxxx-xxxx-0017") {
		t.Errorf("card number in a cause: %s", logs)
	}
}
