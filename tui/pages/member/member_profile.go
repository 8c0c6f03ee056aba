package member

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// profileTab lists every field we hold on the member, label then value.
type profileTab struct{ noKeys }

func (profileTab) name() string     { return "tab.profile" }
func (profileTab) fill(*file, part) {}
func (profileTab) grid() *ui.Grid   { return nil }

func (profileTab) view(f *file) string {
	st, c, m := f.sh.Styles, f.sh.Cat, f.m
	active, suspended := 0, 0
	for _, cd := range f.cards {
		switch cd.Status {
		case workflows.CardActive:
			active++
		case workflows.CardSuspended:
			suspended++
		}
	}
	pw := map[workflows.PasswordState]string{
		workflows.PasswordOK: c.T("pw.ok"), workflows.PasswordLocked: c.T("pw.locked"), workflows.PasswordIssued: c.T("pw.issued"),
	}[m.PasswordState]
	status := map[workflows.MemberStatus]string{
		workflows.MemberActive: c.T("status.active"), workflows.MemberCancellationPending: c.T("status.pending"),
		workflows.MemberCancelled: c.T("status.cancelled"),
	}[m.Status]
	guardian := c.T("guardian.no")
	if m.GuardianConsent {
		guardian = c.T("guardian.yes")
	}
	rows := [][2]string{
		{"f.memberno", m.No},
		{"f.name", m.Name()},
		{"f.reading", m.Reading()},
		{"f.birth", ui.FormatDate(c, m.BirthDate)},
		{"f.postal", jpform.Postal(m.PostalCode)},
		{"f.address", m.Address},
		{"f.phone", ui.FormatPhone(m.Phone)},
		{"f.email", m.Email},
		{"f.joined", ui.FormatDate(c, m.JoinedOn)},
		{"f.fee", feeText(c, m)},
		{"f.password", pw},
		{"f.status", status},
		{"f.guardian", guardian},
		{"f.cards", c.F("cards.summary", "total", len(f.cards), "active", active, "suspended", suspended)},
	}
	labelW := 0
	head := recentCalls(f, f.w, f.profileRoom-len(rows)-1) // the calls first: what was already tried
	for _, r := range rows {
		labelW = max(labelW, lipgloss.Width(c.T(r[0])))
	}
	var b strings.Builder
	if head != "" {
		b.WriteString(head + "\n\n")
	}
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		r[1] = ui.Safe(r[1]) // every value is data
		val := st.Value.Render(r[1])
		switch {
		case r[0] == "f.password" && m.PasswordState != workflows.PasswordOK,
			r[0] == "f.status" && m.Status != workflows.MemberActive:
			val = st.Bad.Render(r[1])
		case r[0] == "f.cards" && suspended > 0:
			val = st.Warn.Render(r[1])
		}
		b.WriteString("  " + st.Label.Render(ui.Fit(c.T(r[0]), labelW)) + "  " + val)
	}
	return b.String()
}

// feeText is how the annual fee is paid: card brand and last four digits
// (we never hold more), or postal transfer.
func feeText(c ui.Catalog, m workflows.Member) string {
	switch m.FeeMethod {
	case workflows.FeeCard:
		return c.F("fee.card", "brand", m.FeeCardBrand, "last4", m.FeeCardLast4)
	case workflows.FeePostal:
		return c.T("fee.postal")
	}
	return c.T("fee.none")
}

// cardsTab lists the member's cards, masked; c asks for the card test of
// the selected one.
type cardsTab struct {
	g    ui.Grid
	test key.Binding
}

