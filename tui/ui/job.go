package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"spdesk/internal/jpwrap"
	"spdesk/workflows"
)

// Job is one change the operator is about to make, in the order every
// procedure and case step follows: an optional short huh form, then a
// confirmation panel listing every effect in plain words, then the
// workflow in a Cmd, then its result. Nothing is written before the
// operator confirms.
type Job struct {
	ID       int
	Title    string
	form     *huh.Form
	effects  func() []string
	Run      func(ctx context.Context, svc workflows.Desk, op string) JobResult
	Phase    jobPhase
	result   JobResult
	spin     spinner.Model
	keys     jobKeys
	MemberID int64 // whose screens reload when it is done
	typed    bool  // a key went into the form: esc or ctrl+c asks before dropping it
}

type jobPhase int

const (
	JobForm jobPhase = iota
	jobConfirm
	jobRunning
	jobDone
	jobDiscard // esc or ctrl+c in a half-filled form: asking before dropping it
	JobClosed  // the screen drops it
)

// JobResult is what the workflow did, already in words.
type JobResult struct {
	MemberID int64
	CaseID   int64
	CaseNo   string
	Lines    []string // what happened
	Warn     []string // what the operator must tell the member, or a failed identity check
	Err      error    // a refusal: shown with workflows.Message
	// Failed: the step was recorded but did not do what it was for (an
	// identity check that did not pass, workflows.Result.Failed): shown
	// as a failure with Warn saying why, never as done.
	Failed bool
	// Outcome is the last workflow answer of the run: its Case is the case
	// as the run left it, which the screens show as soon as the result
	// lands, before the next key (a reload comes later and may be older).
	Outcome workflows.Result
}

// JobDoneMsg answers job id. Every screen sees it (the root broadcasts
// non-key messages): the member and case screens reload on it.
type JobDoneMsg struct {
	ID  int
	Res JobResult
}

type jobKeys struct {
	Confirm key.Binding
	Cancel  key.Binding
	Close   key.Binding
	Retry   key.Binding // after a failure, the page starts the job again
	Discard key.Binding
	Keep    key.Binding
}

func newJobKeys(c Catalog) jobKeys {
	return jobKeys{
		Confirm: key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", c.T("key.confirm"))),
		Cancel:  key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", c.T("key.cancel"))),
		Close:   key.NewBinding(key.WithKeys("enter", "esc", "q"), key.WithHelp("enter/esc", c.T("key.close"))),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.retry"))),
		Discard: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", c.T("key.discard"))),
		Keep:    key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/esc", c.T("key.keep"))),
	}
}

// jobHelp is the key map of the phase the job is in; during the form it is
// huh's own bindings plus esc.
type jobHelp struct{ j *Job }

func (h jobHelp) ShortHelp() []key.Binding {
	k := h.j.keys
	switch h.j.Phase {
	case JobForm:
		return append(h.j.form.KeyBinds(), k.Cancel)
	case jobConfirm:
		return []key.Binding{k.Confirm, k.Cancel}
	case jobDone:
		if h.j.result.Failed {
			return []key.Binding{k.Retry, k.Close}
		}
		return []key.Binding{k.Close}
	case jobDiscard:
		return []key.Binding{k.Discard, k.Keep}
	}
	return nil
}

func (h jobHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// NewJob starts a job; form may be nil (straight to the confirmation).
func NewJob(sh *Shared, memberID int64, title string, form *huh.Form, effects func() []string,
	run func(context.Context, workflows.Desk, string) JobResult) *Job {
	sh.jobs++
	j := &Job{ID: sh.jobs, Title: title, form: form, effects: effects, Run: run, keys: newJobKeys(sh.Cat),
		MemberID: memberID, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	if form == nil {
		j.Phase = jobConfirm
	}
	return j
}

// NewJobForm builds a huh form in the console's look: huh's Charm theme
// for the current background (the form never sees the BackgroundColorMsg
// that arrived before it existed), its own help off (the shell's help bar
// shows its keys).
func NewJobForm(sh *Shared, groups ...*huh.Group) *huh.Form {
	dark := sh.Styles.Dark
	return huh.NewForm(groups...).
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return huh.ThemeCharm(dark) })).
		WithShowHelp(false).WithKeyMap(formKeys(sh.Cat))
}

