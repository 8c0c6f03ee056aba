package store

import (
	"context"
	"testing"
)

// A search on PostgreSQL sets its connection to the generic plan, and
// hands it back to the pool as it found it: the other reads keep
// PostgreSQL's own choice. One connection in the pool, so the search's
// is the one looked at after; every kind of probe, the trigram one too.
func TestSearchLeavesTheReadConnectionAsFound(t *testing.T) {
	s, all := testStoreAt(t, testDBOn(t, true), 30)
	s.read.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{all[0].No, all[0].FamilyName, "綾小路", "蟻ケ崎", "1980-05-05", "佐藤 1980-05-05"} {
		if _, err := s.Search(ctx, q, 50); err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		var mode string
		if err := s.read.QueryRowContext(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil || mode != "auto" {
			t.Fatalf("after Search(%q) the read connection's plan_cache_mode is %q (%v), want auto", q, mode, err)
		}
	}
	// A cancelled search still hands back a connection as found.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s.Search(cctx, "綾小路", 50)
	var mode string
	if err := s.read.QueryRowContext(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil || mode != "auto" {
		t.Fatalf("after a cancelled search plan_cache_mode is %q (%v), want auto", mode, err)
	}
}
