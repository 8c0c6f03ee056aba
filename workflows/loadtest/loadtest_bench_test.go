package loadtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// TestMain stops the PostgreSQL server the benchmark started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// BenchmarkLoadtest50Desks is the load figure, side by side: 50
// desks for 60 s on a SQLite file and on PostgreSQL (the test server:
// fsync off, so it shows the engine and the write lock, not the disk).
// It fails when a run's checks fail.
func BenchmarkLoadtest50Desks(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			db := filepath.Join(b.TempDir(), "load.db")
			if backend == "postgres" {
				db = pgtest.URL(b)
			}
			for range b.N {
				rep, err := Run(context.Background(), Options{DB: db, Desks: 50, Duration: 60 * time.Second,
					Members: 20000, SpoolDir: b.TempDir(), Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				if !rep.OK() {
					b.Fatalf("checks failed: %v %v", rep.Problems, rep.ErrorSamples)
				}
				b.ReportMetric(float64(rep.Calls)/rep.Duration.Seconds(), "calls/s")
				var p99 time.Duration
				for _, a := range rep.Actions {
					b.Logf("%-16s %6d  p50 %9s  p99 %9s  conflicts %d", a.Name, a.Count, a.P50, a.P99, a.Conflicts)
					if a.Name != "print_run" {
						p99 = max(p99, a.P99)
					}
				}
				b.ReportMetric(float64(p99.Microseconds())/1000, "worst-p99-ms")
			}
		})
	}
}
