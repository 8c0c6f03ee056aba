package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui/ui"
)

// suspendedNo is a demo member the search finds by number alone.
var suspendedNo = fixtures.DemoMemberNo["card_suspended"]

// demoStore is a real SQLite file in t.TempDir holding the demo set (the
// console tests in package tui open theirs the same way).
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenWith(ctx, filepath.Join(t.TempDir(), "spdesk.db"), store.OpenOptions{Create: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := fixtures.LoadDemo(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStaleSearchResultIsDropped(t *testing.T) {
	sh := &ui.Shared{Cat: ui.NewCatalog(ui.LangEN), Styles: ui.NewStyles(true), Now: time.Now, Src: demoStore(t)}
	s := New(sh)
	s.SetSize(80, 20)
	s.in.SetValue("佐藤")
	old := s.query()
	s.in.SetValue(suspendedNo)
	fresh := s.query()
	s.Update(fresh())
	s.Update(old()) // answers a query the operator has typed past
	if len(s.hits) != 1 || s.hits[0].Member.No != suspendedNo {
		t.Fatalf("stale answer replaced the fresh one: %+v", s.hits)
	}
}
