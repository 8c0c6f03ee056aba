package cases

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"spdesk/internal/jpwrap"
	"spdesk/tui/ui"
	"spdesk/workflows"
)

// caseLoadedMsg answers the load of one case with its timeline.
type caseLoadedMsg struct {
	caseID int64
	cs     workflows.Case
	events []workflows.AuditEvent
	notes  []workflows.CaseNote // oldest first, as the desk gives them
	m      workflows.Member
	cards  []workflows.Card
	actor  workflows.Actor // who acts here, for the steps a supervisor takes
	err    error
}

type caseKeys struct {
	Steps []key.Binding // one per step of the case type, in workflows.Choices order
	acts  []workflows.Action
	ui.ListKeys
	StepsHelp key.Binding
	Next      key.Binding // the marked next step
	Note      key.Binding // a note on the case, in any state
	Notes     key.Binding // ↑↓ scroll the notes instead of the timeline, and back
	Back      key.Binding
}

func newCaseKeys(c ui.Catalog, choices []workflows.Choice) caseKeys {
	k := caseKeys{
		ListKeys:  ui.NewListKeys(c, ui.ReachLines),
		StepsHelp: key.NewBinding(key.WithKeys(), key.WithHelp(c.T("key.steps.keys"), c.T("key.steps"))),
		Note:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", c.T("key.case_note"))),
		Notes:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", c.T("key.notes"))),
		Back:      key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
	if i, ok := nextStep(choices); ok {
		k.Next = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", workflows.ActionLabel(choices[i].Action, c.Lang())))
	}
	k.Describe(c.T("key.scroll"))
	for _, ch := range choices { // in choices order, so Steps[i] is choices[i]'s key
		for _, sk := range stepKeys {
			if ch.Action == sk.act {
				k.Steps = append(k.Steps, key.NewBinding(key.WithKeys(sk.key),
					key.WithHelp(sk.key, workflows.ActionLabel(sk.act, c.Lang()))))
				k.acts = append(k.acts, sk.act)
			}
		}
	}
	return k
}

func (k caseKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.StepsHelp, k.Down, k.Note, k.Back}
}

func (k caseKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Steps, {k.Next, k.Note, k.Notes, k.Up, k.Down, k.Back}}
}

// forward is the order in which a step is the case's next one: the way
// a case usually goes on. Resume (the lost card was found) is last: the
// exception, never what the marked key does.
var forward = []workflows.Action{workflows.ActOrderReissue, workflows.ActMailForm, workflows.ActIssuePassword,
	workflows.ActChangeContact, workflows.ActReceiveForm, workflows.ActChangeName, workflows.ActApprove,
	workflows.ActCancelMembership, workflows.ActShipCard, workflows.ActReferToIssuer, workflows.ActClose, workflows.ActResume}

// nextStep is the index in choices of the case's next step: the first in
// forward order that may be taken now, or once the caller's identity is
// checked (the job then asks for it first). false: nothing to do at the
// desk.
func nextStep(choices []workflows.Choice) (int, bool) {
	for _, act := range forward {
		for i, ch := range choices {
			if ch.Action == act && (ch.Allowed || needsIdentity(ch)) {
				return i, true
			}
		}
	}
	return 0, false
}

// needsIdentity says the step is held only by the identity check: its
// job asks for the caller's answers, then takes it.
func needsIdentity(ch workflows.Choice) bool {
	return !ch.Allowed && workflows.ErrorCode(ch.Reason) == workflows.EIDENTITY
}

// Page shows one case: what it is, where it stands, the steps that
// can follow (the ones not allowed now dimmed, with the workflow's reason)
// and its timeline. Each step is one key, then the job's confirmation.
type Page struct {
	ui.Asks
	sh     *ui.Shared
	m      workflows.Member
	cs     workflows.Case
	cards  []workflows.Card
	events []workflows.AuditEvent
	// notes are the case's notes, newest first: what the next operator
	// reads before the timeline. They take a compact share of the rows
	// under the steps (the steps and keys always stay on screen); tab
	// gives ↑↓ to them, and them most of those rows, to read the rest.
	notes     []workflows.CaseNote
	noteTop   int  // first note line shown
	noteFocus bool // ↑↓ scroll the notes, not the timeline
	noteRows  int  // note lines shown, set by SetSize
	choices   []workflows.Choice
	actor     workflows.Actor
	loaded    bool
	// held is a step key typed before the first load answered: the actor
	// (and so what may be done) is only known then, so the step starts
	// when it lands instead of being refused on a stand-in.
	held     workflows.Action
	heldNote bool // t typed before the first load, the same way
	keys     caseKeys
	timeline ui.Grid
	job      *ui.Job
	jobAct   workflows.Action // the step job takes, for a retry
	w, h     int
}

