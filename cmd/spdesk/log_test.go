package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	_ "modernc.org/sqlite"

	"spdesk/cardops"
	"spdesk/workflows"
)

// TestLogFileModesHoldThroughRotation: the log is 0600 in a 0700 folder
// even when an older file and folder were wider, and every file after a
// size rotation keeps 0600.
func TestLogFileModesHoldThroughRotation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "spdesk")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "spdesk.log")
	if err := os.WriteFile(path, []byte("an old line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	os.Chmod(path, 0o644)
	w, err := openLogFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(workflows.NewLogHandler(w, slog.LevelInfo))
	pad := strings.Repeat("x", 1000)
	for range (logMaxMB*1024*1024)/1000 + 200 { // past the size limit: one rotation
		log.Error("internal error", "ref", "TEST00", "op", "Test", "cause", pad)
	}
	w.Close()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("log folder: %v %v, want 0700", fi.Mode(), err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) < 2 {
		t.Fatalf("no rotation happened: %v", ents)
	}
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", e.Name(), fi.Mode().Perm())
		}
	}
}

// breakAudit makes every audit write of db fail with a cause that holds a
// card number: a database broken in a way only the log can explain.
func breakAudit(t *testing.T, db string) {
	t.Helper()
	c, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Sign-ins still work: the command must get as far as its own step.
	if _, err := c.Exec(`CREATE TRIGGER broken BEFORE INSERT ON audit WHEN NEW.action NOT LIKE 'operator.%' BEGIN
		SELECT RAISE(ABORT, 'disk on fire near card 4980123412341234'); END`); err != nil {
		t.Fatal(err)
	}
}

// TestInternalErrorRefInTheLog: a CLI command failing inside the database
// tells the operator a ref, and the log under $XDG_STATE_HOME (0600 in a
// 0700 folder) has that ref with the workflow and the cause, the card
// number in it masked. --log names another file.
func TestInternalErrorRefInTheLog(t *testing.T) {
	db := demoDB(t)
	breakAudit(t, db)
	state := t.TempDir()
	env := []string{"XDG_STATE_HOME=" + state}
	_, stderr, ok := runWith(t, env, "demo\n", "letters", "print", "--db", db, "--operator", "demo-supervisor", "--lang", "en",
		"--spool", filepath.Join(t.TempDir(), "spool"))
	m := regexp.MustCompile(`internal error \(ref ([A-Z2-7]{6})\)`).FindStringSubmatch(stderr)
	if ok || m == nil {
		t.Fatalf("letters print on a broken database: ok=%v stderr=%q", ok, stderr)
	}
	logDir := filepath.Join(state, "spdesk")
	b, err := os.ReadFile(filepath.Join(logDir, "spdesk.log"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"level=ERROR", "ref=" + m[1], "op=PrintBatch", "operator=demo-supervisor",
		"disk on fire", "4980-xxxx-xxxx-1234"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "4980123412341234") {
		t.Errorf("the log holds a full card number:\n%s", text)
	}
	for p, want := range map[string]os.FileMode{logDir: 0o700, filepath.Join(logDir, "spdesk.log"): 0o600} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", p, fi.Mode().Perm(), err, want)
		}
	}

	other := filepath.Join(t.TempDir(), "desk.log")
	_, stderr, _ = runWith(t, env, "demo\n", "letters", "print", "--db", db, "--operator", "demo-supervisor", "--lang", "ja",
		"--log", other, "--spool", filepath.Join(t.TempDir(), "spool"))
	m = regexp.MustCompile(`参照番号 ([A-Z2-7]{6})`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("ja message without a ref: %q", stderr)
	}
	if b, err := os.ReadFile(other); err != nil || !strings.Contains(string(b), "ref="+m[1]) {
		t.Errorf("--log %s: %v\n%s", other, err, b)
	}
}

// panicky is a console that breaks on its first key.
type panicky struct{}

func (panicky) Init() tea.Cmd                       { return nil }
func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("screen index out of range") }
func (panicky) View() tea.View                      { return tea.NewView("") }

// TestConsolePanicIsLogged: a panic in the console is logged, value and
// stack on one line, and still reaches Bubble Tea (which restores the
// terminal).
func TestConsolePanicIsLogged(t *testing.T) {
	var buf bytes.Buffer
	m := loggedModel{Model: panicky{}, log: slog.New(workflows.NewLogHandler(&buf, slog.LevelInfo))}
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("the panic was swallowed")
			}
		}()
		m.Update(tea.KeyPressMsg{Code: 'x'})
	}()
	out := strings.TrimSpace(buf.String())
	if strings.Count(out, "\n") != 0 || !strings.Contains(out, `msg="console panic"`) ||
		!strings.Contains(out, "screen index out of range") || !strings.Contains(out, "stack=") {
		t.Errorf("log: %s", out)
	}
}

// failingReaders is a reader system whose service goes away.
type failingReaders struct{ cardops.Provider }

func (failingReaders) Watch(ctx context.Context) (<-chan cardops.Event, error) {
	ch := make(chan cardops.Event, 1)
	ch <- cardops.Event{Kind: cardops.EventError, Err: &cardops.Error{Kind: cardops.KindPCSCDown, Op: "watch",
		Err: errors.New("pcscd went away")}}
	close(ch)
	return ch, nil
}

// TestReaderSystemErrorsAreLogged: the console's watch of the readers
// passes every event on and logs the reader system's failures.
func TestReaderSystemErrorsAreLogged(t *testing.T) {
	var buf bytes.Buffer
	p := loggedCards{Provider: failingReaders{}, log: slog.New(workflows.NewLogHandler(&buf, slog.LevelInfo))}
	ch, err := p.Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []cardops.Event
	for e := range ch {
		got = append(got, e)
	}
	if len(got) != 1 || got[0].Kind != cardops.EventError {
		t.Errorf("events passed on: %+v", got)
	}
	if out := buf.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "kind=pcscd_down") ||
		!strings.Contains(out, "pcscd went away") {
		t.Errorf("log: %s", out)
	}
}
