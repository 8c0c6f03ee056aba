package tui

// Console speed on a million members (`make bench`): open to first frame,
// and keystroke to redrawn frame with the search's answer on it. The
// figures are printed; plain `go test` never runs them.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/tui/ui"
)

// million returns a 1M-member database, seeded once through the real
// `spdesk seed` path and cached under the system temp folder.
func million(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("spdesk-bench-tui-1m-v%d.db", store.SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".partial"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := fixtures.LoadScale(ctx, s, 1, 1_000_000, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 1,000,000 members in %v", time.Since(start).Round(time.Second))
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// settle runs cmd and every Cmd it batches, feeding their messages back
// into m, but only those that answer within wait: timers such as the
// cursor blink are left out, as a frame never waits on them.
func settle(m tea.Model, cmd tea.Cmd, wait time.Duration) tea.Model {
	pending := []tea.Cmd{cmd}
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		select {
		case msg := <-ch:
			if batch, ok := msg.(tea.BatchMsg); ok {
				pending = append(pending, batch...)
				continue
			}
			if msg == nil {
				continue
			}
			var next tea.Cmd
			m, next = m.Update(msg)
			pending = append(pending, next)
		case <-time.After(wait):
		}
	}
	return m
}

func pct(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func BenchmarkOpenToFirstFrame1M(b *testing.B) {
	path := million(b)
	var times []time.Duration
	for range 20 {
		start := time.Now()
		s, err := store.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: ui.LangJA})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
		m = settle(m, m.Init(), 100*time.Millisecond)
		if v := m.View().Content; !strings.Contains(v, "spdesk") {
			b.Fatal("no frame")
		}
		times = append(times, time.Since(start))
		s.Close()
	}
	b.ReportMetric(float64(pct(times, 0.5).Microseconds())/1000, "p50-ms")
	fmt.Printf("open 1M database to first frame: p50 %v, max %v (target < 200 ms)\n",
		pct(times, 0.5).Round(time.Microsecond*10), pct(times, 1).Round(time.Microsecond*10))
}

func BenchmarkKeystrokeToFrame1M(b *testing.B) {
	path := million(b)
	s, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: ui.LangJA})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	m = settle(m, m.Init(), 100*time.Millisecond)
	// What operators type, one key at a time, then erased again.
	typed := []string{"佐藤花子", "さとう", "ｽｽﾞｷ", "09012", "1000001", "4649", "taro@", "世田谷区"}
	var times []time.Duration
	for range 10 {
		for _, word := range typed {
			for _, r := range word {
				start := time.Now()
				var cmd tea.Cmd
				m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				m = settle(m, cmd, 500*time.Millisecond)
				_ = m.View()
				times = append(times, time.Since(start))
			}
			for range []rune(word) {
				start := time.Now()
				var cmd tea.Cmd
				m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
				m = settle(m, cmd, 500*time.Millisecond)
				_ = m.View()
				times = append(times, time.Since(start))
			}
		}
	}
	rss := "?"
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				rss = strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
			}
		}
	}
	b.ReportMetric(float64(pct(times, 0.99).Microseconds())/1000, "p99-ms")
	fmt.Printf("keystroke to redrawn frame with the answer, 1M members, %d keys: p50 %v, p99 %v, max %v (target < 16 ms); RSS %s (target < 60 MB)\n",
		len(times), pct(times, 0.5).Round(time.Microsecond*10), pct(times, 0.99).Round(time.Microsecond*10),
		pct(times, 1).Round(time.Microsecond*10), rss)
}
