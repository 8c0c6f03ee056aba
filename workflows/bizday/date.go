package bizday

import "time"

// Tokyo is the Asia/Tokyo location. When the system has no time zone
// database it falls back to a fixed UTC+9 zone named "JST", which is exact:
// Japan has not observed daylight saving time since 1951. A fallback keeps
// this library from importing time/tzdata, a choice left to main packages.
var Tokyo = loadTokyo()

func loadTokyo() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}

// Day returns the calendar day that instant t falls on in loc, as midnight
// in loc. A nil loc means [Tokyo]. Use it at the edge, where timestamps come
// in, so the calendar only ever sees calendar days.
func Day(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = Tokyo
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// date is a calendar day counted from 1970-01-01. Working on plain day
// numbers keeps the arithmetic free of clocks, zones and DST.
type date int32

const secondsPerDay = 24 * 60 * 60

// dateOf reads the year, month and day of t in t's own Location.
func dateOf(t time.Time) date {
	y, m, d := t.Date()
	return civilDate(y, m, d)
}

func civilDate(y int, m time.Month, d int) date {
	return date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

func (d date) civil() (int, time.Month, int) {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Date()
}

func (d date) weekday() time.Weekday {
	// 1970-01-01 was a Thursday; the double modulo keeps days before the
	// epoch in range.
	return time.Weekday(((int(d)+int(time.Thursday))%7 + 7) % 7)
}

// in returns d as midnight in loc.
func (d date) in(loc *time.Location) time.Time {
	y, m, day := d.civil()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}
