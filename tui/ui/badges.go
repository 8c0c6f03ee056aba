package ui

import (
	"strings"

	"spdesk/workflows"
)

// severity orders badges: the worst one colours the status cell.
type severity int

const (
	sevInfo severity = iota
	sevWarn
	sevBad
)

type Badge struct {
	Key string
	sev severity
}

// MemberBadges lists what an operator must notice about a member before
// anything else, worst first: a card out of use, a locked password, a
// membership ending. Credit-function cards get a badge because their
// reissue belongs to the card company.
func MemberBadges(Member workflows.Member, cards []workflows.Card) []Badge {
	var out []Badge
	switch Member.Status {
	case workflows.MemberCancelled:
		out = append(out, Badge{"badge.cancelled", sevBad})
	case workflows.MemberCancellationPending:
		out = append(out, Badge{"badge.pending", sevWarn})
	}
	suspended, credit := false, false
	for _, c := range cards {
		suspended = suspended || c.Status == workflows.CardSuspended
		credit = credit || (c.Kind == workflows.CardCredit && c.Status != workflows.CardRevoked)
	}
	if suspended {
		out = append(out, Badge{"badge.suspended", sevBad})
	}
	switch Member.PasswordState {
	case workflows.PasswordLocked:
		out = append(out, Badge{"badge.locked", sevBad})
	case workflows.PasswordIssued:
		out = append(out, Badge{"badge.pwissued", sevWarn})
	}
	if credit {
		out = append(out, Badge{"badge.credit", sevInfo})
	}
	return out
}

// BadgeText writes badges in brackets so they read the same without
// colour (NO_COLOR) as with it.
func BadgeText(c Catalog, bs []Badge) string {
	var b strings.Builder
	for _, x := range bs {
		b.WriteString("[" + c.T(x.Key) + "]")
	}
	return b.String()
}

// BadgeTone is the tone of the worst badge.
func BadgeTone(bs []Badge) Tone {
	if len(bs) == 0 {
		return TonePlain
	}
	worst := sevInfo
	for _, x := range bs {
		worst = max(worst, x.sev)
	}
	return [...]Tone{sevInfo: ToneInfo, sevWarn: ToneWarn, sevBad: ToneBad}[worst]
}