// formKeys is huh's key map with its help in the console's language: the
// shell's help bar shows them, and huh's own are English only.
func formKeys(c Catalog) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	help := func(b *key.Binding, keys, text string) { b.SetHelp(keys, c.T(text)) }
	help(&k.Input.Next, "enter", "form.next")
	help(&k.Input.Prev, "shift+tab", "form.prev")
	help(&k.Input.Submit, "enter", "form.submit")
	help(&k.Input.AcceptSuggestion, "ctrl+e", "form.complete")
	help(&k.Text.Next, "tab", "form.next")
	help(&k.Text.Prev, "shift+tab", "form.prev")
	help(&k.Text.Submit, "enter", "form.submit")
	help(&k.Text.NewLine, "alt+enter", "form.newline")
	help(&k.Text.Editor, "ctrl+e", "form.editor")
	help(&k.Select.Next, "enter", "form.choose")
	help(&k.Select.Prev, "shift+tab", "form.prev")
	help(&k.Select.Submit, "enter", "form.submit")
	help(&k.Select.Up, "↑", "form.up")
	help(&k.Select.Down, "↓", "form.down")
	help(&k.Select.Filter, "/", "form.filter")
	help(&k.Select.SetFilter, "esc", "form.filter_set")
	help(&k.Select.ClearFilter, "esc", "form.filter_clear")
	help(&k.Select.HalfPageUp, "ctrl+u", "form.halfup")
	help(&k.Select.HalfPageDown, "ctrl+d", "form.halfdown")
	help(&k.Select.GotoTop, "g/home", "form.top")
	help(&k.Select.GotoBottom, "G/end", "form.bottom")
	help(&k.Select.Left, "←", "form.left")
	help(&k.Select.Right, "→", "form.right")
	help(&k.Confirm.Next, "enter", "form.next")
	help(&k.Confirm.Prev, "shift+tab", "form.prev")
	help(&k.Confirm.Submit, "enter", "form.submit")
	help(&k.Confirm.Toggle, "←/→", "form.toggle")
	help(&k.Confirm.Accept, "y", "form.yes")
	help(&k.Confirm.Reject, "n", "form.no")
	help(&k.Note.Next, "enter", "form.next")
	help(&k.Note.Prev, "shift+tab", "form.prev")
	help(&k.Note.Submit, "enter", "form.submit")
	return k
}

// Unsaved says the job holds what the operator typed and has not done
// yet: the root asks the page before ctrl+c drops it.
func (j *Job) Unsaved() bool { return j.Phase == JobForm && j.typed }

// Failed says the job has run and its result is a failure the operator
// may try again (JobResult.Failed).
func (j *Job) Failed() bool { return j.Phase == jobDone && j.result.Failed }

// IsRetry is the key that, on a failed result, starts the job again.
func (j *Job) IsRetry(k tea.KeyPressMsg) bool { return j.Failed() && key.Matches(k, j.keys.Retry) }

func (j *Job) Init() tea.Cmd {
	if j.form != nil {
		return j.form.Init()
	}
	return nil
}

func (j *Job) SetSize(w, h int) {
	if j.form != nil {
		j.form.WithWidth(min(w-4, 76))
		j.form.Update(tea.WindowSizeMsg{Width: min(w-4, 76), Height: max(1, h-3)})
	}
}

// Update runs the job's phase; sh gives the operator and the service at
// the moment of confirmation.
func (j *Job) Update(sh *Shared, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case JobDoneMsg:
		if msg.ID == j.ID {
			j.Phase, j.result = jobDone, msg.Res
		}
		return nil
	case spinner.TickMsg:
		if j.Phase == jobRunning {
			var cmd tea.Cmd
			j.spin, cmd = j.spin.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		switch j.Phase {
		case JobForm:
			if s := msg.String(); s == "esc" || s == "ctrl+c" {
				if j.typed { // half-filled: ask before it is lost
					j.Phase = jobDiscard
				} else if s == "esc" {
					j.Phase = JobClosed
				}
				return nil
			}
			if msg.Text != "" || msg.String() == "backspace" || msg.String() == "ctrl+u" {
				j.typed = true
			}
		case jobDiscard:
			switch {
			case key.Matches(msg, j.keys.Discard):
				j.Phase = JobClosed
			case key.Matches(msg, j.keys.Keep):
				j.Phase = JobForm
			}
			return nil
		case jobConfirm:
			switch {
			case key.Matches(msg, j.keys.Confirm):
				return j.start(sh)
			case key.Matches(msg, j.keys.Cancel):
				j.Phase = JobClosed
			}
			return nil
		case jobDone:
			if key.Matches(msg, j.keys.Close) {
				j.Phase = JobClosed
			}
			return nil
		case jobRunning:
			return nil
		}
	}
	if j.Phase != JobForm {
		return nil
	}
	Member, cmd := j.form.Update(msg)
	j.form = Member.(*huh.Form)
	switch j.form.State {
	case huh.StateCompleted:
		j.Phase = jobConfirm
	case huh.StateAborted:
		j.Phase = JobClosed
	}
	return cmd
}

