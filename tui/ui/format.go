package ui

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// The console writes a date one way per language (workflows.DateText,
// jpform underneath): 2026年11月26日 and 2026年11月26日 10:05 in
// Japanese, ISO 2026-11-26 and 2026-11-26 10:05 in English. A column with
// no room for the year takes the same form without it (ShortDate,
// ShortWhen: 11月26日, 11-26), only for a day in the current year. Every
// page goes through these; an ISO date in Japanese is for files (CSV,
// JSON, file names), never the screen.

// FormatDate is a day as the operator reads it, a dash for an unknown date.
func FormatDate(c Catalog, d workflows.Date) string {
	if d.IsZero() {
		return c.T("date.none")
	}
	return workflows.DateText(d, c.Lang())
}

// FormatPhone adds the hyphens a Japanese operator reads numbers with.
// Area codes vary from 2 to 5 digits; without the full numbering plan this
// covers the shapes we hold: mobile and IP (0[5-9]0, 11 digits) 3-4-4,
// free dial 0120 4-3-3, Tokyo and Osaka (03, 06) 2-4-4, other landlines
// 3-3-4. Anything else is shown as stored.
func FormatPhone(p string) string {
	switch {
	case len(p) == 11 && p[0] == '0' && p[2] == '0' && strings.ContainsRune("56789", rune(p[1])):
		return p[:3] + "-" + p[3:7] + "-" + p[7:]
	case len(p) == 10 && strings.HasPrefix(p, "0120"):
		return p[:4] + "-" + p[4:7] + "-" + p[7:]
	case len(p) == 10 && (strings.HasPrefix(p, "03") || strings.HasPrefix(p, "06")):
		return p[:2] + "-" + p[2:6] + "-" + p[6:]
	case len(p) == 10 && p[0] == '0':
		return p[:3] + "-" + p[3:6] + "-" + p[6:]
	}
	return p
}

// FormatCardNo groups a 16-digit card number in fours, as printed on the card.
func FormatCardNo(n string) string {
	if len(n) != 16 {
		return n
	}
	return n[:4] + " " + n[4:8] + " " + n[8:12] + " " + n[12:]
}

// ShortenPath puts ~ for the home folder and cuts the middle of a path
// that would not fit in w cells, keeping the file name readable.
func ShortenPath(p string, w int) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		p = "~" + p[len(home):]
	}
	r := []rune(p)
	if len(r) <= w || w < 8 {
		return p
	}
	keep := w - 1
	head := keep / 3
	return string(r[:head]) + "…" + string(r[len(r)-(keep-head):])
}

// ShortDate is FormatDate for a narrow column: without the year (11月25日,
// 11-25) when the date falls in today's year, the full date otherwise, so
// a year is never guessed.
func ShortDate(c Catalog, d, today workflows.Date) string {
	if d.IsZero() || d.Time.Year() != today.Time.Year() {
		return FormatDate(c, d)
	}
	if c.Lang() == LangJA {
		return jpform.MonthDay(d.Time)
	}
	return d.Time.Format("01-02")
}

// ShortWhen is FormatWhen for a narrow column, as ShortDate is for a day:
// 11月25日 10:05 or 11-25 10:05 within today's year (Tokyo).
func ShortWhen(c Catalog, t time.Time, today workflows.Date) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	t = t.In(Tokyo)
	if t.Year() != today.Time.Year() {
		return FormatWhen(c, t)
	}
	if c.Lang() == LangJA {
		return jpform.MonthDayTime(t)
	}
	return t.Format("01-02 15:04")
}
