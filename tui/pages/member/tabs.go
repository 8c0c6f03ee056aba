package member

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// file is what the member page holds on the member, read by every tab:
// the member and cards (loaded first), then the cases, letters and
// history (loaded after, and again whenever a job for the member ends).
type file struct {
	sh         *ui.Shared
	m          workflows.Member
	cards      []workflows.Card
	cases      []workflows.Case
	letters    []workflows.Letter
	audit      []workflows.AuditEvent
	dataLoaded bool

	calls       []workflows.Call               // newest first (calls.go)
	held        map[int64]workflows.LetterHold // the member's held letters, by id
	stops       map[int64]workflows.StopStatus // stopped cards' stop status, by card id
	callsLoaded bool
	w           int // the page's width, for wrapped notes
	profileRoom int // lines under the tab bar, for the profile's recent calls
}

// clock is an instant as the stop status gives it: the time of day, with
// the date when it is not today.
func (f *file) clock(t time.Time) string {
	t = t.In(ui.Tokyo)
	if workflows.DateOf(t).String() == f.sh.Today().String() {
		return t.Format("15:04:05")
	}
	return ui.FormatDate(f.sh.Cat, workflows.DateOf(t)) + " " + t.Format("15:04:05")
}

// memberFile is the file as the procedures and knowledge base pages take it.
func (f *file) memberFile() ui.MemberFile {
	return ui.MemberFile{Member: f.m, Cards: f.cards, Cases: f.cases}
}

// tab is one tab of the member page, a component: the page draws the tab
// bar, routes the shared keys (list keys, tab keys, procedures, guidance)
// and hands each tab the file. A new tab is a type and one line in New.
type tab interface {
	name() string                                    // catalog key of its label in the tab bar
	fill(f *file, p part)                            // part of the file changed: make the rows it shows again
	grid() *ui.Grid                                  // what the list keys move; nil: they are off
	view(f *file) string                             // the body under the tab bar
	keys() []*key.Binding                            // its own keys, enabled only while it is shown
	key(msg tea.KeyPressMsg, f *file) (ui.Nav, bool) // one of its own keys
}

// part is what a load brought: a tab makes its rows again only for the
// part it shows, so a cursor stays where it was on every other tab.
type part int

const (
	partCards part = iota // the member and cards
	partData              // cases, letters and history
	partCalls             // calls and held letters
	partStops             // the stopped cards' stop status
)

// listView is a tab's table, or a line saying why there is none.
func listView(f *file, g *ui.Grid, emptyKey string) string {
	if !f.dataLoaded {
		return "  " + f.sh.Styles.Muted.Render(f.sh.Cat.T("member.loading"))
	}
	if g.Len() == 0 {
		return "  " + f.sh.Styles.Muted.Render(f.sh.Cat.T(emptyKey))
	}
	return g.View(f.sh.Styles, true)
}

// noKeys is for a tab with no keys of its own.
type noKeys struct{}

func (noKeys) keys() []*key.Binding                      { return nil }
func (noKeys) key(tea.KeyPressMsg, *file) (ui.Nav, bool) { return ui.Nav{}, false }

// below is how many lines tab t draws under its table (the stop status
// of stopped cards, why a letter is held, a call's note).
func below(t tab, f *file) int {
	if b, ok := t.(interface{ below(*file) int }); ok {
		return b.below(f)
	}
	return 0
}
