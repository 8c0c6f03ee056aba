package workflows

import (
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// TestPromisesAreCalendarDays: what the member is told follows the FAQ's
// words in calendar days ("about 10 days", "3–4 days"), while the due
// dates the queues keep still count business days. On Christmas Day 2026
// (a Friday, before the year-end closure) the two are far apart.
func TestPromisesAreCalendarDays(t *testing.T) {
	e := newEnv(t, 1, 0)
	e.clock.Set(time.Date(2026, 12, 25, 10, 0, 0, 0, jst))
	p := e.svc.Promises()
	want := func(d store.Date, s string) {
		t.Helper()
		if d.String() != s {
			t.Errorf("promised %s, want %s", d, s)
		}
	}
	want(p.Today, "2026-12-25")
	want(p.Card, "2027-01-04")
	want(p.PasswordFrom, "2026-12-28")
	want(p.PasswordTo, "2026-12-29")
	// The internal due dates count business days, and so lie later.
	set := e.svc.Settings()
	if due := e.svc.dueAfter(e.clock.Now(), set.CardDeliveryDays); !due.After(p.Card.Time) {
		t.Errorf("card due %s is not after the promise %s: the due date should count business days", due, p.Card)
	}
	if due := e.svc.dueAfter(e.clock.Now(), set.PasswordLetterDays); !due.After(p.PasswordTo.Time) {
		t.Errorf("letter due %s is not after the promise %s", due, p.PasswordTo)
	}
	for _, tc := range []struct {
		lang, got string
		has       []string
	}{
		{"ja", p.CardPromise("ja"), []string{"約10日", "2027年1月4日"}},
		{"en", p.CardPromise("en"), []string{"about 10 days", "2027-01-04"}},
		{"ja", p.PasswordPromise("ja"), []string{"3〜4日", "2026年12月28日", "2026年12月29日"}},
		{"en", p.PasswordPromise("en"), []string{"3–4 days", "2026-12-28", "2026-12-29"}},
	} {
		for _, h := range tc.has {
			if !strings.Contains(tc.got, h) {
				t.Errorf("%s promise %q lacks %q", tc.lang, tc.got, h)
			}
		}
		if strings.Contains(tc.got, "営業日") || strings.Contains(tc.got, "business") {
			t.Errorf("%s promise %q speaks of business days", tc.lang, tc.got)
		}
	}
}
