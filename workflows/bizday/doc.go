// Package bizday owns the Japanese business-day calendar of the support
// desk: which calendar days are national holidays (国民の祝日, 振替休日 and
// 国民の休日, computed by rule for 1980–2099), which days the office is closed
// (weekends, the year-end closure, extra closed dates), and the arithmetic
// that due dates and ages are built on.
//
// A date here is a calendar day, not an instant: every function reads only
// the year, month and day of the time.Time it is given, as seen in that
// value's own Location, and ignores the clock. Callers pass JST calendar
// days; use [Day] to turn an instant (a timestamp from the clock or the
// database) into its Tokyo calendar day first, so that an event logged at
// 00:30 JST is not counted on the previous day.
//
// The package is pure computation over the standard library: it must not
// read settings, files or the clock. Workflows build a [Calendar] from their
// settings with [New] and ask it questions.
//
// Conventions, the ones the support centre uses:
//
//   - A due date "n business days after" an event is the n-th business day
//     after the event day; the event day itself never counts
//     ([Calendar.AddBusinessDays]).
//   - The age of an item in business days is the number of business days in
//     the half-open interval (received, today] ([Calendar.BusinessDaysBetween]),
//     so an item received on Friday is 1 business day old on Monday.
//
// The two agree: for n ≥ 1, BusinessDaysBetween(d, AddBusinessDays(d, n)) == n.
package bizday
