package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The queue benchmark seeds 100,000 members with one open case each (plus
// 30,000 closed ones for the sparklines) once into the system temp folder,
// then prints p50/p99 of what the queue screens ask per keystroke: the
// summary, the 30-day flow, a first page, a deep page and a filtered page.

const benchOpenCases = 100_000

var benchQueueStates = []struct {
	t       CaseType
	st      CaseState
	waiting string
}{
	{CaseLostCard, StateCardSuspended, "us"}, {CaseLostCard, StateReissueOrdered, "us"},
	{CaseLostCard, StateCardShipped, "mail"}, {CaseBrokenCard, StateFormMailed, "member"},
	{CaseBrokenCard, StateFormReceived, "us"}, {CasePasswordReset, StateOpened, "us"},
	{CasePasswordReset, StateLetterMailed, "mail"}, {CaseNameChange, StateFormMailed, "member"},
	{CaseCancellation, StateFormReceived, "us"}, {CaseContactChange, StateOpened, "us"},
}

func benchQueueDB(b *testing.B) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("spdesk-bench-queues-100k-v%d-2.db", SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".partial"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	ctx := context.Background()
	start := time.Now()
	s, err := Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	l, err := s.NewLoader(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= benchOpenCases; i++ {
		m, cards := genMember(2, i)
		if err := l.Add(&m, cards); err != nil {
			b.Fatal(err)
		}
	}
	if err := l.Finish(); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(6, 100))
	err = s.Write(ctx, now, func(tx *Tx) error {
		stmt, err := tx.tx.Prepare(`INSERT INTO cases (type, state, member_id, waiting_on, due_on, opened_by,
			assigned_to, opened_at, updated_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 1; i <= benchOpenCases*13/10; i++ {
			q := benchQueueStates[rng.IntN(len(benchQueueStates))]
			opened := now.Add(-time.Duration(rng.IntN(90*24*60)) * time.Minute)
			due := opened.AddDate(0, 0, 2+rng.IntN(20)).Format(time.DateOnly)
			closed, st := "", q.st
			if i > benchOpenCases {
				closed, st = fmtTime(opened.Add(time.Duration(rng.IntN(10*24))*time.Hour)), StateClosed
			}
			op := fmt.Sprintf("op%02d", rng.IntN(40))
			if _, err := stmt.Exec(q.t, st, (i-1)%benchOpenCases+1, q.waiting, due, op, op, fmtTime(opened),
				fmtTime(opened), closed); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d open cases in %v", benchOpenCases, time.Since(start).Round(time.Millisecond))
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkQueues100k(b *testing.B) {
	path := benchQueueDB(b)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	today, soon := MakeDate(2026, 11, 26), MakeDate(2026, 11, 30)
	big := QueueQuery{Type: CaseLostCard, State: StateCardSuspended, Sort: SortDue, Limit: 20}
	deep := big
	deep.Sort, deep.Offset = SortAge, 5000
	filtered := big
	filtered.Filter = "op07"
	byName := big
	byName.Filter = "やまだ"
	byNo := big // the first 8 of 10 digits, as an operator types them
	if err := s.read.QueryRowContext(ctx, `SELECT substr(member_no, 1, 8) FROM members WHERE id = 54321`).Scan(&byNo.Filter); err != nil {
		b.Fatal(err)
	}
	runs := []struct {
		name string
		fn   func() error
	}{
		{"summary", func() error { _, err := s.QueueSummary(ctx, today, soon); return err }},
		{"flow 30 days", func() error {
			_, err := s.CaseFlow(ctx, time.Date(2026, 10, 28, 0, 0, 0, 0, time.FixedZone("JST", 9*3600)), 30)
			return err
		}},
		{"page 1 by due", func() error { _, _, err := s.QueuePage(ctx, big); return err }},
		{"page at 5000 by age", func() error { _, _, err := s.QueuePage(ctx, deep); return err }},
		{"filter: assignee", func() error { _, _, err := s.QueuePage(ctx, filtered); return err }},
		{"filter: name", func() error { _, _, err := s.QueuePage(ctx, byName); return err }},
		{"filter: member no", func() error { _, _, err := s.QueuePage(ctx, byNo); return err }},
	}
	var out strings.Builder
	fmt.Fprintf(&out, "queue screen queries at %d open cases\n%-22s %9s %9s\n", benchOpenCases, "query", "p50", "p99")
	for _, r := range runs {
		if err := r.fn(); err != nil { // warm the cache
			b.Fatalf("%s: %v", r.name, err)
		}
		var ds []time.Duration
		for range 100 {
			t := time.Now()
			if err := r.fn(); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
		}
		fmt.Fprintf(&out, "%-22s %9s %9s\n", r.name, ms(pct(ds, 50)), ms(pct(ds, 99)))
		b.ReportMetric(float64(pct(ds, 99))/1e6, strings.ReplaceAll(r.name, " ", "_")+"_p99_ms")
	}
	b.Log(out.String())
	fmt.Print(out.String())
}
