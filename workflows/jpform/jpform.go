// Package jpform owns how a date, a postal code, a count and an amount of
// yen are written for people: on the console's screens, in the CLI and on
// letters. Each has one form here, so a letter and the screen that
// announces it can never write the same day or price two ways.
//
// The package imports only the standard library and internal/jpdate
// (where dates are read and written: this is its screen form), so
// the console and the CLI may use it as well as the workflows, and the
// forms are the same wherever they are read. What to show for a missing
// value (a dash, a blank) is the caller's to decide, as is the language:
// these are the Japanese forms, and a count's commas are read the same
// in English.
package jpform

import (
	"strconv"
	"time"

	"spdesk/internal/jpdate"
)

// Date writes the calendar day of t, as seen in t's own location, the
// Japanese way: 2026年11月26日. Put an instant in Tokyo first
// (t.In(bizday.Tokyo)) so the day is the desk's.
func Date(t time.Time) string {
	return jpdate.Format(jpdate.Of(t))
}

// DateTime writes the day and the minute of t, in t's own location:
// 2026年11月26日 10:05. It is Date followed by the time of day, so a
// timeline and a date column read as one family.
func DateTime(t time.Time) string {
	return Date(t) + " " + t.Format("15:04")
}

// MonthDay is Date without its year, for a column with no room for one:
// 11月26日. Only for a day the reader knows the year of (the caller
// shows it for a day outside the current year).
func MonthDay(t time.Time) string {
	return strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// MonthDayTime is DateTime without the year: 11月26日 10:05.
func MonthDayTime(t time.Time) string {
	return MonthDay(t) + " " + t.Format("15:04")
}

// Postal writes a postal code as on an envelope: a stored code (seven
// digits) as 〒123-4567. Anything else is shown after the mark as it is,
// so an odd value is seen rather than mended; the caller makes it safe
// to show.
func Postal(p string) string {
	if len(p) != 7 || !digits(p) {
		return "〒" + p
	}
	return "〒" + p[:3] + "-" + p[3:]
}

// Count writes n with a comma between every three digits: 1,234,567.
func Count(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// Yen writes an amount as on a price tag: ¥2,500.
func Yen(n int) string {
	return "¥" + Count(n)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
