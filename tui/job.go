package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"spdesk/workflows"
)

// job is one change the operator is about to make, in the order every
// procedure and case step follows: an optional short huh form, then a
// confirmation panel listing every effect in plain words, then the
// workflow in a Cmd, then its result. Nothing is written before the
// operator confirms.
type job struct {
	id       int
	title    string
	form     *huh.Form
	effects  func() []string
	run      func(ctx context.Context, svc workflows.Desk, op string) jobResult
	phase    jobPhase
	result   jobResult
	spin     spinner.Model
	keys     jobKeys
	memberID int64 // whose screens reload when it is done
}

type jobPhase int

const (
	jobForm jobPhase = iota
	jobConfirm
	jobRunning
	jobDone
	jobClosed // the screen drops it
)

// jobResult is what the workflow did, already in words.
type jobResult struct {
	memberID int64
	caseID   int64
	caseNo   string
	lines    []string // what happened
	warn     []string // what the operator must tell the member, or a failed identity check
	err      error    // a refusal: shown with workflows.Message
	// outcome is the last workflow answer of the run: its Case is the case
	// as the run left it, which the screens show as soon as the result
	// lands, before the next key (a reload comes later and may be older).
	outcome workflows.Result
}

// jobDoneMsg answers job id. Every screen sees it (the root broadcasts
// non-key messages): the member and case screens reload on it.
type jobDoneMsg struct {
	id  int
	res jobResult
}

type jobKeys struct {
	Confirm key.Binding
	Cancel  key.Binding
	Close   key.Binding
}

func newJobKeys(c Catalog) jobKeys {
	return jobKeys{
		Confirm: key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", c.T("key.confirm"))),
		Cancel:  key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", c.T("key.cancel"))),
		Close:   key.NewBinding(key.WithKeys("enter", "esc", "q"), key.WithHelp("enter/esc", c.T("key.close"))),
	}
}

// jobHelp is the key map of the phase the job is in; during the form it is
// huh's own bindings plus esc.
type jobHelp struct{ j *job }

func (h jobHelp) ShortHelp() []key.Binding {
	k := h.j.keys
	switch h.j.phase {
	case jobForm:
		return append(h.j.form.KeyBinds(), k.Cancel)
	case jobConfirm:
		return []key.Binding{k.Confirm, k.Cancel}
	case jobDone:
		return []key.Binding{k.Close}
	}
	return nil
}

func (h jobHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// newJob starts a job; form may be nil (straight to the confirmation).
func newJob(sh *shared, memberID int64, title string, form *huh.Form, effects func() []string,
	run func(context.Context, workflows.Desk, string) jobResult) *job {
	sh.jobs++
	j := &job{id: sh.jobs, title: title, form: form, effects: effects, run: run, keys: newJobKeys(sh.cat),
		memberID: memberID, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	if form == nil {
		j.phase = jobConfirm
	}
	return j
}

// newJobForm builds a huh form in the console's look: huh's Charm theme
// for the current background (the form never sees the BackgroundColorMsg
// that arrived before it existed), its own help off (the shell's help bar
// shows its keys).
func newJobForm(sh *shared, groups ...*huh.Group) *huh.Form {
	dark := sh.st.dark
	return huh.NewForm(groups...).
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return huh.ThemeCharm(dark) })).
		WithShowHelp(false)
}

func (j *job) Init() tea.Cmd {
	if j.form != nil {
		return j.form.Init()
	}
	return nil
}

func (j *job) SetSize(w, h int) {
	if j.form != nil {
		j.form.WithWidth(min(w-4, 76))
		j.form.Update(tea.WindowSizeMsg{Width: min(w-4, 76), Height: max(1, h-3)})
	}
}

