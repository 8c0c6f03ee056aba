package bizday

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// The years for which national holidays are computed. The equinox formula
// below is only valid in this range, and the holiday law before 1980 is of no
// use to a desk that opened long after.
const (
	MinYear = 1980
	MaxYear = 2099
)

// Kind says why a day is a national day off.
type Kind uint8

const (
	// KindHoliday is a 国民の祝日, or a one-off 休日 set by a special law
	// (the imperial ceremonies of 1989, 1990, 1993 and 2019).
	KindHoliday Kind = iota + 1
	// KindSubstitute is a 振替休日: a holiday fell on a Sunday.
	KindSubstitute
	// KindCitizens is a 国民の休日: a day sandwiched between two holidays.
	KindCitizens
)

// String returns the kind as the published holiday list spells it.
func (k Kind) String() string {
	switch k {
	case KindHoliday:
		return "holiday"
	case KindSubstitute:
		return "substitute"
	case KindCitizens:
		return "citizens"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Holiday is one national day off.
type Holiday struct {
	Date time.Time // midnight in Tokyo
	Name string    // Japanese name, e.g. 春分の日, 振替休日, 国民の休日
	Kind Kind
}

type holiday struct {
	date date
	name string
	kind Kind
}

// holidayTable holds every holiday of MinYear..MaxYear. It is built once, on
// first use, and only read afterwards, so Calendars can share it freely.
type holidayTable struct {
	byYear [MaxYear - MinYear + 1][]holiday
	byDate map[date]holiday
}

var holidays = sync.OnceValue(func() *holidayTable {
	t := &holidayTable{byDate: make(map[date]holiday, 20*(MaxYear-MinYear+1))}
	for y := MinYear; y <= MaxYear; y++ {
		hs := holidaysOfYear(y)
		t.byYear[y-MinYear] = hs
		for _, h := range hs {
			t.byDate[h.date] = h
		}
	}
	return t
})

// holidaysOfYear applies the law to one year, in the order the law does:
// the holidays themselves, then the substitutes for those on a Sunday, then
// the days sandwiched between two holidays. No rule reaches across a year
// boundary (no day off falls after 24 December), so
// years are independent.
func holidaysOfYear(y int) []holiday {
	national := nationalHolidays(y)
	slices.SortFunc(national, func(a, b holiday) int { return int(a.date - b.date) })
	isNational := make(map[date]bool, len(national))
	for _, h := range national {
		isNational[h.date] = true
	}

	all := slices.Clone(national)
	isSubstitute := make(map[date]bool)
	for _, h := range national {
		if h.date.weekday() != time.Sunday {
			continue
		}
		d := h.date + 1
		if y >= 2007 {
			// Since 2007: the nearest following day that is not itself a
			// holiday (a Sunday 3 May moves to 6 May).
			for isNational[d] {
				d++
			}
		} else if isNational[d] {
			// 1973–2006: only the Monday, and only if it is not a holiday.
			continue
		}
		isSubstitute[d] = true
		all = append(all, holiday{d, "振替休日", KindSubstitute})
	}

	// 国民の休日 exists since the amendment of 27 December 1985. Before
	// 2007 the law excluded Sundays and substitute days; since 2007 it only
	// excludes holidays, but a substitute is still one day off, not two.
	if y >= 1986 {
		for i := 1; i < len(national); i++ {
			prev, next := national[i-1].date, national[i].date
			mid := prev + 1
			if next-prev != 2 || isSubstitute[mid] {
				continue
			}
			if y < 2007 && mid.weekday() == time.Sunday {
				continue
			}
			all = append(all, holiday{mid, "国民の休日", KindCitizens})
		}
	}

	// Rest days by special law that the law did not deem 国民の祝日, so they
	// take no part in the substitute and sandwich rules above.
	switch y {
	case 1989:
		all = append(all, holiday{civilDate(y, time.February, 24), "昭和天皇の大喪の礼", KindHoliday})
	case 1990:
		all = append(all, holiday{civilDate(y, time.November, 12), "即位礼正殿の儀", KindHoliday})
	case 1993:
		all = append(all, holiday{civilDate(y, time.June, 9), "皇太子徳仁親王の結婚の儀", KindHoliday})
	}

	slices.SortFunc(all, func(a, b holiday) int { return int(a.date - b.date) })
	return all
}

// nationalHolidays returns the 国民の祝日 of year y, unsorted, following the
// amendments: Happy Monday (2000, 2003), 海の日 (1996), 山の日 (2016),
// みどりの日 and 昭和の日 (1989, 2007), the three 天皇誕生日, and the
// Olympic moves of 2020 and 2021.
func nationalHolidays(y int) []holiday {
	var hs []holiday
	add := func(m time.Month, d int, name string) {
		hs = append(hs, holiday{civilDate(y, m, d), name, KindHoliday})
	}
	monday := func(m time.Month, nth int) int { return nthWeekday(y, m, nth, time.Monday) }

	add(time.January, 1, "元日")
	if y < 2000 {
		add(time.January, 15, "成人の日")
	} else {
		add(time.January, monday(time.January, 2), "成人の日")
	}
	add(time.February, 11, "建国記念の日")
	switch {
	case y <= 1988:
		add(time.April, 29, "天皇誕生日")
	case y <= 2018:
		add(time.December, 23, "天皇誕生日")
	case y >= 2020:
		add(time.February, 23, "天皇誕生日")
	} // 2019 had none: the emperor changed on 1 May.
	add(time.March, vernalEquinoxDay(y), "春分の日")
	switch {
	case y >= 2007:
		add(time.April, 29, "昭和の日")
	case y >= 1989:
		add(time.April, 29, "みどりの日")
	}
	add(time.May, 3, "憲法記念日")
	if y >= 2007 {
		add(time.May, 4, "みどりの日")
	}
	add(time.May, 5, "こどもの日")

	switch {
	case y == 2020:
		add(time.July, 23, "海の日")
	case y == 2021:
		add(time.July, 22, "海の日")
	case y >= 2003:
		add(time.July, monday(time.July, 3), "海の日")
	case y >= 1996:
		add(time.July, 20, "海の日")
	}

	switch {
	case y == 2020:
		add(time.August, 10, "山の日")
	case y == 2021:
		add(time.August, 8, "山の日")
	case y >= 2016:
		add(time.August, 11, "山の日")
	}

	if y < 2003 {
		add(time.September, 15, "敬老の日")
	} else {
		add(time.September, monday(time.September, 3), "敬老の日")
	}
	add(time.September, autumnalEquinoxDay(y), "秋分の日")

	switch {
	case y == 2020:
		add(time.July, 24, "スポーツの日")
	case y == 2021:
		add(time.July, 23, "スポーツの日")
	case y >= 2020:
		add(time.October, monday(time.October, 2), "スポーツの日")
	case y >= 2000:
		add(time.October, monday(time.October, 2), "体育の日")
	default:
		add(time.October, 10, "体育の日")
	}

	add(time.November, 3, "文化の日")
	add(time.November, 23, "勤労感謝の日")

	// The accession of 2019. Its law deems both days 国民の祝日 for the
	// substitute and sandwich rules, which is what makes 30 April and
	// 2 May 国民の休日. (The Cabinet Office list labels them
	// "休日（祝日扱い）"; the names here are the law's.)
	if y == 2019 {
		add(time.May, 1, "天皇の即位の日")
		add(time.October, 22, "即位礼正殿の儀の行われる日")
	}
	return hs
}

// nthWeekday returns the day of the month of the nth wd in month m of year y.
func nthWeekday(y int, m time.Month, nth int, wd time.Weekday) int {
	first := civilDate(y, m, 1).weekday()
	return 1 + (int(wd)-int(first)+7)%7 + 7*(nth-1)
}

// The equinox days follow the standard approximation published with the
// National Astronomical Observatory's figures, valid for 1980–2099:
//
//	day = int(base + 0.242194*(y-1980)) - int((y-1980)/4)
//
// with base 20.8431 in March and 23.2488 in September. The official date is
// announced each February for the next year; the formula agrees with every
// announcement so far. It is evaluated in millionths, in integers, so that no
// floating-point rounding can move a day.
func vernalEquinoxDay(y int) int   { return equinoxDay(y, 20_843_100) }
func autumnalEquinoxDay(y int) int { return equinoxDay(y, 23_248_800) }

func equinoxDay(y, baseMicro int) int {
	n := y - 1980
	return (baseMicro+242_194*n)/1_000_000 - n/4
}