// start runs the workflow in a Cmd as the operator acting now.
func (j *Job) start(sh *Shared) tea.Cmd {
	svc, op, ID, run, member := sh.Opts.Service, sh.Operator, j.ID, j.Run, j.MemberID
	if svc == nil {
		j.Phase = jobDone
		j.result = JobResult{MemberID: member, Err: ErrReadOnly}
		return nil
	}
	j.Phase = jobRunning
	work := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*QueryTimeout)
		defer cancel()
		res := run(ctx, svc, op)
		if res.MemberID == 0 {
			res.MemberID = member
		}
		return JobDoneMsg{ID: ID, Res: res}
	}
	return tea.Batch(work, j.spin.Tick)
}

// View draws the phase: the form, the effects, a spinner, or the result.
func (j *Job) View(sh *Shared, w int) string {
	Styles, c := sh.Styles, sh.Cat
	width := min(w-4, 76)
	var b strings.Builder
	b.WriteString(Styles.Title.Render(Safe(j.Title)) + "\n\n")
	switch j.Phase {
	case JobForm:
		b.WriteString(j.form.View())
	case jobDiscard:
		b.WriteString(j.form.View() + "\n" + Styles.Warn.Render(c.T("job.discard")))
	case jobConfirm:
		b.WriteString(Styles.Notice.Render(c.T("job.effects")) + "\n")
		for _, e := range j.effects() {
			b.WriteString(wrapBullet(Styles.Value, "• ", e, width) + "\n")
		}
		b.WriteString("\n" + Styles.Muted.Render(c.T("job.confirm")))
	case jobRunning:
		b.WriteString(j.spin.View() + " " + Styles.Muted.Render(c.T("job.running")))
	case jobDone:
		b.WriteString(j.resultView(sh, width))
	}
	return lipgloss.NewStyle().MarginLeft(2).Render(b.String())
}

func (j *Job) resultView(sh *Shared, width int) string {
	Styles, c, r := sh.Styles, sh.Cat, j.result
	var b strings.Builder
	switch {
	case r.Err != nil:
		b.WriteString(wrapBullet(Styles.Error, "✘ ", RefusalText(sh, r.Err), width) + "\n")
	case r.Failed:
		head := c.T("job.failed")
		if r.CaseNo != "" {
			head = c.F("job.failed.case", "case", r.CaseNo)
		}
		b.WriteString(Styles.Error.Render("✘ "+head) + "\n")
		for _, l := range r.Lines {
			b.WriteString(wrapBullet(Styles.Value, "• ", l, width) + "\n")
		}
	default:
		head := c.T("job.done")
		if r.CaseNo != "" {
			head = c.F("job.done.case", "case", r.CaseNo)
		}
		b.WriteString(Styles.Code.Render("✔ "+head) + "\n")
		for _, l := range r.Lines {
			b.WriteString(wrapBullet(Styles.Value, "• ", l, width) + "\n")
		}
	}
	for _, w := range r.Warn {
		b.WriteString(wrapBullet(Styles.Warn, "! ", w, width) + "\n")
	}
	if r.Failed {
		b.WriteString("\n" + Styles.Muted.Render(c.T("job.retry")))
		return b.String()
	}
	b.WriteString("\n" + Styles.Muted.Render(c.T("job.close")))
	return b.String()
}

// RefusalText is what a refusal says to the operator: the workflow's own
// catalog text, in the console's language.
func RefusalText(sh *Shared, err error) string {
	if err == ErrReadOnly {
		return sh.Cat.T("job.readonly")
	}
	return workflows.Message(err, sh.Cat.Lang())
}

// wrapBullet wraps text to width under a hanging bullet.
func wrapBullet(s lipgloss.Style, bullet, text string, width int) string {
	bw := lipgloss.Width(bullet)
	lines := jpwrap.Lines(SafeLines(text), max(10, width-bw)) // effects and results quote data; kinsoku
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

var ErrReadOnly error = readOnlyError{}

// jobKeyMap lets a screen show the job's keys when one is open.
func (j *Job) Keys() help.KeyMap { return jobHelp{j} }