// Unsaved says a half-filled form is open (the root asks before ctrl+c).
func (s *Page) Unsaved() bool { return s.job != nil && s.job.Unsaved() }

// why is the reason a step is dimmed, in words (workflows.Choice.Why):
// never a code; an approval refused to this operator names who may.
func (s *Page) why(ch workflows.Choice) string {
	lang := s.sh.Cat.Lang()
	if ch.Action == workflows.ActApprove && s.cs.Type == workflows.CaseCancellation &&
		workflows.ErrorCode(ch.Reason) != workflows.EFORBIDDEN {
		return ch.Why(lang) + " " + s.sh.Cat.F("fx.approve_who", "who", workflows.WhoApproves(s.cs, lang))
	}
	return ch.Why(lang)
}

func New(sh *ui.Shared, m workflows.Member, cs workflows.Case) *Page {
	s := &Page{sh: sh, m: m, cs: cs, actor: workflows.Actor{Login: sh.Operator}}
	if sh.Account.Login == sh.Operator {
		s.actor = workflows.AccountActor(sh.Account) // until the load reads it again
	}
	s.setCase(cs)
	c := sh.Cat
	s.timeline.Cols = []ui.Column{{Title: c.T("col.when"), Min: 8, Auto: true}, {Title: c.T("col.who"), Min: 14, Flex: 0}, {Title: c.T("col.action"), Min: 14, Flex: 2},
		{Title: c.T("col.move"), Min: 16, Flex: 2}}
	return s
}

func (s *Page) setCase(cs workflows.Case) {
	s.cs = cs
	s.choices = workflows.Choices(cs, s.m, s.actor) // the rule the step itself checks
	s.keys = newCaseKeys(s.sh.Cat, s.choices)
}

func (s *Page) Init() tea.Cmd { return s.load() }

func (s *Page) load() tea.Cmd {
	r, id, mid, op := s.sh.Reader(), s.cs.ID, s.m.ID, s.sh.Operator
	if r == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		msg := caseLoadedMsg{caseID: id}
		if msg.cs, msg.err = r.CaseByID(ctx, id); msg.err != nil {
			return msg
		}
		if msg.events, msg.err = r.AuditOfCase(ctx, id); msg.err != nil {
			return msg
		}
		if msg.notes, msg.err = r.NotesOfCase(ctx, id); msg.err != nil {
			return msg
		}
		if msg.m, msg.err = r.MemberByID(ctx, mid); msg.err != nil {
			return msg
		}
		if msg.cards, msg.err = r.CardsOfMember(ctx, mid); msg.err != nil {
			return msg
		}
		msg.actor, msg.err = r.Actor(ctx, op)
		return msg
	})
}

func (s *Page) Kind() ui.PageKind { return ui.PageCase }

func (s *Page) Title() string {
	if s.job != nil {
		return s.job.Title
	}
	return s.cs.No() + " " + workflows.CaseTypeLabel(s.cs.Type, s.sh.Cat.Lang())
}

func (s *Page) Status() string {
	return s.sh.Styles.Value.Render(ui.Safe(s.m.No + " " + s.m.Name()))
}

func (s *Page) Keys() help.KeyMap {
	if s.job != nil {
		return s.job.Keys()
	}
	return s.keys
}

