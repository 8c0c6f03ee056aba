package loadtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"spdesk/store/pgtest"
)

// deskEnv makes this test binary one desk of a run in separate
// processes (ServeDesk), as spdesk loadtest --desk-child is.
const deskEnv = "SPDESK_LOADTEST_DESK"

// TestMain serves a desk when started as one, and otherwise runs the
// tests and stops the PostgreSQL server the benchmark started.
func TestMain(m *testing.M) {
	if os.Getenv(deskEnv) == "1" {
		if err := ServeDesk(context.Background(), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(pgtest.Main(m))
}

// BenchmarkLoadtest50Desks is the load figure, side by side: 50
// desks for 60 s, each desk in a process of its own, on a SQLite file and
// on PostgreSQL (the test server: fsync off, so it shows the engine and
// the write lock, not the disk), at the default human pace and with no
// pause at all (stress). It fails when a run's checks fail.
func BenchmarkLoadtest50Desks(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, think := range []time.Duration{DefaultThink, 0} {
			pace := "think=" + think.String()
			if think == 0 {
				pace = "stress"
			}
			b.Run(backend+"/"+pace, func(b *testing.B) {
				db := filepath.Join(b.TempDir(), "load.db")
				if backend == "postgres" {
					db = pgtest.URL(b)
				}
				for range b.N {
					rep, err := Run(context.Background(), Options{DB: db, Desks: 50, Duration: 60 * time.Second,
						Members: 20000, SpoolDir: b.TempDir(), Seed: 1, Think: think,
						Command: []string{os.Args[0]}, Env: []string{deskEnv + "=1"}})
					if err != nil {
						b.Fatal(err)
					}
					if !rep.OK() {
						b.Fatalf("checks failed: %v %v", rep.Problems, rep.ErrorSamples)
					}
					if rep.Processes != 50 {
						b.Fatalf("the desks ran in %d processes, want 50", rep.Processes)
					}
					actions := 0
					var p99 time.Duration
					for _, a := range rep.Actions {
						b.Logf("%-16s %6d  p50 %9s  p99 %9s  conflicts %d", a.Name, a.Count, a.P50, a.P99, a.Conflicts)
						actions += a.Count
						if a.Name != "print_run" {
							p99 = max(p99, a.P99)
						}
					}
					b.ReportMetric(float64(rep.Calls)/rep.Duration.Seconds(), "calls/s")
					b.ReportMetric(float64(actions)/rep.Duration.Seconds(), "actions/s")
					b.ReportMetric(float64(p99.Microseconds())/1000, "worst-p99-ms")
				}
			})
		}
	}
}
