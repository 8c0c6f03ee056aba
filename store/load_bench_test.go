package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkLoad100k seeds 100,000 generated members into a fresh file:
// the seed rate `spdesk seed` gets, without the million-member wait.
func BenchmarkLoad100k(b *testing.B) {
	for b.Loop() {
		ctx := context.Background()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "load.db"))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		l, err := s.NewLoader(ctx, WithPhase(func(p string) { b.Logf("%s at %v", p, time.Since(start)) }))
		if err != nil {
			b.Fatal(err)
		}
		for i := 1; i <= 100_000; i++ {
			m, cards := genMember(1, i)
			if err := l.Add(&m, cards); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.Finish(); err != nil {
			b.Fatal(err)
		}
		b.Logf("total %v", time.Since(start))
		s.Close()
	}
}
