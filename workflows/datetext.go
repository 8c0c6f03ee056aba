package workflows

import (
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/jpform"
)

// DateText is the one form of a day on screen and in messages, per
// language: 2026年11月26日 in Japanese (jpform), ISO 2026-11-26 in
// English. What to show for no date is the caller's.
func DateText(d store.Date, lang string) string {
	if lang == msg.JA {
		return jpform.Date(d.Time)
	}
	return d.String()
}

// WhenText is an instant as DateText writes its Tokyo day, with the
// minute: 2026年11月26日 10:05, or 2026-11-26 10:05.
func WhenText(t time.Time, lang string) string {
	t = t.In(tokyo)
	if lang == msg.JA {
		return jpform.DateTime(t)
	}
	return t.Format("2006-01-02 15:04")
}
