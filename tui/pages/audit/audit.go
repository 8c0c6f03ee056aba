package audit

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// auditPageSize is how many rows one query reads; the next page is read
// when the cursor reaches the last row loaded (keyset paging in SQL, so a
// page deep in a million rows costs what the first one does).
const auditPageSize = 100

// auditFields are the filter fields, in tab order, as their catalog suffix.
var auditFields = []string{"operator", "member", "case", "action", "from", "to"}

// auditPageMsg answers a filter applied (first page and count) or the
// next page of the same filter.
type auditPageMsg struct {
	seq    int
	filter workflows.AuditFilter
	rows   []workflows.AuditRow
	count  int64 // -1: a further page, count unchanged
	err    error // a refused filter (workflows error) or a failed read
	denied error // workflows.MayReadAudit's refusal: nothing is shown
}

type auditExportMsg struct {
	x   workflows.AuditExport
	err error
}

// Page lists the audit trail newest first, filtered by the fields
// on top, and exports the filtered rows to CSV. It reads through
// the desk, whose audit reads check the supervisor rule themselves, and
// writes only through workflows (the export and its own audit row).
type Page struct {
	ui.Asks
	sh      *ui.Shared
	keys    auditKeys
	in      []textinput.Model
	saved   []string // the fields' values when editing began, for esc
	focus   int      // the field being edited, -1: the list has the keys
	filter  workflows.AuditFilter
	rows    []workflows.AuditRow
	count   int64
	more    bool // the last page read was full
	loading bool
	seq     int
	list    ui.Grid
	ferr    string // why the filter was refused
	result  string // the last export, in words
	failed  bool
	busy    bool
	denied  string // why the operator may not read the trail: nothing is shown
	w, h    int
}

func New(sh *ui.Shared) *Page {
	s := &Page{sh: sh, keys: newAuditKeys(sh.Cat), focus: -1, count: -1}
	for _, f := range auditFields {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 64
		ph := f
		if f == "from" || f == "to" {
			ph = "date"
		}
		in.Placeholder = sh.Cat.T("audit.ph." + ph)
		s.in = append(s.in, in)
	}
	s.restyle()
	s.keys.setEditing(false)
	c := sh.Cat
	s.list.Cols = []ui.Column{{Title: c.T("col.when"), Min: 8, Auto: true}, {Title: c.T("col.who"), Min: 10, Flex: 1}, {Title: c.T("col.action"), Min: 14, Flex: 3},
		{Title: c.T("audit.f.member"), Min: 10, Flex: 0}, {Title: c.T("col.case"), Min: 9, Flex: 0}, {Title: c.T("col.move"), Min: 10, Flex: 2}}
	return s
}

func (s *Page) restyle() {
	ts := textinput.DefaultStyles(s.sh.Styles.Dark)
	ts.Cursor.Blink = false
	for i := range s.in {
		s.in[i].SetStyles(ts)
	}
}

func (s *Page) Init() tea.Cmd     { return s.load(false) }
func (s *Page) Kind() ui.PageKind { return ui.PageAudit }

func (s *Page) Title() string     { return s.sh.Cat.T("audit.title") }
func (s *Page) Keys() help.KeyMap { return s.keys }

func (s *Page) Status() string {
	return s.sh.Styles.Label.Render(s.sh.Cat.T("audit.export_dir")+" ") +
		s.sh.Styles.Value.Render(ui.Safe(ui.ShortenPath(s.sh.AuditExportDir(), max(10, s.w-20))))
}

func (s *Page) query() workflows.AuditQuery {
	v := func(i int) string { return s.in[i].Value() }
	return workflows.AuditQuery{Operator: v(0), Member: v(1), Case: v(2), Action: v(3), From: v(4), To: v(5)}
}

// load reads the first page for the fields as typed (next false), or the
// page after the last row on screen for the filter in force (next true).
func (s *Page) load(next bool) tea.Cmd {
	st := s.sh.Opts.Desk
	if st == nil {
		return nil
	}
	s.seq++
	s.loading = true
	seq, q, filter, before, op := s.seq, s.query(), s.filter, int64(0), s.sh.Operator
	if next && len(s.rows) > 0 {
		before = s.rows[len(s.rows)-1].ID
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := auditPageMsg{seq: seq, count: -1}
		if err := st.MayReadAudit(ctx, op); workflows.ErrorCode(err) == workflows.EFORBIDDEN {
			msg.denied = err
			return msg
		} else if err != nil {
			msg.err = err
			return msg
		}
		if !next {
			if filter, msg.err = st.AuditFilterFor(ctx, op, q); msg.err != nil {
				return msg
			}
			if msg.count, msg.err = st.CountAudit(ctx, op, filter); msg.err != nil {
				return msg
			}
		}
		msg.filter = filter
		msg.rows, msg.err = st.AuditPage(ctx, op, filter, before, auditPageSize)
		return msg
	})
}

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	fw := s.fieldWidth()
	for i := range s.in {
		s.in[i].SetWidth(max(1, fw-s.labelWidth()-2))
	}
	s.list.SetSize(w, max(2, h-auditChrome))
}

// auditChrome is the lines around the list: title, two filter lines, the
// hint or refusal, three detail lines and the export result.
const auditChrome = 8

func (s *Page) fieldWidth() int { return max(12, (s.w-2)/3) }