func (s *Page) SetSize(w, h int) {
	s.w, s.h = w, h
	lower := h - s.headRows() // the timeline's rows, its header among them
	s.noteRows = 0
	if n := len(s.noteLines()); n > 0 {
		// Unfocused, the notes take up to half; focused, all but the
		// timeline's header and one row. Each way the title and a blank
		// line come with them.
		room := (lower - 2) / 2
		if s.noteFocus {
			room = lower - 2 - 2
		}
		s.noteRows = min(n, max(1, room))
		s.noteTop = max(0, min(s.noteTop, n-s.noteRows))
		lower -= s.noteRows + 2
	}
	s.timeline.SetSize(w-2, max(2, lower))
	if s.job != nil {
		s.job.SetSize(w, h)
	}
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case caseLoadedMsg:
		if msg.caseID != s.cs.ID {
			return s, nil
		}
		if msg.err != nil {
			s.sh.Fail("error.case", msg.err)
			return s, nil
		}
		if msg.cs.Version < s.cs.Version {
			// Read before a step whose result is already shown: drawing it
			// would bring back the old state, and the old version, under
			// the next key.
			return s, nil
		}
		if len(msg.notes) != len(s.notes) {
			s.noteTop = 0 // a new note is the newest: show it
		}
		s.m, s.cards, s.events, s.actor, s.loaded = msg.m, msg.cards, msg.events, msg.actor, true
		s.notes = make([]workflows.CaseNote, len(msg.notes))
		for i, n := range msg.notes {
			s.notes[len(msg.notes)-1-i] = n
		}
		s.setCase(msg.cs)
		s.setTimeline()
		s.SetSize(s.w, s.h)
		if act := s.held; act != "" && s.job == nil {
			s.held = ""
			return s, s.startStep(act)
		}
		if s.heldNote && s.job == nil {
			s.heldNote = false
			return s, s.startNote()
		}
		return s, nil
	case ui.ChangedMsg:
		// The case or its member changed at another desk: the timeline and
		// state follow; a step form open here keeps what was typed.
		if (msg.CaseID != 0 && msg.CaseID == s.cs.ID) || (msg.MemberID != 0 && msg.MemberID == s.m.ID) {
			return s, s.load()
		}
		return s, nil
	case ui.JobDoneMsg:
		var cmd tea.Cmd
		if s.job != nil {
			cmd = s.job.Update(s.sh, msg)
		}
		// The step's own answer moves the case now, so the key that closes
		// the result and the one after it act on the new state; the reload
		// below brings the timeline, member and cards.
		if cs := msg.Res.Outcome.Case; cs.ID == s.cs.ID && cs.Version > s.cs.Version {
			s.setCase(cs)
			s.SetSize(s.w, s.h)
		}
		if msg.Res.MemberID == s.m.ID {
			cmd = tea.Batch(cmd, s.load())
		}
		return s, cmd
	}
	if s.job != nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && s.job.IsRetry(k) {
			s.job = nil
			return s, s.startStep(s.jobAct)
		}
		cmd := s.job.Update(s.sh, msg)
		if s.job.Phase == ui.JobClosed {
			s.job = nil
		}
		return s, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case len(s.keys.Next.Keys()) > 0 && key.Matches(k, s.keys.Next):
		if i, ok := nextStep(s.choices); ok {
			return s, s.startStep(s.choices[i].Action)
		}
	case key.Matches(k, s.keys.Back):
		s.Request(ui.GoBack())
	case key.Matches(k, s.keys.Note):
		return s, s.startNote()
	case key.Matches(k, s.keys.Notes):
		s.noteFocus = !s.noteFocus && len(s.notes) > 0
		s.SetSize(s.w, s.h)
	case s.noteFocus && s.scrollNotes(k):
	case s.keys.Move(k, &s.timeline):
	default:
		for i, b := range s.keys.Steps {
			if key.Matches(k, b) {
				return s, s.startStep(s.keys.acts[i])
			}
		}
	}
	return s, nil
}

