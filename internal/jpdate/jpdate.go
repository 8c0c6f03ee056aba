// Package jpdate owns reading and writing calendar dates the ways people
// in Japan write them: 1993-05-19, 1993/5/19, 19930519, 1993年5月19日,
// 平成5年5月19日, H5.5.19, 令和元年5月1日. The search box reads birth
// dates with it and forms read dates with it, so a date typed anywhere is
// understood the same way.
//
// Standard library only, so store, workflows and the console may all use
// it. Errors say what is wrong with the text in English for logs; callers
// that speak to operators map the Reason to their own catalog.
package jpdate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Date is a calendar day with no time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Of is the calendar day of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Time is midnight UTC of the day.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is the ISO form, 1993-05-19.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Before tells whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.String() < e.String() }

// Era is one of the Japanese eras a living person's date can fall in.
type Era struct {
	Name   string // 平成
	Letter byte   // 'H', as in H5.5.19
	Start  Date   // its first day (元年 begins here)
}

// Eras from the first in which Japan used the Gregorian calendar: Meiji
// dates before 明治6年 (1873) were lunar and are not read.
var Eras = []Era{
	{"明治", 'M', Date{1873, 1, 1}},
	{"大正", 'T', Date{1912, 7, 30}},
	{"昭和", 'S', Date{1926, 12, 25}},
	{"平成", 'H', Date{1989, 1, 8}},
	{"令和", 'R', Date{2019, 5, 1}},
}

// meijiFirstYear is the Gregorian year of 明治元年.
const meijiFirstYear = 1868

func (e Era) firstYear() int {
	if e.Letter == 'M' {
		return meijiFirstYear
	}
	return e.Start.Year
}

// EraOf is the era d falls in; ok is false before 1873.
func EraOf(d Date) (e Era, year int, ok bool) {
	for i := len(Eras) - 1; i >= 0; i-- {
		if !d.Before(Eras[i].Start) {
			return Eras[i], d.Year - Eras[i].firstYear() + 1, true
		}
	}
	return Era{}, 0, false
}

// Format writes d the Japanese way: 1993年5月19日.
func Format(d Date) string {
	return strconv.Itoa(d.Year) + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

// FormatEra writes d in its era: 平成5年5月19日, 令和元年5月1日. A day
// before the eras are read is written as Format does.
func FormatEra(d Date) string {
	e, y, ok := EraOf(d)
	if !ok {
		return Format(d)
	}
	ys := strconv.Itoa(y)
	if y == 1 {
		ys = "元"
	}
	return e.Name + ys + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

// Reason says why a text is not a date.
type Reason int

const (
	// NotADate: the text has no date shape at all.
	NotADate Reason = iota
	// NoSuchDay: the shape is a date's but the calendar has no such day
	// (2023-02-29, 4月31日).
	NoSuchDay
	// OutsideEra: the day exists but not in the era named (平成31年5月1日
	// is 令和元年5月1日; 平成0年).
	OutsideEra
)

// Error is why Parse refused a text.
type Error struct {
	Input  string
	Reason Reason
	Era    Era // for OutsideEra: the era named
}

func (e *Error) Error() string {
	switch e.Reason {
	case NoSuchDay:
		return fmt.Sprintf("%q: there is no such day in the calendar", e.Input)
	case OutsideEra:
		last := "today"
		for i, x := range Eras {
			if x.Name == e.Era.Name && i+1 < len(Eras) {
				last = Date{Eras[i+1].Start.Year, Eras[i+1].Start.Month, Eras[i+1].Start.Day - 1}.normal().String()
			}
		}
		return fmt.Sprintf("%q: %s runs from %s to %s", e.Input, e.Era.Name, e.Era.Start, last)
	}
	return fmt.Sprintf("%q: not a date (write 1993-05-19, 1993/5/19, 19930519, 平成5年5月19日 or H5.5.19)", e.Input)
}

// ErrNotADate matches any *Error with errors.Is.
var ErrNotADate = errors.New("not a date")

func (e *Error) Is(target error) bool { return target == ErrNotADate }

func (d Date) normal() Date { return Of(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)) }

// valid tells whether the calendar has the day.
func (d Date) valid() bool {
	return d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.normal() == d
}

// Parse reads a date in any of the forms the package doc lists, with
// full-width digits and spaces around it allowed. Years are four digits
// (1000-9999) or an era year; 元年 is year 1.
func Parse(s string) (Date, error) {
	in := s
	s = strings.TrimSpace(halfWidth(s))
	fail := func(r Reason) (Date, error) { return Date{}, &Error{Input: in, Reason: r} }
	era, rest, hasEra := eraPrefix(s)
	nums, ok := splitNums(rest, hasEra)
	if !ok || len(nums) != 3 {
		// Compact: 19930519.
		if !hasEra && len(s) == 8 && allDigits(s) {
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			dt := Date{y, time.Month(m), d}
			if !dt.valid() {
				return fail(NoSuchDay)
			}
			return dt, nil
		}
		return fail(NotADate)
	}
	y, m, d := nums[0], nums[1], nums[2]
	if hasEra {
		if y < 1 || y > 99 {
			return Date{}, &Error{Input: in, Reason: OutsideEra, Era: era}
		}
		y += era.firstYear() - 1
	} else if y < 1000 || y > 9999 {
		return fail(NotADate)
	}
	dt := Date{y, time.Month(m), d}
	if !dt.valid() {
		return fail(NoSuchDay)
	}
	if hasEra {
		if e, _, ok := EraOf(dt); !ok || e.Name != era.Name {
			return Date{}, &Error{Input: in, Reason: OutsideEra, Era: era}
		}
	}
	return dt, nil
}

// halfWidth turns full-width digits, letters and punctuation into ASCII
// and ideographic spaces into plain ones (the part of NFKC dates need,
// without importing x/text).
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// eraPrefix strips an era name or letter (平成, H, h).
func eraPrefix(s string) (Era, string, bool) {
	for _, e := range Eras {
		if r, ok := strings.CutPrefix(s, e.Name); ok {
			return e, strings.TrimSpace(r), true
		}
		if len(s) > 1 && (s[0] == e.Letter || s[0] == e.Letter+'a'-'A') && s[1] >= '0' && s[1] <= '9' {
			return e, s[1:], true
		}
	}
	return Era{}, s, false
}

// splitNums reads "1993-05-19", "1993/5/19", "1993.5.19", "1993年5月19日"
// (and 元年 after an era) as three numbers.
func splitNums(s string, era bool) ([]int, bool) {
	if era {
		s = strings.Replace(s, "元", "1", 1)
	}
	var kanjiForm bool
	if strings.ContainsAny(s, "年月日") {
		kanjiForm = true
		if !strings.HasSuffix(s, "日") {
			return nil, false
		}
		s = strings.TrimSuffix(s, "日")
		s = strings.Replace(s, "年", "-", 1)
		s = strings.Replace(s, "月", "-", 1)
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	sep := strings.IndexFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if sep < 0 || len(fields) != 3 {
		return nil, false
	}
	// One kind of separator, used twice, and nothing doubled ("1993--5").
	if !kanjiForm && (strings.Count(s, string(s[sep])) != 2 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2) {
		return nil, false
	}
	out := make([]int, 3)
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" || len(f) > 4 || !allDigits(f) {
			return nil, false
		}
		out[i], _ = strconv.Atoi(f)
	}
	return out, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) || r > '9' {
			return false
		}
	}
	return s != ""
}
