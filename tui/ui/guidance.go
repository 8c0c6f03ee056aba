package ui

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"spdesk/internal/jpwrap"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
	"spdesk/workflows/jpform"
)

// guideSideMin is the narrowest window that shows the guidance beside the
// tab; narrower, g swaps the tab for it (80 columns cannot hold both).
const (
	guideSideMin = 120
	GuideWidth   = 44
)

// promiseDates are the days the center itself keeps (a form due back, a
// reader shipped), counted from today on the service's business-day
// calendar (weekends, holidays and the year-end closure skipped), today
// being the console's clock. What the member is told about the post (a
// card, a password letter) is the FAQ's calendar days: workflows.PromisesAt.
type promiseDates struct {
	form, readerShip workflows.Date
}

func promisesFrom(sh *Shared) promiseDates {
	cal, set := (*bizday.Calendar)(nil), workflows.DefaultSettings()
	if svc := sh.Opts.Service; svc != nil {
		cal, set = svc.Calendar(), svc.Settings()
	}
	if cal == nil {
		var err error
		if cal, err = bizday.New(bizday.Options{}); err != nil {
			return promiseDates{}
		}
	}
	today := bizday.Day(sh.Now(), bizday.Tokyo)
	add := func(n int) workflows.Date { return workflows.DateOf(cal.AddBusinessDays(today, n)) }
	return promiseDates{form: add(set.FormReturnDays), readerShip: add(set.DeskStepDays)}
}

// Guidance is what the operator must say on this call, in the order it
// matters: what this member's cards and open cases call for, then the
// promises with today's dates.
func Guidance(sh *Shared, Member workflows.Member, cards []workflows.Card, cases []workflows.Case) []string {
	c := sh.Cat
	d, p, lang := promisesFrom(sh), workflows.PromisesAt(sh.Now()), c.Lang()
	date := func(x workflows.Date) string { return FormatDate(c, x) }
	var now []string
	var companies []string
	for _, cd := range cards {
		if cd.Kind == workflows.CardCredit && cd.Status != workflows.CardRevoked && cd.Company != "" && !slices.Contains(companies, cd.Company) {
			companies = append(companies, cd.Company)
		}
	}
	for _, co := range companies {
		now = append(now, c.F("guide.credit", "company", co))
	}
	cancelling := Member.Status == workflows.MemberCancellationPending
	for _, Case := range cases {
		if !Case.Open() {
			continue
		}
		switch Case.Type {
		case workflows.CaseLostCard, workflows.CaseBrokenCard:
			if !Case.Credit {
				now = append(now, c.F("guide.case", "case", Case.No(), "promise", p.CardPromise(lang)))
			}
		case workflows.CasePasswordReset:
			now = append(now, c.F("guide.case", "case", Case.No(), "promise", p.PasswordPromise(lang)))
		case workflows.CaseCancellation:
			cancelling = true
		}
	}
	if cancelling {
		now = append(now, c.T("guide.norefund.now"))
	}
	lines := []string{"# " + c.T("guide.now")}
	if len(now) == 0 {
		now = []string{c.T("guide.nothing")}
	}
	lines = append(lines, now...)
	lines = append(lines, "", "# "+c.F("guide.promises", "today", date(workflows.DateOf(sh.Now().In(bizday.Tokyo)))),
		p.CardPromise(lang),
		p.PasswordPromise(lang),
		c.F("guide.form", "date", date(d.form)),
		c.T("guide.norefund"),
		c.F("guide.reader", "price", jpform.Yen(workflows.ReaderPriceYen), "percent", workflows.ReaderFeePercent, "date", date(d.readerShip)),
	)
	if len(companies) == 0 {
		lines = append(lines, c.T("guide.credit.general"))
	}
	return lines
}

// GuidancePanel draws the guidance in a box w cells wide, h tall: "# "
// lines are headings, the rest bullets wrapped to the box.
func GuidancePanel(sh *Shared, lines []string, w, h int) string {
	Styles := sh.Styles
	inner := max(10, w-4) // border and padding
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		l = Safe(l) // guidance names card companies and members
		switch {
		case strings.HasPrefix(l, "# "):
			b.WriteString(Styles.Title.Render(strings.TrimPrefix(l, "# ")))
		case l == "":
		default:
			wrapped := jpwrap.Wrap(l, inner-2) // Japanese line-breaking rules
			b.WriteString(Styles.Value.Render("• " + strings.ReplaceAll(wrapped, "\n", "\n  ")))
		}
	}
	box := Styles.Box.Width(w).Height(max(3, h)).MaxHeight(max(3, h))
	return box.Render(b.String())
}

// WithGuidance lays the guidance beside body when the window is wide
// enough, else instead of it.
func WithGuidance(sh *Shared, body string, lines []string, w, h int) string {
	if w < guideSideMin {
		return GuidancePanel(sh, lines, w, h)
	}
	left := FitBlock(body, w-GuideWidth-1, h)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " ", GuidancePanel(sh, lines, GuideWidth, h))
}