// startNote opens the note form: what was tried or promised on this
// case, for the next operator (stored as typed; secrets are refused).
func (s *Page) startNote() tea.Cmd {
	if s.sh.Opts.Service == nil {
		s.sh.Banner = s.sh.Cat.T("job.readonly")
		return nil
	}
	if !s.loaded {
		s.heldNote = true
		return nil
	}
	c := s.sh.Cat
	cs := s.cs
	var note string
	form := jobForm(s.sh, huh.NewGroup(huh.NewInput().Title(c.T("note.case")).Value(&note).CharLimit(2000).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New(c.T("note.empty"))
			}
			return nil
		})))
	effects := func() []string { return []string{c.F("fx.case_note", "case", cs.No())} }
	s.job = ui.NewJob(s.sh, s.m.ID, cs.No()+" "+c.T("key.case_note"), form, effects,
		func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
			res := ui.JobResult{CaseID: cs.ID, CaseNo: cs.No()}
			if _, err := svc.AddCaseNote(ctx, op, cs.ID, note); err != nil {
				res.Err = err
				return res
			}
			res.Lines = []string{c.F("done.case_note", "case", cs.No())}
			return res
		})
	s.job.SetSize(s.w, s.h)
	return s.job.Init()
}

// startStep opens the job of act, or says why it cannot be taken now.
func (s *Page) startStep(act workflows.Action) tea.Cmd {
	if s.sh.Opts.Service == nil {
		s.sh.Banner = s.sh.Cat.T("job.readonly")
		return nil
	}
	if !s.loaded {
		s.held = act
		return nil
	}
	then := false
	for _, ch := range s.choices {
		if ch.Action == act && needsIdentity(ch) && act != workflows.ActCheckIdentity {
			then = true
		} else if ch.Action == act && !ch.Allowed {
			s.sh.Banner = s.why(ch)
			return nil
		}
	}
	s.jobAct = act
	if then {
		s.job = identityThenJob(s.sh, s.m, s.cards, s.cs, act)
	} else {
		s.job = stepJob(s.sh, s.m, s.cards, s.cs, act)
	}
	s.job.SetSize(s.w, s.h)
	return s.job.Init()
}

func (s *Page) setTimeline() {
	c, today := s.sh.Cat, s.sh.Today()
	rows, tones := make([][]string, len(s.events)), make([][]ui.Tone, len(s.events))
	for i, e := range s.events {
		typ, act, _ := strings.Cut(e.Action, ".")
		label := workflows.ActionLabel(workflows.Action(act), c.Lang())
		if typ == "case" && act == "note" { // the note itself is above, in full
			label = c.T("tl.note")
		}
		if e.Note != "" {
			label += " — " + e.Note
		}
		rows[i] = []string{ui.ShortWhen(c, e.At, today), e.Operator, label, ui.StateMove(c, e)}
		tones[i] = []ui.Tone{ui.ToneMuted, ui.TonePlain, ui.TonePlain, ui.TonePlain}
	}
	s.timeline.SetRows(rows, tones)
	s.timeline.Bottom() // the newest step is what the operator came for
}

// scrollNotes moves the notes a line for ↑↓; false for any other key.
func (s *Page) scrollNotes(k tea.KeyPressMsg) bool {
	n := len(s.noteLines())
	switch {
	case key.Matches(k, s.keys.Up):
		s.noteTop--
	case key.Matches(k, s.keys.Down):
		s.noteTop++
	default:
		return false
	}
	s.noteTop = max(0, min(s.noteTop, n-s.noteRows))
	return true
}

// noteLines are the notes as drawn, newest first: when and who, then the
// text on the same line and under it, wrapped by Japanese line-breaking
// rules (no line starts with 。、」, numbers and case numbers whole) and
// shown safe. A short note takes one line.
func (s *Page) noteLines() []string {
	st, c := s.sh.Styles, s.sh.Cat
	var out []string
	for _, n := range s.notes {
		head := "  " + st.Label.Render(ui.ShortWhen(c, n.At, s.sh.Today())+"  "+ui.Safe(n.Operator)) + "  "
		text := ui.SafeLines(n.Note)
		if first := s.w - lipgloss.Width(head); first >= 12 {
			if l := jpwrap.Lines(text, first)[0]; strings.HasPrefix(text, l) {
				out = append(out, head+st.Value.Render(l))
				text = strings.TrimLeft(strings.TrimPrefix(text, l), " ")
				text = strings.TrimPrefix(text, "\n")
				head = ""
			}
		}
		if head != "" {
			out = append(out, head)
		}
		if text == "" {
			continue
		}
		for _, l := range jpwrap.Lines(text, max(10, s.w-6)) {
			out = append(out, "    "+st.Value.Render(l))
		}
	}
	return out
}

