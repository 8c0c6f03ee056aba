package tui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"spdesk/fixtures"
	"spdesk/fixtures/demodesk"
	"spdesk/store"
	"spdesk/workflows"
)

// testNow is the clock of every test: the day the demo set is built
// around, so its expired and valid cards are what fixtures says.
var testNow = demodesk.Now

// openTestStore gives each test its own real SQLite file in t.TempDir
// holding the demo set.
func openTestStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "spdesk.db")
	s, err := store.OpenWith(ctx, path, store.OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := fixtures.LoadDemo(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Showcase members the tests rely on (fixtures/showcase.go).
var (
	suspendedNo = fixtures.DemoMemberNo["card_suspended"] // 鈴木 一郎, card suspended
	manyCardsNo = fixtures.DemoMemberNo["many_cards"]     // 小林 直樹, one card expired
)

// deskOn is the desk on s for a console test that has no service of its
// own: reads only, on the tests' clock.
func deskOn(s *store.Store) workflows.Desk {
	svc, err := workflows.New(s, workflows.WithClock(workflows.ClockFunc(func() time.Time { return testNow })))
	if err != nil {
		panic(err)
	}
	return svc
}