func (s *Page) labelWidth() int {
	n := 0
	for _, f := range auditFields {
		n = max(n, lipgloss.Width(s.sh.Cat.T("audit.f."+f)))
	}
	return n
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.restyle()
	case auditPageMsg:
		return s, s.answer(msg)
	case auditExportMsg:
		s.busy, s.failed = false, msg.err != nil
		if msg.err != nil {
			s.result = ui.RefusalText(s.sh, msg.err)
		} else {
			s.result = s.sh.Cat.F("audit.exported", "rows", msg.x.Rows, "path", msg.x.Path)
		}
	case tea.KeyPressMsg:
		if s.focus >= 0 {
			return s, s.editKey(msg)
		}
		return s, s.listKey(msg)
	case tea.PasteMsg:
		if s.focus >= 0 {
			var cmd tea.Cmd
			s.in[s.focus], cmd = s.in[s.focus].Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *Page) answer(msg auditPageMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil // the fields changed since
	}
	s.loading = false
	if msg.denied != nil {
		s.denied, s.count = workflows.Message(msg.denied, s.sh.Cat.Lang()), -1
		s.keys.setDenied()
		return nil
	}
	if msg.err != nil {
		var we *workflows.Error
		if errors.As(msg.err, &we) {
			s.ferr = ui.RefusalText(s.sh, msg.err)
			s.setFocus(max(s.focus, 0))
			return nil
		}
		s.sh.Fail("error.audit", msg.err)
		return nil
	}
	s.ferr = ""
	s.more = len(msg.rows) == auditPageSize
	if msg.count >= 0 { // a new filter: a new list
		s.filter, s.count, s.rows = msg.filter, msg.count, msg.rows
		s.setFocus(-1)
		s.fill(0)
		return nil
	}
	cursor := s.list.Cursor()
	s.rows = append(s.rows, msg.rows...)
	s.fill(cursor)
	return nil
}

// fill puts the rows into the grid, the cursor at row cursor.
func (s *Page) fill(cursor int) {
	c := s.sh.Cat
	rows, tones := make([][]string, len(s.rows)), make([][]ui.Tone, len(s.rows))
	for i, r := range s.rows {
		ref := ""
		if r.CaseID != 0 {
			ref = workflows.Case{ID: r.CaseID}.No()
		}
		rows[i] = []string{ui.ShortWhen(c, r.At, s.sh.Today()), r.Operator, auditActionLabel(c, r.Action), r.MemberNo, ref,
			ui.StateMove(c, r.AuditEvent)}
		t := ui.TonePlain
		if r.Action == "denied" {
			t = ui.ToneBad
		}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, t, ui.TonePlain, ui.ToneMuted, ui.TonePlain}
	}
	s.list.SetRows(rows, tones)
	s.list.Move(cursor)
}

// auditActionLabel names an action; actions no case has (an export, a
// refusal) have their own texts.
func auditActionLabel(c ui.Catalog, a string) string {
	if _, ok := Messages["audit.action."+a]; ok {
		return c.T("audit.action." + a)
	}
	return ui.ActionLabel(c, a)
}

func (s *Page) setFocus(i int) {
	for j := range s.in {
		s.in[j].Blur()
	}
	s.focus = i
	if i >= 0 {
		s.in[i].Focus()
	}
	s.keys.setEditing(i >= 0)
}

func (s *Page) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Next):
		s.setFocus((s.focus + 1) % len(s.in))
	case key.Matches(msg, s.keys.Prev):
		s.setFocus((s.focus + len(s.in) - 1) % len(s.in))
	case key.Matches(msg, s.keys.Apply):
		return s.load(false)
	case key.Matches(msg, s.keys.Cancel):
		for i := range s.in {
			s.in[i].SetValue(s.saved[i])
		}
		s.ferr = ""
		s.seq++ // a refusal still on its way is for values no longer shown
		s.loading = false
		s.setFocus(-1)
	default:
		var cmd tea.Cmd
		s.in[s.focus], cmd = s.in[s.focus].Update(msg)
		return cmd
	}
	return nil
}

func (s *Page) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		s.Request(ui.GoBack())
	case key.Matches(msg, k.Filter):
		s.saved = s.saved[:0]
		for _, in := range s.in {
			s.saved = append(s.saved, in.Value())
		}
		s.setFocus(0)
	case key.Matches(msg, k.Clear):
		for i := range s.in {
			s.in[i].SetValue("")
		}
		return s.load(false)
	case k.Move(msg, &s.list):
	case key.Matches(msg, k.Export):
		return s.export()
	}
	// Near the end of what is loaded: read the next page.
	if s.more && !s.loading && s.list.Cursor() >= len(s.rows)-s.list.Page() {
		return s.load(true)
	}
	return nil
}

func (s *Page) export() tea.Cmd {
	svc, op, dir, f := s.sh.Opts.Service, s.sh.Operator, s.sh.AuditExportDir(), s.filter
	switch {
	case s.busy:
		return nil
	case svc == nil:
		s.result, s.failed = ui.RefusalText(s.sh, ui.ErrReadOnly), true
		return nil
	case dir == "":
		s.result, s.failed = s.sh.Cat.T("audit.nodir"), true
		return nil
	}
	s.busy, s.result = true, ""
	return func() tea.Msg {
		x, err := svc.ExportAuditToDir(context.Background(), op, f, dir)
		return auditExportMsg{x, err}
	}
}
