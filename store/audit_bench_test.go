package store

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// The audit benchmark appends a million rows once into the system temp
// folder (reused while the schema version is the same) and times a whole
// VerifyAudit walk, with the heap it grew, and a filtered page deep in
// the trail. `make bench` runs it.

const benchAuditRows = 1_000_000

// benchKey seals the benchmark trail: verify checks a seal on every row.
var benchKey = make([]byte, AuditKeySize)

func benchAuditDB(b *testing.B) string {
	path := fmt.Sprintf("%s/spdesk-bench-audit-1m-sealed-v%d.db", os.TempDir(), SchemaVersion())
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".partial"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	ctx := context.Background()
	s, err := Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetAuditKey(benchKey); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	const batch = 20_000
	for i := 0; i < benchAuditRows; i += batch {
		err := s.Write(ctx, start.Add(time.Duration(i)*time.Minute), func(tx *Tx) error {
			for j := i; j < i+batch; j++ {
				e := &AuditEvent{Operator: fmt.Sprintf("op%02d", j%40), Action: []string{"lost_card.report",
					"password_reset.issue_password", "case.withdraw", "letter.print_letter"}[j%4],
					Before: `{"state":"opened"}`, After: fmt.Sprintf(`{"state":"closed","n":%d}`, j)}
				if err := tx.AppendAudit(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkVerifyAudit1M(b *testing.B) {
	path := benchAuditDB(b)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.SetAuditKey(benchKey); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		v, err := s.VerifyAudit(ctx)
		if err != nil || v.Status() != AuditIntact || v.Rows != benchAuditRows {
			b.Fatalf("verify: %+v %v", v, err)
		}
		d := time.Since(t0)
		runtime.ReadMemStats(&after)
		b.ReportMetric(d.Seconds(), "s/verify")
		b.ReportMetric(float64(benchAuditRows)/d.Seconds(), "rows/s")
		// Allocated bytes live at the end: a walk that kept rows would
		// hold hundreds of MB here.
		b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "MB-heap-grown")
	}
}

func BenchmarkAuditPageDeep1M(b *testing.B) {
	path := benchAuditDB(b)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f := AuditFilter{Operator: "op06", Action: "case.withdraw"}
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		page, err := s.AuditPage(ctx, f, 10_000, 100) // far back in the trail
		if err != nil || len(page) != 100 {
			b.Fatalf("page: %d rows, %v", len(page), err)
		}
		b.ReportMetric(float64(time.Since(t0).Microseconds()), "µs/page")
		t0 = time.Now()
		n, err := s.CountAuditMatching(ctx, f, 0)
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms/count")
	}
}

// BenchmarkAppendAudit is one change's audit row in its own transaction,
// as workflows write them, with and without the seal: the seal must not
// slow the append noticeably.
func BenchmarkAppendAudit(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		b.Run(map[bool]string{false: "unsealed", true: "sealed"}[sealed], func(b *testing.B) {
			ctx := context.Background()
			s, err := Open(ctx, b.TempDir()+"/a.db")
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if sealed {
				if err := s.SetAuditKey(benchKey); err != nil {
					b.Fatal(err)
				}
			}
			now := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
			b.ResetTimer()
			for i := range b.N {
				if err := s.Write(ctx, now, func(tx *Tx) error {
					return tx.AppendAudit(&AuditEvent{Operator: "op01", Action: "case.withdraw",
						After: fmt.Sprintf(`{"n":%d}`, i)})
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
