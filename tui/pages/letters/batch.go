package letters

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// The print screen's batch work (issue 6): pick the kinds to print, watch
// the batch's progress, reconcile its manifest with the files written, and
// release a password notice held for review.

type batchKeys struct{ Select, Reconcile, Release key.Binding }

func newBatchKeys(c ui.Catalog) batchKeys {
	return batchKeys{
		Select:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1–4", c.T("key.select"))),
		Reconcile: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", c.T("key.reconcile"))),
		Release:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", c.T("key.release"))),
	}
}

type batchState struct {
	skip    map[workflows.LetterKind]bool // kinds not to print (all print by default)
	held    []workflows.LetterHold
	done    int // letters written in the running batch
	total   int
	bar     progress.Model
	progCh  chan printProgressMsg
	recon   string
	reconOK bool
}

func newBatchState() batchState {
	return batchState{skip: map[workflows.LetterKind]bool{}, bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(30), progress.WithoutPercentage())}
}

// errNoneSelected refuses a print with every kind unticked.
var errNoneSelected = errors.New("no kind selected")

type heldMsg struct {
	held []workflows.LetterHold
	err  error
}

type printProgressMsg struct{ done, total int }

type reconciledMsg struct {
	rc  workflows.Reconciliation
	err error
}

type releasedMsg struct {
	l   workflows.Letter
	err error
}

// mark is the selection box of the i-th kind: "1[x]".
func (b *batchState) mark(i int, k workflows.LetterKind) string {
	if b.skip[k] {
		return fmt.Sprintf("%d[ ]", i+1)
	}
	return fmt.Sprintf("%d[x]", i+1)
}

func (s *Page) loadHeld() tea.Cmd {
	st := s.sh.Opts.Desk
	if st == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		h, err := st.HeldLetters(ctx)
		return heldMsg{held: h, err: err}
	})
}

// printSelected prints the chosen kinds as one batch; progress comes back
// through a channel, one message at a time.
func (s *Page) printSelected(svc workflows.Desk, op string) tea.Cmd {
	// Nothing skipped prints every kind, including any this screen does
	// not list.
	var kinds []workflows.LetterKind
	for _, k := range letterKinds {
		if !s.skip[k] && len(s.skip) > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(s.skip) > 0 && len(kinds) == 0 {
		return func() tea.Msg { return printedMsg{err: errNoneSelected} }
	}
	spool := s.spool
	ch := make(chan printProgressMsg, 256)
	s.progCh, s.done, s.total, s.recon = ch, 0, 0, ""
	run := func() tea.Msg {
		defer close(ch)
		b, err := svc.PrintSelected(context.Background(), op, spool, workflows.PrintOptions{Kinds: kinds,
			Progress: func(done, total int) {
				select {
				case ch <- printProgressMsg{done, total}:
				default: // the screen is behind: it catches up with the next one
				}
			}})
		return printedMsg{batch: b, err: err}
	}
	return tea.Batch(run, waitProgress(ch))
}

func waitProgress(ch chan printProgressMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		return m
	}
}

func (s *Page) reconcile(batchNo string) tea.Cmd {
	svc := s.sh.QueueService()
	if svc == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		rc, err := svc.Reconcile(ctx, batchNo)
		return reconciledMsg{rc: rc, err: err}
	})
}

// batchUpdate handles the batch messages and keys; done says the message
// was its.
func (s *Page) batchUpdate(msg tea.Msg) (tea.Cmd, bool) {
	c := s.sh.Cat
	switch msg := msg.(type) {
	case heldMsg:
		if msg.err != nil {
			s.sh.Fail("error.letters", msg.err)
		} else {
			s.held = msg.held
		}
		return nil, true
	case printProgressMsg:
		s.done, s.total = msg.done, msg.total
		return waitProgress(s.progCh), true
	case reconciledMsg:
		rc := msg.rc
		switch {
		case msg.err != nil:
			s.recon, s.reconOK = ui.RefusalText(s.sh, msg.err), false
		case rc.OK:
			s.recon, s.reconOK = c.F("print.reconciled", "batch", rc.Batch.No(), "manifest", rc.Manifest, "files", rc.Files, "letters", rc.Letters), true
		default:
			s.recon, s.reconOK = c.F("print.mismatch", "batch", rc.Batch.No(), "manifest", rc.Manifest, "files", rc.Files, "letters", rc.Letters,
				"missing", strings.Join(rc.Missing, ", ")), false
		}
		return nil, true
	case releasedMsg:
		s.busy, s.failed = false, msg.err != nil
		if msg.err != nil {
			s.result = ui.RefusalText(s.sh, msg.err)
		} else {
			s.result = c.F("print.released", "letter", msg.l.RefNo())
		}
		return tea.Batch(s.load(), s.loadHeld()), true
	case tea.KeyPressMsg:
		if s.busy {
			return nil, false
		}
		switch {
		case key.Matches(msg, s.keys.Select):
			if i := int(msg.Text[0] - '1'); i < len(letterKinds) {
				if k := letterKinds[i]; s.skip[k] {
					delete(s.skip, k)
				} else {
					s.skip[k] = true
				}
			}
			return nil, true
		case key.Matches(msg, s.keys.Reconcile):
			if len(s.batches) == 0 {
				s.recon, s.reconOK = c.T("print.no_batch"), false
				return nil, true
			}
			return s.reconcile(s.batches[0].No()), true
		case key.Matches(msg, s.keys.Release):
			svc, op := s.sh.Opts.Service, s.sh.Operator
			switch {
			case svc == nil:
				s.result, s.failed = c.T("job.readonly"), true
			case len(s.held) == 0:
				s.result, s.failed = c.T("print.no_held"), true
			default:
				h := s.held[0]
				s.busy, s.result = true, ""
				return func() tea.Msg {
					l, err := svc.ReleaseLetter(context.Background(), op, h.ID, h.Version, "")
					return releasedMsg{l: l, err: err}
				}, true
			}
			return nil, true
		}
	}
	return nil, false
}

// batchView is the reconcile line and the held letters, each with why.
func (s *Page) batchView() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	if s.recon != "" {
		style := st.Error
		if s.reconOK {
			style = st.Code
		}
		b.WriteString("  " + style.Render(ui.Safe(s.recon)) + "\n")
	}
	if len(s.held) > 0 {
		b.WriteString("\n  " + st.Title.Render(c.T("print.held")) + "\n")
		for i, h := range s.held {
			marker := "  "
			if i == 0 {
				marker = st.Title.Render("▸") + " " // u releases this one
			}
			b.WriteString("  " + marker + h.RefNo() + "  " + ui.Safe(h.MemberNo) + "  " +
				st.Warn.Render(workflows.HoldReason(h.Hold, c.Lang())) + "\n")
		}
	}
	return b.String()
}
