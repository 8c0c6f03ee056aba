package bizday

import (
	"testing"
	"time"
)

func mustNew(t testing.TB, opts Options) *Calendar {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	return c
}

func TestAddBusinessDays(t *testing.T) {
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"business day, n=0 is itself", day(2025, time.June, 6), 0, day(2025, time.June, 6)},
		{"Saturday, n=0 rolls forward", day(2025, time.June, 7), 0, day(2025, time.June, 9)},
		{"Friday +1 skips the weekend", day(2025, time.June, 6), 1, day(2025, time.June, 9)},
		{"Saturday +1: the event day never counts", day(2025, time.June, 7), 1, day(2025, time.June, 9)},
		{"Friday +5 is the next Friday", day(2025, time.June, 6), 5, day(2025, time.June, 13)},
		{"Happy Monday", day(2024, time.January, 5), 1, day(2024, time.January, 9)},
		{"before Golden Week", day(2026, time.April, 28), 1, day(2026, time.April, 30)},
		{"across Golden Week and its substitute", day(2026, time.May, 1), 1, day(2026, time.May, 7)},
		{"across Silver Week and its 国民の休日", day(2026, time.September, 18), 1, day(2026, time.September, 24)},
		{"Friday before the closure: Monday 28 Dec is open", day(2026, time.December, 25), 1, day(2026, time.December, 28)},
		{"across the year-end closure", day(2026, time.December, 28), 1, day(2027, time.January, 4)},
		{"inside the closure", day(2026, time.December, 30), 0, day(2027, time.January, 4)},
		{"closure then weekend", day(2024, time.December, 27), 1, day(2025, time.January, 6)},
		{"backwards across the closure", day(2027, time.January, 4), -1, day(2026, time.December, 28)},
		{"backwards across Golden Week", day(2026, time.May, 7), -1, day(2026, time.May, 1)},
		{"backwards from a Sunday", day(2025, time.June, 8), -1, day(2025, time.June, 6)},
	}
	cal := mustNew(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.AddBusinessDays(tt.from, tt.n)
			if !got.Equal(tt.want) {
				t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tt.from.Format(time.DateOnly), tt.n,
					got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
			}
		})
	}
}

func TestBusinessDaysBetween(t *testing.T) {
	tests := []struct {
		a, b time.Time
		want int
	}{
		{day(2025, time.June, 6), day(2025, time.June, 6), 0},
		{day(2025, time.June, 6), day(2025, time.June, 7), 0}, // received Friday, seen Saturday
		{day(2025, time.June, 6), day(2025, time.June, 9), 1}, // received Friday, seen Monday
		{day(2025, time.June, 7), day(2025, time.June, 9), 1}, // received Saturday
		{day(2025, time.June, 9), day(2025, time.June, 6), -1},
		{day(2026, time.April, 28), day(2026, time.May, 7), 3}, // 30 Apr, 1 May, 7 May
		{day(2026, time.December, 28), day(2027, time.January, 4), 1},
		// 261 weekdays - 16 weekday holidays - 5 closure weekdays (2 Jan, 29 Dec – 1 Jan)
		{day(2026, time.January, 1), day(2027, time.January, 1), 240},
	}
	cal := mustNew(t, Options{})
	for _, tt := range tests {
		if got := cal.BusinessDaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("BusinessDaysBetween(%s, %s) = %d, want %d",
				tt.a.Format(time.DateOnly), tt.b.Format(time.DateOnly), got, tt.want)
		}
	}
}

// TestConventionsAgree checks the promise in the package doc on every day
// of a few years: a due date n business days out is n business days old.
func TestConventionsAgree(t *testing.T) {
	cal := mustNew(t, Options{})
	for d := day(2024, time.December, 1); d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		for _, n := range []int{1, 2, 4, 10, 14} {
			due := cal.AddBusinessDays(d, n)
			if got := cal.BusinessDaysBetween(d, due); got != n {
				t.Fatalf("BusinessDaysBetween(%s, AddBusinessDays(_, %d) = %s) = %d",
					d.Format(time.DateOnly), n, due.Format(time.DateOnly), got)
			}
			if !cal.IsBusinessDay(due) {
				t.Fatalf("AddBusinessDays(%s, %d) = %s, not a business day", d.Format(time.DateOnly), n, due.Format(time.DateOnly))
			}
			if back := cal.AddBusinessDays(due, -n); cal.IsBusinessDay(d) && !back.Equal(d) {
				t.Fatalf("AddBusinessDays(%s, %d) then back = %s", d.Format(time.DateOnly), n, back.Format(time.DateOnly))
			}
		}
		if next := cal.NextBusinessDay(d); !next.Equal(cal.AddBusinessDays(d, 1)) {
			t.Fatalf("NextBusinessDay(%s) = %s", d.Format(time.DateOnly), next.Format(time.DateOnly))
		}
	}
}

