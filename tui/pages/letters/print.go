package letters

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// letterKinds is the order the print screen lists the queue in.
var letterKinds = []workflows.LetterKind{workflows.LetterPasswordNotice, workflows.LetterReissueForm, workflows.LetterChangeForm,
	workflows.LetterCancellationForm,
	// reader shipment slips print with the other letters (the fifth kind, selected with 5)
	workflows.LetterReaderShipment}

type printKeys struct {
	Print, Mailed, Back key.Binding
	Yes, No             key.Binding // while p or m waits for a yes
	batchKeys                       // letters_batch.go: kinds to print, reconcile, release a hold
}

func newPrintKeys(c ui.Catalog) printKeys {
	return printKeys{
		Print:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", c.T("key.print"))),
		Mailed: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", c.T("key.mailed"))),
		Back:   key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Yes:    key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", c.T("key.confirm"))),
		No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", c.T("key.cancel"))),

		batchKeys: newBatchKeys(c),
	}
}

func (k printKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Print, k.Mailed, k.Reconcile, k.Back}
}
func (k printKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Print, k.Mailed, k.Back}, {k.Select, k.Reconcile, k.Release}}
}

// askKeys is the key map while a print or a mailing waits for y.
type askKeys struct{ k printKeys }

func (a askKeys) ShortHelp() []key.Binding  { return []key.Binding{a.k.Yes, a.k.No} }
func (a askKeys) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }

type queueMsg struct {
	refused map[string]string // ui.Refusals: p and m dimmed, with why
	seq     int               // which load answered: an older one than the last asked is stale
	counts  map[workflows.LetterKind]int
	batches []workflows.Batch
	err     error
}

// printedMsg answers a print run or a batch marked mailed.
type printedMsg struct {
	batch  workflows.Batch
	mailed bool
	err    error
}

// wipeMsg says whether wiped passwords may still be in the database's
// files (another reader kept the checkpoint from completing).
type wipeMsg struct{ pending bool }

// Page prints every queued letter into the spool folder as one
// batch, then marks a printed batch mailed once it went to the post.
type Page struct {
	ui.Asks
	sh      *ui.Shared
	spool   string
	counts  map[workflows.LetterKind]int
	batches []workflows.Batch
	loaded  bool
	loads   int // loads asked; only the newest answer replaces the lists
	busy    bool
	spin    spinner.Model
	keys    printKeys
	result  string // the last run, in words
	failed  bool
	w, h    int
	wipe    bool // wiped passwords may still be in the -wal: said until a try completes
	// ask is the question p or m put before acting ("" none); mail is
	// the batch m named, so y marks that one even if the list moves.
	ask     string
	mail    workflows.Batch
	refused map[string]string

	batchState // letters_batch.go
}

func New(sh *ui.Shared) *Page {
	return &Page{sh: sh, spool: sh.SpoolDir(), keys: newPrintKeys(sh.Cat),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), batchState: newBatchState()}
}

func (s *Page) Init() tea.Cmd { return tea.Batch(s.load(), s.loadHeld(), s.finishWipe()) }

// finishWipe tries again to complete a pending wipe, off the UI loop (a
// try may wait briefly for other readers).
func (s *Page) finishWipe() tea.Cmd {
	svc := s.sh.Opts.Service
	if svc == nil {
		return nil
	}
	return ui.Ask(func(ctx context.Context) tea.Msg {
		ws, err := svc.FinishWipe(ctx)
		return wipeMsg{pending: err != nil || ws.Pending}
	})
}

func (s *Page) load() tea.Cmd {
	r := s.sh.Reader()
	if r == nil {
		return nil
	}
	s.loads++
	seq, sh := s.loads, s.sh
	return ui.Ask(func(ctx context.Context) tea.Msg {
		counts, err := r.CountQueuedLetters(ctx)
		if err != nil {
			return queueMsg{seq: seq, err: err}
		}
		b, err := r.Batches(ctx, 5)
		return queueMsg{seq: seq, counts: counts, batches: b, err: err,
			refused: ui.Refusals(ctx, sh, workflows.FnPrintLetters, workflows.FnMarkMailed)}
	})
}

func (s *Page) Kind() ui.PageKind { return ui.PageLetters }

func (s *Page) Title() string { return s.sh.Cat.T("print.title") }
func (s *Page) Keys() help.KeyMap {
	if s.ask != "" {
		return askKeys{s.keys}
	}
	return s.keys
}
func (s *Page) SetSize(w, h int) { s.w, s.h = w, h }

