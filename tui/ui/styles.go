package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles is every look the console uses, built for one background. Colours
// are picked in pairs with lipgloss.LightDark so both light and dark
// terminals stay readable; anything that carries meaning (badges, the
// selected row, DEMO) also has brackets, a ▸ marker or bold, which
// survive NO_COLOR. Backgrounds, not reverse video, mark selection: some
// renderers (and screenshots) drop reverse.
type Styles struct {
	Dark bool

	App      lipgloss.Style // "spdesk" in the header
	Demo     lipgloss.Style // DEMO: loud on purpose
	Muted    lipgloss.Style
	Label    lipgloss.Style
	Value    lipgloss.Style
	Title    lipgloss.Style
	Rule     lipgloss.Style
	Error    lipgloss.Style
	Notice   lipgloss.Style
	Code     lipgloss.Style
	Header   lipgloss.Style // table column titles
	Selected lipgloss.Style // table row under the cursor
	Dimmed   lipgloss.Style // selected row while focus is elsewhere
	Warn     lipgloss.Style // badges that need attention
	Bad      lipgloss.Style // badges that stop service
	Info     lipgloss.Style // neutral badges
	TabOn    lipgloss.Style
	TabOff   lipgloss.Style
	Box      lipgloss.Style
	Help     help.Styles
}

func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	accent := ld(c("#5A3FC0"), c("#B8A6FF"))
	muted := ld(c("#5F5F5F"), c("#9E9E9E"))
	red := ld(c("#B00020"), c("#FF6B6B"))
	amber := ld(c("#8A5A00"), c("#FFC857"))
	blue := ld(c("#005A9C"), c("#7CC4FF"))
	fg := ld(c("#1A1A1A"), c("#EDEDED"))
	base := lipgloss.NewStyle()
	return Styles{
		Dark:     dark,
		App:      base.Bold(true).Foreground(accent),
		Demo:     base.Bold(true).Foreground(c("#FFFFFF")).Background(c("#C2185B")),
		Muted:    base.Foreground(muted),
		Label:    base.Foreground(muted),
		Value:    base.Foreground(fg),
		Title:    base.Bold(true).Foreground(accent),
		Rule:     base.Foreground(muted),
		Error:    base.Bold(true).Foreground(red),
		Notice:   base.Bold(true).Foreground(amber),
		Code:     base.Bold(true).Foreground(blue),
		Header:   base.Bold(true).Foreground(muted).Underline(true),
		Selected: base.Bold(true).Foreground(fg).Background(ld(c("#D6CCFF"), c("#463A8C"))),
		Dimmed:   base.Foreground(fg).Background(ld(c("#E6E6E6"), c("#3A3A3A"))),
		Warn:     base.Bold(true).Foreground(amber),
		Bad:      base.Bold(true).Foreground(red),
		Info:     base.Foreground(blue),
		TabOn:    base.Bold(true).Underline(true).Foreground(fg).Background(ld(c("#D6CCFF"), c("#463A8C"))).Padding(0, 1),
		TabOff:   base.Foreground(muted).Padding(0, 1),
		Box:      base.Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Help:     help.DefaultStyles(dark),
	}
}

func (s Styles) Tone(t Tone) lipgloss.Style {
	switch t {
	case ToneInfo:
		return s.Info
	case ToneWarn:
		return s.Warn
	case ToneBad:
		return s.Bad
	case ToneMuted:
		return s.Muted
	}
	return lipgloss.NewStyle()
}

// Input is how a text field looks on every page: no blinking cursor (it
// would redraw the frame twice a second for nothing), the prompt bright
// while the field has the keys and muted when it has not.
func (st Styles) Input() textinput.Styles {
	ts := textinput.DefaultStyles(st.Dark)
	ts.Cursor.Blink = false
	ts.Focused.Prompt = st.Title
	ts.Blurred.Prompt = st.Muted
	return ts
}
