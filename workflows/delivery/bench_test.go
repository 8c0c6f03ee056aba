package delivery

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/store/pgtest"
	"spdesk/workflows/loginsvc"
	"spdesk/workflows/webhook"
)

// TestMain stops the PostgreSQL server the benchmark may have started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// BenchmarkCommitToDelivered measures, for 1,000 card suspensions
// committed one per transaction, the time from each commit's return to
// the receiver's acknowledgement, with the deliverer on its own handle
// of the database (as `spdesk events deliver` is: another process, woken
// by its poll, not by the committing process), on a SQLite file and on
// PostgreSQL in one run. It prints p50/p99/max; the issue asks for
// p99 < 1 s.
func BenchmarkCommitToDelivered(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		commitToDelivered(b, "SQLite", func() string { return filepath.Join(b.TempDir(), "spdesk.db") })
	})
	b.Run("postgres", func(b *testing.B) {
		commitToDelivered(b, "PostgreSQL", func() string { return pgtest.URL(b) })
	})
}

func commitToDelivered(b *testing.B, backend string, db func() string) {
	const n = 1000
	for range b.N {
		b.StopTimer()
		d := newDeskAt(b, db(), n)
		other, err := store.Open(d.ctx, d.st.Path())
		if err != nil {
			b.Fatal(err)
		}
		recv := loginsvc.New(secret)
		var mu sync.Mutex
		arrived := map[int64]time.Time{}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			recv.ServeHTTP(w, r)
			id, _ := strconv.ParseInt(r.Header.Get(webhook.HeaderID), 10, 64)
			mu.Lock()
			if _, ok := arrived[id]; !ok {
				arrived[id] = time.Now()
			}
			mu.Unlock()
		}))
		ctx, cancel := context.WithCancel(context.Background())
		dl := New(other, Config{URL: srv.URL, Secret: secret})
		done := make(chan error, 1)
		go func() { done <- dl.Run(ctx, nil) }()
		b.StartTimer()
		committed := make([]time.Time, 0, n)
		var ids []int64
		for i := range n {
			cur := int64(0)
			if len(ids) > 0 {
				cur = ids[len(ids)-1]
			}
			d.suspendAndResume(i, false)
			committed = append(committed, time.Now())
			evs, err := d.st.EventsAfter(d.ctx, cur, 1)
			if err != nil || len(evs) != 1 {
				b.Fatal(evs, err)
			}
			ids = append(ids, evs[0].ID)
			time.Sleep(2 * time.Millisecond) // 1,000 changes in a few seconds: a busy center's hour, squeezed
		}
		for {
			mu.Lock()
			got := len(arrived)
			mu.Unlock()
			if got == n {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		b.StopTimer()
		cancel()
		<-done
		srv.Close()
		other.Close()
		lat := make([]time.Duration, n)
		for i, id := range ids {
			lat[i] = arrived[id].Sub(committed[i])
		}
		slices.Sort(lat)
		p50, p99 := lat[n/2], lat[n*99/100]
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		fmt.Printf("commit-to-delivered, %s, %d events: p50 %v, p99 %v, max %v\n", backend, n, p50.Round(time.Millisecond/10),
			p99.Round(time.Millisecond/10), lat[n-1].Round(time.Millisecond/10))
	}
}
