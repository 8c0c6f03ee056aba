package bizday

import (
	"fmt"
	"time"
)

// MonthDay is a day of the year without a year, such as 29 December.
type MonthDay struct {
	Month time.Month
	Day   int
}

func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// key orders month-days within a year: 1229 for 29 December.
func (md MonthDay) key() int { return int(md.Month)*100 + md.Day }

func (md MonthDay) valid() bool {
	if md.Month < time.January || md.Month > time.December || md.Day < 1 {
		return false
	}
	// A leap year, so that 29 February is accepted; in other years a closure
	// bound on it simply never matches that day.
	return md.Day <= time.Date(2000, md.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Closure is a yearly closed period, both ends included. When Start comes
// after End in the year it wraps across New Year, like the default
// 29 December – 3 January.
type Closure struct {
	Start, End MonthDay
}

// DefaultYearEnd is the usual year-end closure of Japanese offices,
// 29 December to 3 January inclusive.
var DefaultYearEnd = Closure{
	Start: MonthDay{time.December, 29},
	End:   MonthDay{time.January, 3},
}

func (c Closure) contains(d date) bool {
	_, m, day := d.civil()
	k := MonthDay{m, day}.key()
	s, e := c.Start.key(), c.End.key()
	if s <= e {
		return s <= k && k <= e
	}
	return k >= s || k <= e
}

// Options configure a Calendar. The zero value is the usual office: weekends,
// national holidays and the default year-end closure.
type Options struct {
	// YearEnd is the yearly closure; the zero Closure means DefaultYearEnd.
	YearEnd Closure
	// NoYearEnd turns the yearly closure off altogether.
	NoYearEnd bool
	// Closed lists further days the office is closed (a move, a system
	// cut-over). Only their year, month and day are read.
	Closed []time.Time
}

// Calendar answers business-day questions for one office configuration.
// It is immutable after New and safe for concurrent use.
//
// A business day is a Monday to Friday that is not a national holiday (of any
// Kind), not inside the yearly closure and not an extra closed day. Outside
// MinYear..MaxYear no national holidays are known, so only weekends and
// closures apply there.
type Calendar struct {
	yearEnd    Closure
	hasYearEnd bool
	closed     map[date]bool
}

// New returns a Calendar for opts. It fails only on an invalid closure: a
// month-day that does not exist, or a period that leaves no day of the year
// open (which would make the search for a business day endless).
func New(opts Options) (*Calendar, error) {
	c := &Calendar{hasYearEnd: !opts.NoYearEnd, closed: make(map[date]bool, len(opts.Closed))}
	if c.hasYearEnd {
		c.yearEnd = opts.YearEnd
		if c.yearEnd == (Closure{}) {
			c.yearEnd = DefaultYearEnd
		}
		if !c.yearEnd.Start.valid() || !c.yearEnd.End.valid() {
			return nil, fmt.Errorf("bizday: invalid year-end closure %v to %v", c.yearEnd.Start, c.yearEnd.End)
		}
		if c.closesWholeYear() {
			return nil, fmt.Errorf("bizday: year-end closure %v to %v leaves no day open", c.yearEnd.Start, c.yearEnd.End)
		}
	}
	for _, t := range opts.Closed {
		c.closed[dateOf(t)] = true
	}
	return c, nil
}

// closesWholeYear checks a common year: a closure that spares only
// 29 February would still stall every other year.
func (c *Calendar) closesWholeYear() bool {
	for d := civilDate(2001, time.January, 1); d < civilDate(2002, time.January, 1); d++ {
		if !c.yearEnd.contains(d) {
			return false
		}
	}
	return true
}

func (c *Calendar) isBusiness(d date) bool {
	if wd := d.weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if _, ok := holidays().byDate[d]; ok {
		return false
	}
	if c.hasYearEnd && c.yearEnd.contains(d) {
		return false
	}
	return !c.closed[d]
}

// IsBusinessDay reports whether the office is open on calendar day d.
func (c *Calendar) IsBusinessDay(d time.Time) bool {
	return c.isBusiness(dateOf(d))
}

// Holiday reports whether d is a national day off and, if so, its Japanese
// name and Kind. It says nothing about weekends or closures, which are the
// office's choice rather than the law's; use IsBusinessDay for those.
func (c *Calendar) Holiday(d time.Time) (name string, kind Kind, ok bool) {
	h, ok := holidays().byDate[dateOf(d)]
	return h.name, h.kind, ok
}

// HolidaysIn returns the national days off of year in date order, dated at
// midnight in Tokyo; nil outside MinYear..MaxYear. The slice is the
// caller's to keep.
func (c *Calendar) HolidaysIn(year int) []Holiday {
	if year < MinYear || year > MaxYear {
		return nil
	}
	hs := holidays().byYear[year-MinYear]
	out := make([]Holiday, len(hs))
	for i, h := range hs {
		out[i] = Holiday{Date: h.date.in(Tokyo), Name: h.name, Kind: h.kind}
	}
	return out
}

// NextBusinessDay returns the first business day strictly after d, as
// midnight in d's Location.
func (c *Calendar) NextBusinessDay(d time.Time) time.Time {
	return c.AddBusinessDays(d, 1)
}

// AddBusinessDays returns the due date n business days after the event day
// d, as midnight in d's Location.
//
// The event day never counts, whether or not it is a business day: for
// n ≥ 1 the result is the n-th business day strictly after d, so an event on
// Friday with n = 1 is due on Monday, and an event on Saturday with n = 1 is
// also due on Monday. n = 0 means "due the same day": d itself if it is a
// business day, otherwise the next one. A negative n counts back: the |n|-th
// business day strictly before d.
func (c *Calendar) AddBusinessDays(d time.Time, n int) time.Time {
	day := dateOf(d)
	switch {
	case n == 0:
		for !c.isBusiness(day) {
			day++
		}
	case n > 0:
		for n > 0 {
			day++
			if c.isBusiness(day) {
				n--
			}
		}
	default:
		for n < 0 {
			day--
			if c.isBusiness(day) {
				n++
			}
		}
	}
	return day.in(d.Location())
}

// BusinessDaysBetween returns how many business days lie in (a, b]: a's day
// excluded, b's day included. That is the age, in business days, of an item
// received on a as seen on b: received Friday, 1 on Monday, 0 on Saturday.
// When b is before a the count for (b, a] is returned negated, so the result
// always undoes AddBusinessDays for n ≥ 1.
func (c *Calendar) BusinessDaysBetween(a, b time.Time) int {
	from, to := dateOf(a), dateOf(b)
	sign := 1
	if to < from {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if c.isBusiness(d) {
			n++
		}
	}
	return sign * n
}