func (s *Page) Status() string {
	return s.sh.Styles.Label.Render(s.sh.Cat.T("print.spool")+" ") + s.sh.Styles.Value.Render(ui.Safe(ui.ShortenPath(s.spool, max(10, s.w-20))))
}

func (s *Page) queued() int {
	n := 0
	for _, v := range s.counts {
		n += v
	}
	return n
}

// toMail is the newest batch printed and not yet mailed: the one the
// screen names beside m ("m marks B-00003 mailed"), so the key acts on the
// batch the operator read, never on one the operator cannot see.
func (s *Page) toMail() (workflows.Batch, bool) {
	for _, b := range s.batches {
		if b.State == workflows.BatchPrinted {
			return b, true
		}
	}
	return workflows.Batch{}, false
}

// keep puts a batch the workflow just answered with at the front of the
// list, replacing its older copy, so the list is right before the reload
// lands: m after p must name the batch just printed, not an older one.
func (s *Page) keep(b workflows.Batch) {
	out := []workflows.Batch{b}
	for _, o := range s.batches {
		if o.ID != b.ID {
			out = append(out, o)
		}
	}
	s.batches = out
}

func (s *Page) Update(msg tea.Msg) (ui.Page, tea.Cmd) {
	c := s.sh.Cat
	if cmd, done := s.batchUpdate(msg); done {
		return s, cmd
	}
	switch msg := msg.(type) {
	case queueMsg:
		if msg.seq != s.loads {
			return s, nil // an answer asked before the last print: stale
		}
		if msg.err != nil {
			s.sh.Fail("error.letters", msg.err)
			return s, nil
		}
		s.counts, s.batches, s.refused, s.loaded = msg.counts, msg.batches, msg.refused, true
	case wipeMsg:
		s.wipe = msg.pending
	case printedMsg:
		s.busy = false
		s.failed = msg.err != nil
		switch {
		case msg.err == errNoneSelected:
			s.result = c.T("print.none_selected")
		case msg.err != nil:
			s.result = ui.RefusalText(s.sh, msg.err)
		case msg.mailed:
			s.keep(msg.batch)
			s.result = c.F("print.mailed", "batch", msg.batch.No(), "letters", msg.batch.Letters)
		default:
			s.keep(msg.batch)
			s.result = c.F("print.done", "batch", msg.batch.No(), "letters", msg.batch.Letters, "dir", msg.batch.SpoolDir)
			// Reconcile at once: the manifest against the files written.
			return s, tea.Batch(s.load(), s.loadHeld(), s.reconcile(msg.batch.No()), s.finishWipe())
		}
		return s, tea.Batch(s.load(), s.loadHeld(), s.finishWipe())
	case spinner.TickMsg:
		if s.busy {
			var cmd tea.Cmd
			s.spin, cmd = s.spin.Update(msg)
			return s, cmd
		}
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		svc, op := s.sh.Opts.Service, s.sh.Operator
		if s.ask != "" {
			return s, s.answer(msg, svc, op)
		}
		switch {
		case key.Matches(msg, s.keys.Back):
			s.Request(ui.GoBack())
		case key.Matches(msg, s.keys.Print), key.Matches(msg, s.keys.Mailed):
			if svc == nil {
				s.result, s.failed = c.T("job.readonly"), true
				return s, nil
			}
			s.result = ""
			fn := workflows.FnMarkMailed
			if key.Matches(msg, s.keys.Print) {
				fn = workflows.FnPrintLetters
			}
			if why := s.refused[fn]; why != "" {
				s.result, s.failed = why, true // said before asking, not after
				return s, nil
			}
			if key.Matches(msg, s.keys.Print) {
				if s.selected() == 0 {
					// Nothing to ask about: the workflow says the queue is empty.
					s.busy = true
					return s, tea.Batch(s.spin.Tick, s.printSelected(svc, op))
				}
				s.ask = "print"
				return s, nil
			}
			b, ok := s.toMail()
			if !ok {
				s.result, s.failed = c.T("print.nothing_to_mail"), true
				return s, nil
			}
			s.ask, s.mail = "mail", b
		}
	}
	return s, nil
}

// answer takes y or n to the question p or m asked.
func (s *Page) answer(msg tea.KeyPressMsg, svc workflows.Desk, op string) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Yes):
		ask := s.ask
		s.ask, s.busy = "", true
		if ask == "print" {
			return tea.Batch(s.spin.Tick, s.printSelected(svc, op))
		}
		no := s.mail.No() // the batch the question named
		return tea.Batch(s.spin.Tick, func() tea.Msg {
			b, err := svc.MarkBatchMailed(context.Background(), op, no)
			return printedMsg{batch: b, mailed: true, err: err}
		})
	case key.Matches(msg, s.keys.No):
		s.ask, s.result, s.failed = "", s.sh.Cat.T("print.not_done"), false
	}
	return nil
}

