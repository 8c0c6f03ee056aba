package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"spdesk/workflows"
)

// screen is one page of the console, soft-serve's Component shape: the
// root keeps a stack of them, sends keys to the top one and every other
// message to all, and sizes them to the body (window minus shell).
type screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (screen, tea.Cmd)
	View() string // exactly the size last given to SetSize
	SetSize(w, h int)
	Keys() help.KeyMap // the bindings Update obeys right now
	Title() string     // breadcrumb in the shell
	Status() string    // one line for the status bar
	// takeNav hands the root what the screen asked for during its last
	// Update (router.go); every screen embeds asks for it.
	takeNav() nav
}

// source is what the search screens ask the desk. A small interface keeps
// them honest about being read-only, and lets a test answer with errors.
type source interface {
	Search(ctx context.Context, q string, limit int) (workflows.SearchResult, error)
	MemberByNo(ctx context.Context, no string) (workflows.Member, error)
	CardsOfMember(ctx context.Context, memberID int64) ([]workflows.Card, error)
	CountMembers(ctx context.Context) (int64, error)
}

// shared is the state every screen reads (gh-dash's ProgramContext):
// catalog, styles for the current background, the desk and the clock.
// Only Update code changes it.
type shared struct {
	src     source
	dbPath  string
	cat     Catalog
	st      styles
	now     func() time.Time
	members int64 // -1 until counted
	banner  string

	// opts holds the workflows service, card readers and tray that the
	// case and card screens use; operator is who acts in workflows.
	opts     Options
	operator string
	jobs     int // numbers jobs, so each screen knows its own answer

	// account is the signed-in operator's account (login, display name,
	// role); zero without sign-in.
	account workflows.Operator
}

// fail puts an error on the status line until the next key press.
func (sh *shared) fail(key string, err error) {
	sh.banner = sh.cat.T("error.prefix") + ": " + sh.cat.T(key) + ": " + err.Error()
}

// queryTimeout bounds any single store call made for the screen, so a
// stuck query turns into an error banner rather than a frozen screen.
const queryTimeout = 10 * time.Second
