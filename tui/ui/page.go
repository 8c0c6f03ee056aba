package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"spdesk/workflows"
)

// Page is one page of the console, soft-serve's Component shape: the
// root keeps a stack of them, sends keys to the top one and every other
// message to all, and sizes them to the body (window minus shell).
type Page interface {
	Init() tea.Cmd
	Update(tea.Msg) (Page, tea.Cmd)
	View() string // exactly the size last given to SetSize
	SetSize(w, h int)
	Keys() help.KeyMap // the bindings Update obeys right now
	Title() string     // breadcrumb in the shell
	Kind() PageKind    // which page this is: the root opens one of each
	Status() string    // one line for the status bar
	// TakeNav hands the root what the page asked for during its last
	// Update (Nav); every page embeds Asks for it.
	TakeNav() Nav
}

// KeyHolder is a page that holds keys back for a moment: the search while
// an open waits for its answer. The root then gives it the desk keys too,
// so they act in the order they were typed.
type KeyHolder interface{ HoldsKeys() bool }

// Source is what the search screens ask the desk. A small interface keeps
// them honest about being read-only, and lets a test answer with errors.
type Source interface {
	Search(ctx context.Context, q string, limit int) (workflows.SearchResult, error)
	MemberByNo(ctx context.Context, no string) (workflows.Member, error)
	CardsOfMember(ctx context.Context, memberID int64) ([]workflows.Card, error)
	CountMembers(ctx context.Context) (int64, error)
}

// Shared is the state every screen reads (gh-dash's ProgramContext):
// catalog, styles for the current background, the desk and the clock.
// Only Update code changes it.
type Shared struct {
	Src     Source
	DBPath  string
	Cat     Catalog
	Styles  Styles
	Now     func() time.Time
	Members int64 // -1 until counted
	Banner  string

	// Opts holds the workflows service, card readers and tray that the
	// case and card screens use; operator is who acts in workflows.
	Opts     Options
	Operator string
	jobs     int // numbers jobs, so each screen knows its own answer

	// Account is the signed-in operator's account (login, display name,
	// role); zero without sign-in.
	Account workflows.Operator
}

// Fail puts an error on the status line until the next key press. A
// database that could not be reached is said in words, not in the
// driver's (which name sockets and users, and say nothing of what to do).
func (sh *Shared) Fail(key string, err error) {
	why := err.Error()
	if workflows.ConnectionLost(err) {
		why = workflows.Message(err, sh.Cat.Lang())
	}
	sh.Banner = sh.Cat.T("error.prefix") + ": " + sh.Cat.T(key) + ": " + why
}

// QueryTimeout bounds any single store call made for the screen, so a
// stuck query turns into an error banner rather than a frozen screen.
const QueryTimeout = 10 * time.Second
