package tui

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

type badge struct {
	key string
	sev severity
}

// memberBadges lists what an operator must notice about a member before
// anything else, worst first: a card out of use, a locked password, a
// membership ending. Credit-function cards get a badge because their
// reissue belongs to the card company.
func memberBadges(m workflows.Member, cards []workflows.Card) []badge {
	var out []badge
	switch m.Status {
	case workflows.MemberCancelled:
		out = append(out, badge{"badge.cancelled", sevBad})
	case workflows.MemberCancellationPending:
		out = append(out, badge{"badge.pending", sevWarn})
	}
	suspended, credit := false, false
	for _, c := range cards {
		suspended = suspended || c.Status == workflows.CardSuspended
		credit = credit || (c.Kind == workflows.CardCredit && c.Status != workflows.CardRevoked)
	}
	if suspended {
		out = append(out, badge{"badge.suspended", sevBad})
	}
	switch m.PasswordState {
	case workflows.PasswordLocked:
		out = append(out, badge{"badge.locked", sevBad})
	case workflows.PasswordIssued:
		out = append(out, badge{"badge.pwissued", sevWarn})
	}
	if credit {
		out = append(out, badge{"badge.credit", sevInfo})
	}
	return out
}

// badgeText writes badges in brackets so they read the same without
// colour (NO_COLOR) as with it.
func badgeText(c Catalog, bs []badge) string {
	var b strings.Builder
	for _, x := range bs {
		b.WriteString("[" + c.T(x.key) + "]")
	}
	return b.String()
}

// badgeTone is the tone of the worst badge.
func badgeTone(bs []badge) tone {
	if len(bs) == 0 {
		return tonePlain
	}
	worst := sevInfo
	for _, x := range bs {
		worst = max(worst, x.sev)
	}
	return [...]tone{sevInfo: toneInfo, sevWarn: toneWarn, sevBad: toneBad}[worst]
}
