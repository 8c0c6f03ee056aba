package tui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/store"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

func TestEmptyDatabaseSaysHowToLoadData(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for lang, want := range map[string]string{ui.LangJA: "データベースに会員がいません", ui.LangEN: "holds no members"} {
		var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: lang})
		m = boot(t, m)
		m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
		v := ansi.Strip(m.View().Content)
		for _, w := range []string{want, "spdesk seed --db " + s.Path() + " --demo", "--members N"} {
			if !strings.Contains(v, w) {
				t.Errorf("%s: no %q in:\n%s", lang, w, v)
			}
		}
	}
}

// failing answers every question with an error, as a damaged or
// vanished database would.
type failing struct{}

var errDisk = errors.New("disk I/O error")

func (failing) Search(context.Context, string, int) (workflows.SearchResult, error) {
	return workflows.SearchResult{}, errDisk
}
func (failing) MemberByNo(context.Context, string) (workflows.Member, error) {
	return workflows.Member{}, errDisk
}
func (failing) CardsOfMember(context.Context, int64) ([]workflows.Card, error) {
	return nil, errDisk
}
func (failing) CountMembers(context.Context) (int64, error) { return 0, errDisk }

func TestStoreErrorsShowInTheStatusLine(t *testing.T) {
	var m tea.Model = New(ui.Options{Lang: ui.LangEN, Now: func() time.Time { return testNow }})
	r := m.(model)
	r.sh.Src = failing{}
	m = drive(t, r, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(t, m, "sato")
	v := ansi.Strip(m.View().Content)
	if !strings.Contains(v, "Error: search failed: disk I/O error") {
		t.Fatalf("no error banner:\n%s", v)
	}
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyLeft}) // any key dismisses it
	if v := ansi.Strip(m.View().Content); strings.Contains(v, "disk I/O") {
		t.Fatalf("banner outlived a key press:\n%s", v)
	}
}

func TestNoStoreIsAnErrorNotACrash(t *testing.T) {
	var m tea.Model = New(ui.Options{Lang: ui.LangEN})
	m = boot(t, m)
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(t, m, "佐藤")
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "no database is open") || !strings.Contains(v, "(no database)") {
		t.Fatalf("no notice:\n%s", v)
	}
}
