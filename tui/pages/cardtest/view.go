package cardtest

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"spdesk/cardops"
	"spdesk/internal/jpwrap"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// trayWidth is the tray list's column; the test gets the rest.
const trayWidth = 30

func (s *Page) View() string {
	if s.w <= 0 || s.h <= 0 {
		return ""
	}
	if s.tray == nil {
		return ui.FitBlock(strings.Join(s.testLines(s.w), "\n"), s.w, s.h)
	}
	rw := s.w - trayWidth - 3
	left, right := s.trayLines(), s.testLines(rw)
	sep := s.sh.Styles.Rule.Render(" │ ")
	lines := make([]string, s.h)
	for i := range lines {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		lines[i] = ui.Fit(l, trayWidth) + sep + ui.Fit(r, rw)
	}
	return ui.FitBlock(strings.Join(lines, "\n"), s.w, s.h)
}

func (s *Page) trayLines() []string {
	st, c := s.sh.Styles, s.sh.Cat
	out := []string{st.Title.Render(c.T("card.test.tray")), st.Muted.Render(c.T("card.test.trayhint"))}
	in := s.tray.Inserted()
	for i, vc := range s.cards {
		sp := vc.Spec()
		mark := "  "
		if i == s.cursor {
			mark = "▸ "
		}
		num := "  "
		if i < 9 {
			num = fmt.Sprintf("%d ", i+1)
		}
		e := s.entries[sp.CardNo]
		// What the test will find: the variant, or for a sound card the
		// database's word on it.
		label := c.T(variantKey(sp.Variant))
		if e.status != "" && e.status != workflows.CardActive {
			label = "[" + c.T("badge."+string(e.status)) + "]"
		}
		line := mark + num + ui.Fit(label, 11) + " " + ui.Safe(e.name)
		if vc == in {
			line = ui.Fit(line, trayWidth-2) + "◀"
		}
		if i == s.cursor {
			line = st.Selected.Render(ui.Fit(line, trayWidth))
		}
		out = append(out, line)
	}
	return out
}

// Catalog keys of cardops' codes; TestCardCodesAreInTheCatalog checks
// every code has one.
func variantKey(v cardops.Variant) string {
	return fmt.Sprintf("card.test.variant.%s", strings.ReplaceAll(string(v), "-", ""))
}

func kindKey(k cardops.ErrorKind) string {
	if k == cardops.KindNone {
		k = cardops.KindIO
	}
	return fmt.Sprintf("card.test.kind.%s", strings.ReplaceAll(string(k), "_", ""))
}

func verdictKey(v cardops.VerdictCode) string {
	return fmt.Sprintf("card.test.v.%s", strings.ReplaceAll(string(v), "_", ""))
}

func (s *Page) testLines(w int) []string {
	st, c := s.sh.Styles, s.sh.Cat
	if s.provider == nil {
		return s.noProvider(w)
	}
	var out []string
	out = append(out, s.readerLines()...)
	if s.showATR && s.out != nil && s.out.atrText != "" {
		out = append(out, st.Title.Render(c.T("card.test.atrdetail")))
		// ATR names come from smartcard_list.txt, historical bytes from the card.
		return append(out, strings.Split(strings.TrimRight(ui.SafeLines(s.out.atrText), "\n"), "\n")...)
	}
	if s.out == nil || (s.out.res == nil && !s.running) {
		return append(append(out, ""), strings.Split(st.Muted.Width(w).Render(c.T("card.test.idle")), "\n")...)
	}
	if s.running {
		secs := int(s.sh.Now().Sub(s.startedAt).Seconds())
		return append(out, "", st.Notice.Render(c.T("card.test.running")), st.Muted.Render(c.F("card.test.runninghint", "secs", secs)))
	}
	r := s.out.res
	out = append(out, s.atrLine(r), s.cardLine(r))
	out = append(out, s.checkLines(r)...)
	out = append(out, s.verdictBox()...)
	out = append(out, s.stopLines(w)...)
	// The next step in words (workflows.CardNextStep); cardops' advice
	// for a card that could not be read (what the chip did is the news)
	// or when the desk could not be asked.
	advice := cardops.AdviceFor(r, s.out.verdict, c.Lang())
	if s.out.step.Advice.Key != "" && s.out.verdict != cardops.VerdictUnreadable {
		advice = s.out.step.Text(c.Lang())
	}
	for _, l := range jpwrap.Lines(ui.SafeLines(advice), max(10, w)) {
		out = append(out, st.Value.Render(l))
	}
	if s.cardGone {
		out = append(out, st.Muted.Render(c.T("card.test.removed")))
	}
	if s.opened != "" {
		return append(out, st.Notice.Render("▶ "+s.opened))
	}
	return append(out, s.nextLines(w)...)
}

func (s *Page) noProvider(w int) []string {
	st, c := s.sh.Styles, s.sh.Cat
	msg := c.T("card.test.noprovider")
	if errors.Is(s.sh.Opts.CardsErr, cardops.ErrPCSCNotBuilt) {
		msg = c.T("card.test.notbuilt")
	} else if s.sh.Opts.CardsErr != nil {
		msg += " (" + ui.Safe(s.sh.Opts.CardsErr.Error()) + ")"
	}
	return append([]string{st.Error.Render(c.T("card.test.noreaders"))},
		strings.Split(lipgloss.NewStyle().Width(w).Render(msg), "\n")...)
}