// selected counts the queued letters of the kinds ticked for printing.
func (s *Page) selected() int {
	n := 0
	for k, v := range s.counts {
		if !s.skip[k] {
			n += v
		}
	}
	return n
}

// question is what p or m asks, naming what it will act on.
func (s *Page) question() string {
	c := s.sh.Cat
	if s.ask == "print" {
		return c.F("print.ask", "letters", s.selected(), "dir", ui.ShortenPath(s.spool, 40))
	}
	b := s.mail
	key := "print.ask_mail"
	if s.mail.ID != s.batches[0].ID {
		key = "print.ask_mail_older" // a newer batch exists: say this one is older
	}
	return c.F(key, "batch", b.No(), "letters", b.Letters, "when", ui.FormatWhen(c, b.PrintedAt))
}

func (s *Page) View() string {
	st, c := s.sh.Styles, s.sh.Cat
	var b strings.Builder
	b.WriteString("\n  " + st.Title.Render(c.T("print.queue")) + "\n")
	switch {
	case !s.loaded:
		b.WriteString("  " + st.Muted.Render(c.T("member.loading")) + "\n")
	case s.queued() == 0:
		b.WriteString("  " + st.Notice.Render(c.T("print.empty")) + "\n")
	default:
		for i, k := range letterKinds {
			b.WriteString(fmt.Sprintf("  %s %s %s\n", s.mark(i, k), ui.Fit(ui.LetterKindLabel(c, k), 24), st.Value.Render(fmt.Sprintf("%4d", s.counts[k]))))
		}
		b.WriteString(fmt.Sprintf("       %s %s\n", ui.Fit(c.T("print.total"), 24), st.Title.Render(fmt.Sprintf("%4d", s.queued()))))
	}
	b.WriteString("\n  " + st.Label.Render(c.T("print.spool")+" ") + st.Value.Render(ui.Safe(s.spool)) + "\n\n")
	switch {
	case s.busy && s.total > 0:
		b.WriteString("  " + s.bar.ViewAs(float64(s.done)/float64(s.total)) + " " + st.Muted.Render(c.F("print.progress", "done", s.done, "total", s.total)) + "\n")
	case s.busy:
		b.WriteString("  " + s.spin.View() + " " + st.Muted.Render(c.T("print.busy")) + "\n")
	case s.result != "" && s.failed:
		b.WriteString("  " + st.Error.Render("✘ "+ui.Safe(s.result)) + "\n")
	case s.result != "":
		b.WriteString("  " + st.Code.Render("✔ "+ui.Safe(s.result)) + "\n")
	}
	if s.wipe { // long: wrapped to the screen
		msg := st.Error.Width(max(20, s.w-4)).Render("⚠ " + workflows.NoticeText(workflows.WipePendingNotice, c.Lang()))
		for _, l := range strings.Split(msg, "\n") {
			b.WriteString("  " + l + "\n")
		}
	}
	for _, d := range []struct{ key, what, fn string }{{"p", c.T("key.print"), workflows.FnPrintLetters},
		{"m", c.T("key.mailed"), workflows.FnMarkMailed}} {
		if why := s.refused[d.fn]; why != "" {
			b.WriteString("  " + ui.DimmedKey(st, d.key, d.what, why) + "\n")
		}
	}
	if s.ask != "" {
		b.WriteString("  " + st.Notice.Render(ui.Safe(s.question())) + "\n")
	} else if bt, ok := s.toMail(); ok && !s.busy && s.refused[workflows.FnMarkMailed] == "" {
		b.WriteString("  " + st.Notice.Render(c.F("print.to_mail", "batch", bt.No())) + "\n")
	}
	b.WriteString(s.batchView())
	b.WriteString("\n  " + st.Title.Render(c.T("print.batches")) + "\n")
	for _, bt := range s.batches {
		state := c.F("print.batch.printed", "when", ui.FormatWhen(c, bt.PrintedAt), "by", bt.PrintedBy)
		if bt.State == workflows.BatchMailed {
			state = c.F("print.batch.mailed", "when", ui.FormatWhen(c, bt.MailedAt), "by", bt.MailedBy)
		}
		b.WriteString(fmt.Sprintf("    %s  %s  %s\n", bt.No(), ui.Fit(c.F("print.count", "n", bt.Letters), 8), st.Muted.Render(state)))
	}
	return ui.FitBlock(b.String(), s.w, s.h)
}
