package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
)

// guideShared is a console with no store on a pinned clock.
func guideShared(lang string, now time.Time) *ui.Shared {
	return &ui.Shared{Cat: ui.NewCatalog(lang), Styles: ui.NewStyles(true), Now: func() time.Time { return now }}
}

func TestGuidanceDatesFromCalendar(t *testing.T) {
	// Friday 25 Dec 2026. Ten business days skip the weekend, the
	// 29 Dec - 3 Jan closure and 成人の日 (Mon 11 Jan 2027): 15 Jan.
	// Four business days: 28 Dec, 4, 5, 6 Jan.
	now := time.Date(2026, 12, 25, 10, 0, 0, 0, bizday.Tokyo)
	cal, err := bizday.New(bizday.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := workflows.DateOf(cal.AddBusinessDays(bizday.Day(now, bizday.Tokyo), 10)).String(); got != "2027-01-15" {
		t.Fatalf("calendar says %s; the expectations below assume 2027-01-15", got)
	}
	m := workflows.Member{No: "1234567897", Status: workflows.MemberCancellationPending}
	cards := []workflows.Card{{Kind: workflows.CardCredit, Company: "UC", Status: workflows.CardActive}}
	cases := []workflows.Case{
		{ID: 7, Type: workflows.CasePasswordReset, State: workflows.StateIdentityVerified},
		{ID: 8, Type: workflows.CaseLostCard, State: workflows.StateClosed}, // closed: nothing to say
	}
	text := strings.Join(ui.Guidance(guideShared(ui.LangEN, now), m, cards, cases), "\n")
	for _, want := range []string{
		"Promises (today 2026-12-25)",
		// What the member is told of the post is the FAQ's calendar days.
		"the new card arrives in about 10 days (around 2027-01-04",
		"the new password letter arrives in 3–4 days (2026-12-28 to 2026-12-29)",
		"case C-0000007: the new password letter arrives in 3–4 days",
		"credit-function card (UC)",
		"say the annual fee is not refunded",
		"ships by 2027-01-04",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("guidance lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "C-0000008") {
		t.Errorf("a closed case got guidance:\n%s", text)
	}
	ja := strings.Join(ui.Guidance(guideShared(ui.LangJA, now), m, cards, cases), "\n")
	for _, want := range []string{"約10日", "2027年1月4日", "3〜4日", "2026年12月29日", "年会費は返金されない"} {
		if !strings.Contains(ja, want) {
			t.Errorf("Japanese guidance lacks %q:\n%s", want, ja)
		}
	}
	if strings.Contains(ja, "営業日") || strings.Contains(text, "business days") {
		t.Errorf("a promise to the member in business days:\n%s\n%s", ja, text)
	}
	// A member with nothing open still hears the promises, no refund line
	// for the case at hand.
	plain := strings.Join(ui.Guidance(guideShared(ui.LangEN, now), workflows.Member{Status: workflows.MemberActive}, nil, nil), "\n")
	if !strings.Contains(plain, "nothing particular") || strings.Contains(plain, "say the annual fee") {
		t.Errorf("plain member guidance:\n%s", plain)
	}
}

func TestGuidancePanelFitsItsBox(t *testing.T) {
	sh := guideShared(ui.LangJA, testNow)
	lines := ui.Guidance(sh, workflows.Member{Status: workflows.MemberActive}, nil, nil)
	for _, w := range []int{80, ui.GuideWidth} {
		v := ansi.Strip(ui.GuidancePanel(sh, lines, w, 18))
		checkFrame(t, v, w, 18)
	}
	// Beside a tab on a wide window, below the minimum instead of it.
	checkFrame(t, ansi.Strip(ui.WithGuidance(sh, "body", lines, 130, 20)), 130, 20)
	checkFrame(t, ansi.Strip(ui.WithGuidance(sh, "body", lines, 80, 20)), 80, 20)
}

func TestMemberGuidanceToggle(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 80, 24)
	m := d.freeMember()
	d.open(m)
	d.key("g")
	card := workflows.PromisesAt(testNow).Card // calendar days, as the FAQ says
	v := waitFor(t, d.tm, "Promises (today", "around "+card.String())
	checkFrame(t, v, 80, 24)
	d.key("g")
	waitView(t, d.tm, func(v string) bool { return !strings.Contains(v, "Promises (today") }, "the panel closed")
}