// notesView is the notes' title, saying how to read more when not all
// fit, and the lines that fit.
func (s *Page) notesView() string {
	st, c := s.sh.Styles, s.sh.Cat
	lines := s.noteLines()
	title := " " + st.Title.Render(c.F("case.notes", "n", len(s.notes)))
	switch {
	case s.noteFocus:
		title += "  " + st.Notice.Render(c.T("case.notes.focus"))
	case len(lines) > s.noteRows:
		title += "  " + st.Muted.Render(c.F("case.notes.more", "n", len(lines)-s.noteRows))
	}
	end := min(len(lines), s.noteTop+s.noteRows)
	return ui.Fit(title, s.w) + "\n" + strings.Join(lines[s.noteTop:end], "\n")
}

// headRows is how many lines the summary and step list take above the
// timeline.
func (s *Page) headRows() int { return 6 + len(s.choices) }

func (s *Page) View() string {
	if s.job != nil {
		return ui.FitBlock("\n"+s.job.View(s.sh, s.w), s.w, s.h)
	}
	st, c, cs := s.sh.Styles, s.sh.Cat, s.cs
	lang := c.Lang()
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(cs.No()+"  "+workflows.CaseTypeLabel(cs.Type, lang)) + "  " +
		st.Label.Render(c.T("col.state")+" ") + st.Notice.Render(workflows.StateLabel(cs.State, lang)) + "  " +
		st.Label.Render(c.T("col.due")+" ") + st.Value.Render(ui.FormatDate(c, cs.DueOn)) + "  " +
		st.Label.Render(c.T("col.waiting")+" ") + st.Value.Render(ui.WaitingLabel(c, cs.WaitingOn)) + "\n")
	idText := c.T("case.id.none")
	switch {
	case cs.IdentityPassed:
		idText = c.F("case.id.passed", "operator", cs.IdentityCheckedBy)
	case !cs.IdentityCheckedAt.IsZero():
		idText = c.T("case.id.failed")
	}
	line := " " + st.Label.Render(c.T("case.identity")+" ") + st.Value.Render(idText)
	if cs.CardID != 0 {
		line += "  " + st.Label.Render(c.T("col.cardno")+" ") + st.Value.Render(ui.Safe(cardNo(s.cards, cs.CardID)))
	}
	if cs.RequestedBy != "" {
		line += "  " + st.Label.Render(c.T("case.requested")+" ") + st.Value.Render(ui.Safe(cs.RequestedBy))
	}
	if cs.WithdrawReason != "" {
		line += "  " + st.Label.Render(c.T("case.reason")+" ") + st.Value.Render(ui.Safe(cs.WithdrawReason))
	}
	b.WriteString(line + "\n\n " + st.Title.Render(c.T("case.next")) + "\n")
	next, hasNext := nextStep(s.choices)
	for i, ch := range s.choices {
		k := s.keys.Steps[i].Help().Key
		name := workflows.ActionLabel(ch.Action, lang)
		mark := "  "
		if hasNext && i == next {
			mark = st.Title.Render("▸") + " "
		}
		switch {
		case hasNext && i == next && needsIdentity(ch):
			b.WriteString(mark + st.Code.Render("["+k+"]") + " " + st.Selected.Render(name) + " " +
				st.Muted.Render(c.T("case.after_identity")) + "  " + st.Muted.Render(c.T("case.enter")) + "\n")
		case hasNext && i == next:
			b.WriteString(mark + st.Code.Render("["+k+"]") + " " + st.Selected.Render(name) + "  " + st.Muted.Render(c.T("case.enter")) + "\n")
		case ch.Allowed:
			b.WriteString(mark + st.Code.Render("["+k+"]") + " " + st.Value.Render(name) + "\n")
		default:
			b.WriteString(mark + st.Muted.Render(ui.Fit("["+k+"] "+name+" — "+s.why(ch), max(10, s.w-4))) + "\n")
		}
	}
	if s.noteRows > 0 {
		b.WriteString("\n" + s.notesView() + "\n")
	}
	b.WriteString("\n " + st.Title.Render(c.T("case.timeline")) + "\n")
	b.WriteString(s.timeline.View(st, false))
	return ui.FitBlock(b.String(), s.w, s.h)
}
