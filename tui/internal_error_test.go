package tui

import (
	"bytes"
	"database/sql"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// syncBuffer is a log the console's commands write from their goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestInternalErrorShowsItsRef: a step that fails inside the database
// shows the operator the ref of its log line, and never the cause.
func TestInternalErrorShowsItsRef(t *testing.T) {
	st, _ := seededDemo(t)
	var logBuf syncBuffer
	svc, err := workflows.New(st, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })),
		workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}),
		workflows.WithLogger(slog.New(workflows.NewLogHandler(&logBuf, slog.LevelInfo))))
	if err != nil {
		t.Fatal(err)
	}
	addDeskAccounts(t, svc)
	d := runDesk(t, st, svc, ui.LangEN, 110, 40, "tester", "supervisor")
	m := d.freeMember()
	d.open(m)

	// The database breaks under the console: every audit row is refused.
	db, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER broken BEFORE INSERT ON audit BEGIN
		SELECT RAISE(ABORT, 'disk on fire'); END`); err != nil {
		t.Fatal(err)
	}
	d.key("a")
	waitFor(t, d.tm, "Procedures", "▸ 1 Lost card")
	d.key("enter") // one card: no choice asked
	waitFor(t, d.tm, "Doing this will")
	d.key("enter")
	screen := waitFor(t, d.tm, "internal error (ref ")
	ref := regexp.MustCompile(`ref ([A-Z2-7]{6})`).FindStringSubmatch(screen)
	if ref == nil {
		t.Fatalf("no ref on screen:\n%s", screen)
	}
	if strings.Contains(screen, "disk on fire") {
		t.Errorf("the cause reached the screen:\n%s", screen)
	}
	if log := logBuf.String(); !strings.Contains(log, "ref="+ref[1]) || !strings.Contains(log, "disk on fire") {
		t.Errorf("the log has no line for ref %s:\n%s", ref[1], log)
	}
}
