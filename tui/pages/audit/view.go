package audit

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

func (s *Page) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	right := ""
	switch {
	case s.loading && s.count < 0:
		right = c.T("member.loading")
	case s.count >= 0:
		right = c.F("audit.count", "rows", jpform.Count(int(s.count)))
	}
	b.WriteString(ui.Spread(" "+st.Title.Render(c.T("audit.title")), st.Muted.Render(right)+" ", s.w) + "\n")
	for row := 0; row < 2; row++ {
		line := " "
		for col := 0; col < 3; col++ {
			i := row*3 + col
			label := st.Label.Render(ui.Fit(c.T("audit.f."+auditFields[i]), s.labelWidth()))
			if i == s.focus {
				label = st.Title.Render(ui.Fit(c.T("audit.f."+auditFields[i]), s.labelWidth()))
			}
			line += ui.Fit(label+" "+s.in[i].View(), s.fieldWidth())
		}
		b.WriteString(line + "\n")
	}
	switch {
	case s.ferr != "":
		b.WriteString(" " + st.Error.Render("✘ "+ui.Safe(s.ferr)) + "\n")
	case s.focus >= 0:
		b.WriteString(" " + st.Muted.Render(c.T("audit.edithint")) + "\n")
	default:
		b.WriteString(" " + st.Muted.Render(c.T("audit.hint")) + "\n")
	}
	if s.denied != "" {
		b.WriteString("\n  " + st.Error.Render("✘ "+s.denied))
		return ui.FitBlock(b.String(), s.w, s.h)
	}
	if s.count == 0 {
		b.WriteString("\n  " + st.Notice.Render(c.T("audit.none")))
		b.WriteString(strings.Repeat("\n", max(0, s.list.H-1)))
	} else {
		b.WriteString(ui.FitBlock(s.list.View(st, s.focus < 0), s.w, s.list.H))
	}
	b.WriteString("\n" + s.detail())
	switch {
	case s.busy:
		b.WriteString("\n " + st.Muted.Render(c.T("audit.exporting")))
	case s.result != "" && s.failed:
		b.WriteString("\n " + st.Error.Render("✘ "+ui.Safe(s.result)))
	case s.result != "":
		b.WriteString("\n " + st.Code.Render("✔ "+ui.Safe(s.result)))
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}

// detail is the cursor row's before, after and note, one line each.
func (s *Page) detail() string {
	st, c := s.sh.Styles, s.sh.Cat
	var r workflows.AuditRow
	if i := s.list.Cursor(); i < len(s.rows) {
		r = s.rows[i]
	}
	lw := max(lipgloss.Width(c.T("audit.before")), lipgloss.Width(c.T("audit.after")), lipgloss.Width(c.T("audit.note")))
	line := func(k, v string) string {
		return " " + st.Label.Render(ui.Fit(c.T(k), lw)) + " " + st.Value.Render(ui.Fit(ui.Safe(v), max(1, s.w-lw-3)))
	}
	return fmt.Sprintf("%s\n%s\n%s", line("audit.before", r.Before), line("audit.after", r.After), line("audit.note", r.Note))
}
