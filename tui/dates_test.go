package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
)

// The forms a date may take on screen, and those it may not.
var (
	isoDay      = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	slashDate   = regexp.MustCompile(`(^|[^\d/])\d{1,4}/\d{1,2}([^\d/]|$)`)
	isoShort    = regexp.MustCompile(`(^|[^\d-])\d{2}-\d{2}([^\d-]|$)`) // 11-25: English's short form
	japaneseDay = regexp.MustCompile(`\d{1,2}月\d{1,2}日`)                // 11月25日, with or without its year
	anyJapanese = regexp.MustCompile(`\d+年\d+月|\d+月\d+日`)
)

// One date form per language on every page an operator walks in a day,
// 80×24: in Japanese only 2026年11月25日 (with the time, 2026年11月25日
// 10:00; in a narrow column the same without its year, 11月25日), never
// ISO 2026-11-25 nor 11/25; in English only ISO (2026-11-25, 11-25 in a
// narrow column), never 年月日 nor 11/25. Each page must show a date, so
// a page that lost its dates does not pass by saying nothing. The header
// line (the database's path) is not a date and is left out.
func TestOneDateFormPerLanguageOnEveryPage(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	member, _ := demodesk.MailedNameChange(t, st, svc) // cards, an open case, a letter mailed
	toMember := func(d *direct) {
		for _, r := range member.No {
			d.press(textKey(string(r)))
		}
		d.press(keyEnter)
	}
	tab := func(n string) func(d *direct) { return func(d *direct) { toMember(d); d.press(textKey(n)) } }
	asSupervisor := func(keys ...tea.KeyPressMsg) func(d *direct) {
		return func(d *direct) {
			d.press(ctrlKey('o'))
			for _, k := range keys {
				d.press(k)
			}
		}
	}
	trips := []struct {
		name string
		go_  func(d *direct)
	}{
		{"search", func(d *direct) {
			for _, r := range member.No {
				d.press(textKey(string(r)))
			}
		}},
		{"member profile", tab("1")},
		{"member cards", tab("2")},
		{"member cases", tab("3")},
		{"member letters", tab("4")},
		{"member history", tab("5")},
		{"member calls", tab("6")},
		{"case", func(d *direct) { toMember(d); d.press(textKey("3")); d.press(keyEnter) }},
		{"queues", func(d *direct) { d.press(ctrlKey('g')) }},
		{"queue cases", func(d *direct) { d.press(ctrlKey('g')); d.press(keyEnter) }},
		{"overdue", func(d *direct) { d.press(ctrlKey('g')); d.press(textKey("o")) }},
		{"approvals", asSupervisor(ctrlKey('g'), textKey("a"))},
		{"letters", func(d *direct) { d.press(ctrlKey('l')) }},
		{"audit", asSupervisor(ctrlKey('r'))},
		{"call report", asSupervisor(ctrlKey('y'))},
	}
	for _, lang := range []string{ui.LangJA, ui.LangEN} {
		for _, trip := range trips {
			d := &direct{t: t, m: New(ui.Options{Desk: svc, Service: svc, Lang: lang, Operator: "tester",
				Operators: []string{"tester", "supervisor"}, Now: func() time.Time { return testNow }}).(model)}
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			trip.go_(d)
			checkFrame(t, d.m.render(), 80, 24)
			v := d.view()
			body := v[strings.Index(v, "\n")+1:]
			bad := []*regexp.Regexp{isoDay, slashDate, isoShort}
			good := japaneseDay
			if lang == ui.LangEN {
				bad, good = []*regexp.Regexp{anyJapanese, slashDate}, isoShort
			}
			for _, re := range bad {
				if m := re.FindString(body); m != "" {
					t.Errorf("%s %s: %q is not this language's date form (line %q):\n%s", lang, trip.name, m, lineWith(body, strings.Trim(m, " ")), v)
				}
			}
			if !good.MatchString(body) && !(lang == ui.LangEN && isoDay.MatchString(body)) {
				t.Errorf("%s %s: no date on the page:\n%s", lang, trip.name, v)
			}
		}
	}
}
