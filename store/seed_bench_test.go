package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"spdesk/fixtures"
	"spdesk/store"
)

// BenchmarkSeedFixtures200k is `spdesk seed` at a fifth of the size: the
// fixtures generator feeding the Loader into a fresh file.
func BenchmarkSeedFixtures200k(b *testing.B) {
	for b.Loop() {
		ctx := context.Background()
		s, err := store.Open(ctx, filepath.Join(b.TempDir(), "seed.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := fixtures.LoadScale(ctx, s, 1, 200_000, nil); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