// Update runs the job's phase; sh gives the operator and the service at
// the moment of confirmation.
func (j *job) Update(sh *shared, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobDoneMsg:
		if msg.id == j.id {
			j.phase, j.result = jobDone, msg.res
		}
		return nil
	case spinner.TickMsg:
		if j.phase == jobRunning {
			var cmd tea.Cmd
			j.spin, cmd = j.spin.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		switch j.phase {
		case jobForm:
			if key.Matches(msg, j.keys.Cancel) && msg.String() == "esc" {
				j.phase = jobClosed
				return nil
			}
		case jobConfirm:
			switch {
			case key.Matches(msg, j.keys.Confirm):
				return j.start(sh)
			case key.Matches(msg, j.keys.Cancel):
				j.phase = jobClosed
			}
			return nil
		case jobDone:
			if key.Matches(msg, j.keys.Close) {
				j.phase = jobClosed
			}
			return nil
		case jobRunning:
			return nil
		}
	}
	if j.phase != jobForm {
		return nil
	}
	m, cmd := j.form.Update(msg)
	j.form = m.(*huh.Form)
	switch j.form.State {
	case huh.StateCompleted:
		j.phase = jobConfirm
	case huh.StateAborted:
		j.phase = jobClosed
	}
	return cmd
}

// start runs the workflow in a Cmd as the operator acting now.
func (j *job) start(sh *shared) tea.Cmd {
	svc, op, id, run, member := sh.opts.Service, sh.operator, j.id, j.run, j.memberID
	if svc == nil {
		j.phase = jobDone
		j.result = jobResult{memberID: member, err: errReadOnly}
		return nil
	}
	j.phase = jobRunning
	work := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*queryTimeout)
		defer cancel()
		res := run(ctx, svc, op)
		if res.memberID == 0 {
			res.memberID = member
		}
		return jobDoneMsg{id: id, res: res}
	}
	return tea.Batch(work, j.spin.Tick)
}

// View draws the phase: the form, the effects, a spinner, or the result.
func (j *job) View(sh *shared, w int) string {
	st, c := sh.st, sh.cat
	width := min(w-4, 76)
	var b strings.Builder
	b.WriteString(st.Title.Render(safe(j.title)) + "\n\n")
	switch j.phase {
	case jobForm:
		b.WriteString(j.form.View())
	case jobConfirm:
		b.WriteString(st.Notice.Render(c.T("job.effects")) + "\n")
		for _, e := range j.effects() {
			b.WriteString(wrapBullet(st.Value, "• ", e, width) + "\n")
		}
		b.WriteString("\n" + st.Muted.Render(c.T("job.confirm")))
	case jobRunning:
		b.WriteString(j.spin.View() + " " + st.Muted.Render(c.T("job.running")))
	case jobDone:
		b.WriteString(j.resultView(sh, width))
	}
	return lipgloss.NewStyle().MarginLeft(2).Render(b.String())
}

func (j *job) resultView(sh *shared, width int) string {
	st, c, r := sh.st, sh.cat, j.result
	var b strings.Builder
	if r.err != nil {
		b.WriteString(wrapBullet(st.Error, "✘ ", refusalText(sh, r.err), width) + "\n")
	} else {
		head := c.T("job.done")
		if r.caseNo != "" {
			head = c.F("job.done.case", "case", r.caseNo)
		}
		b.WriteString(st.Code.Render("✔ "+head) + "\n")
		for _, l := range r.lines {
			b.WriteString(wrapBullet(st.Value, "• ", l, width) + "\n")
		}
	}
	for _, w := range r.warn {
		b.WriteString(wrapBullet(st.Warn, "! ", w, width) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render(c.T("job.close")))
	return b.String()
}

// refusalText is what a refusal says to the operator: the workflow's own
// catalog text, in the console's language.
func refusalText(sh *shared, err error) string {
	if err == errReadOnly {
		return sh.cat.T("job.readonly")
	}
	return workflows.Message(err, sh.cat.Lang())
}

// wrapBullet wraps text to width under a hanging bullet.
func wrapBullet(s lipgloss.Style, bullet, text string, width int) string {
	bw := lipgloss.Width(bullet)
	body := lipgloss.NewStyle().Width(max(10, width-bw)).Render(safeLines(text)) // effects and results quote data
	lines := strings.Split(body, "\n")
	for i := range lines {
		pre := strings.Repeat(" ", bw)
		if i == 0 {
			pre = bullet
		}
		lines[i] = s.Render(pre + strings.TrimRight(lines[i], " "))
	}
	return strings.Join(lines, "\n")
}

type readOnlyError struct{}

func (readOnlyError) Error() string { return "no workflows service: read-only console" }

var errReadOnly error = readOnlyError{}

// jobKeyMap lets a screen show the job's keys when one is open.
func (j *job) Keys() help.KeyMap { return jobHelp{j} }
