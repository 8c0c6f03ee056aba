package workflows

import (
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// What the member is promised on the call follows the FAQ's own words, in
// calendar days: a card "about 10 days", a password letter "3–4 days"
// (DESIGN, "Cases"). The due dates the queues sort by are another thing:
// they count business days (Settings, bizday) and are never read out to a
// member. Keeping the two apart here stops a screen from promising
// "10 business days" or a date two weekends away.

// The promises, in calendar days from the day of the call.
const (
	CardPromiseDays        = 10 // "about 10 days" (some regions longer)
	PasswordPromiseMinDays = 3  // "3–4 days"
	PasswordPromiseMaxDays = 4
)

// Promises are the dates a member is told today, counted in calendar days
// on Tokyo's calendar.
type Promises struct {
	Today        store.Date
	Card         store.Date // about this day
	PasswordFrom store.Date // between these days
	PasswordTo   store.Date
}

// PromisesAt are the promises of a call at now.
func PromisesAt(now time.Time) Promises {
	d := day(now)
	at := func(n int) store.Date { return store.DateOf(d.AddDate(0, 0, n)) }
	return Promises{Today: store.DateOf(d), Card: at(CardPromiseDays),
		PasswordFrom: at(PasswordPromiseMinDays), PasswordTo: at(PasswordPromiseMaxDays)}
}

// Promises are the promises of a call now, on the service's clock.
func (s *Service) Promises() Promises { return PromisesAt(s.Now()) }

func init() {
	Messages.Add(msg.Set{
		"promise.card": {"新しいカードは約10日で届きます（{date}ごろ。地域によってはもう少しかかります）",
			"the new card arrives in about 10 days (around {date}; some regions take a little longer)"},
		"promise.password": {"新しいパスワードの通知は3〜4日で届きます（{from}〜{to}）",
			"the new password letter arrives in 3–4 days ({from} to {to})"},
	})
}

// CardPromise is the card promise in words, as the operator says it.
func (p Promises) CardPromise(lang string) string {
	return render("promise.card", map[string]string{"date": PromiseDate(p.Card, lang)}, lang)
}

// PasswordPromise is the password-letter promise in words.
func (p Promises) PasswordPromise(lang string) string {
	return render("promise.password", map[string]string{"from": PromiseDate(p.PasswordFrom, lang),
		"to": PromiseDate(p.PasswordTo, lang)}, lang)
}

// PromiseDate writes a promised day the way the console writes dates
// (DateText).
func PromiseDate(d store.Date, lang string) string { return DateText(d, lang) }