func TestIsBusinessDay(t *testing.T) {
	tests := []struct {
		d    time.Time
		want bool
	}{
		{day(2026, time.May, 1), true},
		{day(2026, time.May, 2), false}, // Saturday
		{day(2026, time.May, 6), false}, // 振替休日
		{day(2026, time.May, 7), true},  //
		{day(2026, time.December, 28), true},
		{day(2026, time.December, 29), false}, // closure
		{day(2027, time.January, 4), true},
		{day(1979, time.June, 1), true}, // outside the holiday range: weekdays are open
	}
	cal := mustNew(t, Options{})
	for _, tt := range tests {
		if got := cal.IsBusinessDay(tt.d); got != tt.want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", tt.d.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestOptions(t *testing.T) {
	t.Run("no year-end closure", func(t *testing.T) {
		cal := mustNew(t, Options{NoYearEnd: true})
		if !cal.IsBusinessDay(day(2026, time.December, 29)) {
			t.Error("29 Dec 2026 closed without a closure")
		}
		if cal.IsBusinessDay(day(2026, time.January, 1)) {
			t.Error("元日 open without a closure")
		}
		if got := cal.AddBusinessDays(day(2026, time.December, 28), 1); !got.Equal(day(2026, time.December, 29)) {
			t.Errorf("AddBusinessDays = %s", got.Format(time.DateOnly))
		}
	})
	t.Run("custom closure across New Year", func(t *testing.T) {
		cal := mustNew(t, Options{YearEnd: Closure{MonthDay{time.December, 28}, MonthDay{time.January, 4}}})
		if cal.IsBusinessDay(day(2026, time.December, 28)) || cal.IsBusinessDay(day(2027, time.January, 4)) {
			t.Error("closure ends not closed")
		}
		if !cal.IsBusinessDay(day(2027, time.January, 5)) {
			t.Error("5 Jan 2027 closed")
		}
	})
	t.Run("closure within a year", func(t *testing.T) {
		cal := mustNew(t, Options{YearEnd: Closure{MonthDay{time.August, 13}, MonthDay{time.August, 15}}})
		if cal.IsBusinessDay(day(2025, time.August, 13)) || !cal.IsBusinessDay(day(2025, time.August, 18)) {
			t.Error("お盆 closure wrong")
		}
		if !cal.IsBusinessDay(day(2025, time.December, 30)) {
			t.Error("a custom closure must replace the default one")
		}
	})
	t.Run("extra closed days", func(t *testing.T) {
		// A UTC midnight names the same calendar day: only Y/M/D count.
		cal := mustNew(t, Options{Closed: []time.Time{time.Date(2025, time.June, 9, 0, 0, 0, 0, time.UTC)}})
		if got := cal.AddBusinessDays(day(2025, time.June, 6), 1); !got.Equal(day(2025, time.June, 10)) {
			t.Errorf("AddBusinessDays = %s, want 2025-06-10", got.Format(time.DateOnly))
		}
	})
	t.Run("invalid closures", func(t *testing.T) {
		for _, c := range []Closure{
			{MonthDay{time.February, 30}, MonthDay{time.March, 1}},
			{MonthDay{13, 1}, MonthDay{time.January, 3}},
			{MonthDay{time.December, 29}, MonthDay{time.January, 0}},
			{MonthDay{time.January, 1}, MonthDay{time.December, 31}},
			{MonthDay{time.March, 1}, MonthDay{time.February, 28}}, // open only on 29 Feb
		} {
			if _, err := New(Options{YearEnd: c}); err == nil {
				t.Errorf("New accepted closure %v to %v", c.Start, c.End)
			}
		}
	})
}

func TestDatesNotInstants(t *testing.T) {
	cal := mustNew(t, Options{})
	late := time.Date(2026, time.May, 1, 23, 59, 0, 0, Tokyo)
	if got := cal.AddBusinessDays(late, 1); !got.Equal(day(2026, time.May, 7)) {
		t.Errorf("clock not ignored: %v", got)
	}
	utc := time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC)
	got := cal.AddBusinessDays(utc, 1)
	if got.Location() != time.UTC || got.Format(time.DateOnly) != "2026-05-07" {
		t.Errorf("AddBusinessDays in UTC = %v, want 2026-05-07 in UTC", got)
	}
	if name, kind, ok := cal.Holiday(time.Date(2026, time.May, 6, 0, 0, 0, 0, time.UTC)); !ok || name != "振替休日" || kind != KindSubstitute {
		t.Errorf("Holiday in UTC = %q, %v, %v", name, kind, ok)
	}
}

func TestDay(t *testing.T) {
	// 00:30 JST on New Year's Day is still 31 December in UTC.
	instant := time.Date(2024, time.December, 31, 15, 30, 0, 0, time.UTC)
	if got := Day(instant, nil); !got.Equal(day(2025, time.January, 1)) || got.Location() != Tokyo {
		t.Errorf("Day(nil) = %v, want 2025-01-01 in Tokyo", got)
	}
	if got := Day(instant, time.UTC); !got.Equal(time.Date(2024, time.December, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Day(UTC) = %v", got)
	}
	if _, off := instant.In(Tokyo).Zone(); off != 9*60*60 {
		t.Errorf("Tokyo offset = %d", off)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindHoliday: "holiday", KindSubstitute: "substitute", KindCitizens: "citizens", 0: "Kind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

func BenchmarkAddBusinessDays(b *testing.B) {
	cal := mustNew(b, Options{})
	d := day(2026, time.December, 25)
	for b.Loop() {
		cal.AddBusinessDays(d, 10)
	}
}

func BenchmarkBusinessDaysBetweenYear(b *testing.B) {
	cal := mustNew(b, Options{})
	from, to := day(2026, time.January, 1), day(2027, time.January, 1)
	for b.Loop() {
		cal.BusinessDaysBetween(from, to)
	}
}
