package ui

import (
	"time"

	"spdesk/workflows"
	"spdesk/workflows/bizday"
)

// The console's calendar day is the Tokyo day, whatever the machine's
// zone: the center works on Tokyo time, and a card valid "through
// 2026-11-26" expires at midnight there. Every "today" on a screen comes
// from here so no screen falls back to the machine's zone (or to UTC,
// which workflows.DateOf of a UTC instant would give).

// Today is the operator's calendar day.
func (sh *Shared) Today() workflows.Date { return workflows.DateOf(bizday.Day(sh.Now(), bizday.Tokyo)) }

// TokyoNow is the injected clock read in Tokyo, for code (cardops) that
// takes the day of a time in the time's own location.
func (sh *Shared) TokyoNow() time.Time { return sh.Now().In(bizday.Tokyo) }