func (s *Page) readerLines() []string {
	st, c := s.sh.Styles, s.sh.Cat
	var out []string
	if s.watchErr != nil {
		kind := cardops.KindOf(s.watchErr)
		out = append(out, st.Error.Render(c.T("card.test.system")+": "+cardops.Advice(kind.MessageKey(), c.Lang())))
	}
	if len(s.readers) == 0 {
		return append(out, st.Label.Render(c.T("card.test.reader")+" ")+st.Warn.Render(c.T("card.test.noreader")))
	}
	for _, r := range s.readers {
		state := st.Muted.Render(c.T("card.test.empty"))
		switch {
		case r.mute:
			state = st.Bad.Render(c.T("card.test.cardmute"))
		case r.present:
			state = st.Code.Render(c.T("card.test.cardin"))
		}
		out = append(out, st.Label.Render(c.T("card.test.reader")+" ")+st.Value.Render(ui.Safe(r.name))+" · "+state)
	}
	return out
}

func (s *Page) atrLine(r *cardops.Result) string {
	st, c := s.sh.Styles, s.sh.Cat
	if len(r.ATR) == 0 {
		return st.Label.Render("ATR ") + st.Muted.Render(c.T("date.none"))
	}
	ok := st.Code.Render("✓ " + c.T("card.test.atrok"))
	if !r.ATRValid {
		ok = st.Bad.Render("✗ " + c.T("card.test.atrbad"))
	}
	return st.Label.Render("ATR ") + r.ATR.Spaced() + "  " + ok
}

func (s *Page) cardLine(r *cardops.Result) string {
	st, c := s.sh.Styles, s.sh.Cat
	line := st.Label.Render(c.T("card.test.card") + " ")
	if !r.DataRead() {
		return line + st.Muted.Render(c.T("card.test.unread"))
	}
	line += st.Value.Render(ui.Safe(ui.FormatCardNo(r.CardNo))) + " · " + ui.Safe(r.MemberNo)
	if m := s.member(); m.ID != 0 && s.out.dbCard.ID != 0 {
		line += " " + ui.Safe(m.FamilyName+" "+m.GivenName)
	}
	return line
}

// check marks: readable without colour.
const (
	markPass = "✓"
	markFail = "✗"
	markWarn = "!"
	markSkip = "·"
)

func (s *Page) checkLines(r *cardops.Result) []string {
	c := s.sh.Cat
	steps := map[string]cardops.Step{}
	for _, st := range r.Steps {
		steps[st.Name] = st
	}
	row := func(label, mark, text string) string {
		style := s.sh.Styles.Muted
		switch mark {
		case markPass:
			style = s.sh.Styles.Code
		case markFail:
			style = s.sh.Styles.Bad
		case markWarn:
			style = s.sh.Styles.Warn
		}
		return " " + style.Render(mark) + " " + ui.Fit(c.T(label), 12) + " " + text
	}
	result := func(name, label, okText string) string {
		st, ran := steps[name]
		switch {
		case !ran:
			return row(label, markSkip, c.T("card.test.notrun"))
		case st.OK:
			return row(label, markPass, okText)
		case st.Kind == cardops.KindTriesLeft:
			return row(label, markWarn, okText)
		}
		return row(label, markFail, c.T(kindKey(st.Kind)))
	}
	date := func(t time.Time) string { return ui.FormatDate(c, workflows.DateOf(t)) } // the card's own day, as written on it
	out := []string{
		result(cardops.StepSelect, "card.test.chk.select", c.T("card.test.chk.selectok")),
		result(cardops.StepReadData, "card.test.chk.data", c.F("card.test.chk.dataok", "kind", c.T("kind."+r.Kind.String()))),
		result(cardops.StepTries, "card.test.chk.tries", fmt.Sprintf("%d / %d", r.TriesLeft, cardops.ProfileTries)),
		result(cardops.StepGenuine, "card.test.chk.genuine", c.T("card.test.chk.genuineok")),
	}
	if st, ok := steps[cardops.StepExpiry]; ok && !st.OK {
		out = append(out, row("card.test.chk.expiry", markFail, c.F("card.test.chk.expired", "date", date(r.Expires))))
	} else {
		out = append(out, result(cardops.StepExpiry, "card.test.chk.expiry", c.F("card.test.chk.valid", "date", date(r.Expires))))
	}
	return append(out, s.dbLine(r, row))
}