func newCardsTab(c ui.Catalog) *cardsTab {
	t := &cardsTab{test: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", c.T("key.cardtest")))}
	d := 10
	if c.Lang() == ui.LangJA {
		d = 14
	}
	t.g.Cols = []ui.Column{
		{Title: c.T("col.cardno"), Min: 19, Flex: 0},
		{Title: c.T("col.kind"), Min: 10, Flex: 2}, // with the card company: "クレジット JCB"
		{Title: c.T("col.status"), Min: 10, Flex: 1},
		{Title: c.T("col.issued"), Min: d, Flex: 0},
		{Title: c.T("col.expires"), Min: d, Flex: 0},
	}
	return t
}

func (t *cardsTab) name() string         { return "tab.cards" }
func (t *cardsTab) grid() *ui.Grid       { return &t.g }
func (t *cardsTab) keys() []*key.Binding { return []*key.Binding{&t.test} }

func (t *cardsTab) key(msg tea.KeyPressMsg, f *file) (ui.Nav, bool) {
	if !key.Matches(msg, t.test) {
		return ui.Nav{}, false
	}
	cardNo := ""
	if i := t.g.Cursor(); i >= 0 && i < len(f.cards) {
		cardNo = f.cards[i].No
	}
	return ui.OpenCardTest(f.m.No, cardNo), true
}

// fill makes the cards' rows. Whether a card has expired is decided
// here, once per load, from the injected clock: a card is valid through
// the whole of its expiry day.
func (t *cardsTab) fill(f *file, p part) {
	if p != partCards && p != partStops {
		return
	}
	cards, c := f.cards, f.sh.Cat
	today := f.sh.Today()
	rows := make([][]string, len(cards))
	tones := make([][]ui.Tone, len(cards))
	for i, cd := range cards {
		status, t := c.T("card.active"), ui.TonePlain
		expired := !cd.ExpiresOn.IsZero() && cd.ExpiresOn.Before(today.Time)
		switch cd.Status {
		case workflows.CardSuspended:
			status, t = "["+c.T("badge.suspended")+"]", ui.ToneBad
			if st, ok := f.stops[cd.ID]; ok && st.EventID != 0 && st.ConfirmedAt.IsZero() {
				status += c.T("stop.mark.pending")
			}
		case workflows.CardRevoked:
			status, t = c.T("card.revoked"), ui.ToneMuted
		}
		et := ui.TonePlain
		if expired {
			// An expired card cannot be used whatever its status says,
			// so the mark replaces "active" rather than adding to it.
			if cd.Status == workflows.CardActive {
				status = ""
			}
			status += "[" + c.T("card.expired") + "]"
			et = ui.ToneWarn
			if t == ui.TonePlain {
				t = ui.ToneWarn
			}
		}
		kind := c.T("kind.standard")
		if cd.Kind == workflows.CardCredit {
			kind = strings.TrimSpace(c.T("kind.credit") + " " + cd.Company)
		}
		// Masked: the full number is shown only on the card test screen,
		// with the card in the reader.
		rows[i] = []string{workflows.MaskCardNo(cd.No), kind, status, ui.FormatDate(c, cd.IssuedOn), ui.FormatDate(c, cd.ExpiresOn)}
		tones[i] = []ui.Tone{ui.TonePlain, ui.TonePlain, t, ui.TonePlain, et}
	}
	t.g.SetRows(rows, tones)
}

func (t *cardsTab) view(f *file) string {
	if len(f.cards) == 0 {
		return "  " + f.sh.Styles.Muted.Render(f.sh.Cat.T("cards.none"))
	}
	out := t.g.View(f.sh.Styles, true)
	if lines := stopLines(f); len(lines) > 0 {
		out += "\n" + strings.Join(lines, "\n")
	}
	return out
}

// stopLines say for each stopped card whether the login service knows.
func stopLines(f *file) []string {
	var out []string
	for _, cd := range f.cards {
		if l := stopLine(f, cd); l != "" {
			tone := f.sh.Styles.Value
			if st := f.stops[cd.ID]; st.Parked {
				tone = f.sh.Styles.Bad
			} else if st.ConfirmedAt.IsZero() {
				tone = f.sh.Styles.Warn
			}
			out = append(out, "  "+tone.Render(ui.Safe(l)))
		}
	}
	return out
}

func (t *cardsTab) below(f *file) int { return len(stopLines(f)) }