func (s *Page) dbLine(r *cardops.Result, row func(label, mark, text string) string) string {
	c, o := s.sh.Cat, s.out
	const label = "card.test.chk.db"
	switch {
	case !r.DataRead():
		return row(label, markSkip, c.T("card.test.notrun"))
	case o.dbErr != nil:
		return row(label, markFail, c.T("card.test.dberr"))
	case o.dbCard.ID == 0:
		return row(label, markFail, c.T("card.test.dbnone"))
	case o.member.No != r.MemberNo:
		return row(label, markFail, c.F("card.test.dbother", "member", o.member.No))
	case o.dbCard.Status != workflows.CardActive:
		return row(label, markFail, c.T("card."+string(o.dbCard.Status)))
	}
	return row(label, markPass, c.T("card.active"))
}

// verdictBox is the verdict, big: a box with a mark and a word, so it
// reads the same without colour.
func (s *Page) verdictBox() []string {
	c, v := s.sh.Cat, s.out.verdict
	ld := lipgloss.LightDark(s.sh.Styles.Dark)
	col, mark := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B")), "✘"
	switch v {
	case cardops.VerdictOK:
		col, mark = ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#6BE38F")), "✔"
	case cardops.VerdictExpired, cardops.VerdictBlocked, cardops.VerdictUnknown, cardops.VerdictSuspended:
		col, mark = ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFC857")), "⚠"
	}
	word := c.T(verdictKey(v))
	if s.out.res != nil && s.out.res.ErrorKind == cardops.KindMute {
		word = c.T("card.test.v.mute")
	}
	box := lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(col).Padding(0, 1).
		Bold(true).Foreground(col).Render(mark + " " + word)
	return strings.Split(box, "\n")
}

// stopLines say, for a stopped card, whether the login service has
// confirmed the stop: what the operator tells a caller worried about a
// thief using the card.
func (s *Page) stopLines(w int) []string {
	st, c, o := s.sh.Styles, s.sh.Cat, s.out
	if !o.stopOK || !o.stop.Stopped() {
		return nil
	}
	when := func(t time.Time) string { return t.In(ui.Tokyo).Format("15:04:05") }
	if !o.stop.StoppedAt.IsZero() && o.stop.StoppedAt.In(ui.Tokyo).Format("2006-01-02") != s.sh.Now().In(ui.Tokyo).Format("2006-01-02") {
		when = func(t time.Time) string { return ui.FormatWhen(c, t) }
	}
	text, style := "", st.Code
	switch {
	case o.stop.EventID == 0:
		text, style = c.T("card.test.stop.untold"), st.Warn
	case o.stop.Parked:
		text, style = c.F("card.test.stop.parked", "at", when(o.stop.StoppedAt)), st.Bad
	case o.stop.ConfirmedAt.IsZero():
		text, style = c.F("card.test.stop.waiting", "at", when(o.stop.StoppedAt)), st.Warn
	default:
		text = c.F("card.test.stop.confirmed", "at", when(o.stop.StoppedAt), "confirmed", when(o.stop.ConfirmedAt))
	}
	var out []string
	for _, l := range jpwrap.Lines(text, max(10, w)) {
		out = append(out, style.Render(l))
	}
	return out
}

// stepLines offer the key for a next step other than b and p: the case
// that holds the card (o), the procedure it calls for (s), or, when that
// may not start now, the reason in words, dimmed.
func (s *Page) stepLines() []string {
	st, c, step := s.sh.Styles, s.sh.Cat, s.out.step
	if cs, ok := s.stepCase(); ok {
		return []string{st.Title.Render(c.T("card.test.next")) + " " + st.Code.Render("o") + " " + c.F("card.test.opencase", "case", cs.No())}
	}
	if step.Procedure == "" {
		return nil
	}
	name := c.T("card.test.proc." + string(step.Procedure))
	if step.Procedure != workflows.ProcResumeCard {
		name = workflows.CaseTypeLabel(workflows.CaseType(step.Procedure), c.Lang())
	}
	if step.Reason != nil {
		return []string{st.Muted.Render(c.T("card.test.next") + " s " + name + ": " + workflows.Why(step.Reason, c.Lang()))}
	}
	return []string{st.Title.Render(c.T("card.test.next")) + " " + st.Code.Render("s") + " " + c.F("card.test.startproc", "name", name)}
}

// nextLines offer the step the verdict calls for, and say before the key
// is pressed exactly what it will do: the key itself then acts at once.
func (s *Page) nextLines(w int) []string {
	st, c := s.sh.Styles, s.sh.Cat
	m := s.member()
	name := m.FamilyName + " " + m.GivenName
	var key, what, effect string
	switch {
	case s.keys.Broken.Enabled():
		key, what = "b", c.T("key.card.broken")
		if card := s.card(); card.ID != 0 {
			effect = c.F("card.test.effect.broken", "card", ui.FormatCardNo(card.No), "name", name)
		}
	case s.keys.Password.Enabled():
		key, what = "p", c.T("key.card.password")
		if m.ID != 0 {
			effect = c.F("card.test.effect.password", "name", name)
		}
	default:
		return s.stepLines()
	}
	out := []string{st.Title.Render(c.T("card.test.next")) + " " + st.Code.Render(key) + " " + what}
	if effect != "" {
		for _, l := range strings.Split(lipgloss.NewStyle().Width(w).Render(effect), "\n") {
			out = append(out, st.Muted.Render(l))
		}
	}
	return out
}
