package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// withProgress runs work, drawing a progress bar on a terminal and plain
// lines (one per 10%) otherwise, so logs of scripted runs stay readable.
func withProgress(cmd *cobra.Command, title string, total int, work func(ctx context.Context, report func(done int)) error) error {
	out := cmd.OutOrStdout()
	if f, ok := out.(*os.File); !ok || !isatty.IsTerminal(f.Fd()) {
		return work(cmd.Context(), plainProgress(out, title, total))
	}
	// ctrl+c in the bar must stop the work too, not only the drawing.
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	m := progressModel{title: title, total: total, bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(50))}
	p := tea.NewProgram(m, tea.WithOutput(out), tea.WithContext(cmd.Context()))
	errc := make(chan error, 1)
	go func() {
		var last time.Time
		err := work(ctx, func(done int) {
			// A message per member would flood the program; 20 a second is smooth.
			if now := time.Now(); now.Sub(last) > 50*time.Millisecond || done == total {
				last = now
				p.Send(progressMsg(done))
			}
		})
		errc <- err
		p.Send(progressDone{err})
	}()
	if _, err := p.Run(); err != nil {
		cancel()
		<-errc
		return err
	}
	return <-errc
}

func plainProgress(w io.Writer, title string, total int) func(int) {
	next := 0
	return func(done int) {
		pct := 0
		if total > 0 {
			pct = done * 100 / total
		}
		if pct >= next {
			fmt.Fprintf(w, "%s: %d/%d (%d%%)\n", title, done, total, pct)
			next = pct/10*10 + 10
		}
	}
}

type progressMsg int
type progressDone struct{ err error }

type progressModel struct {
	title string
	total int
	done  int
	bar   progress.Model
	start time.Time
}

func (m progressModel) Init() tea.Cmd { return nil }

func (m progressModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		if m.start.IsZero() {
			m.start = time.Now()
		}
		m.done = int(msg)
	case progressDone:
		return m, tea.Quit
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Interrupt
		}
	}
	return m, nil
}

func (m progressModel) View() tea.View {
	pct := 0.0
	if m.total > 0 {
		pct = float64(m.done) / float64(m.total)
	}
	line := fmt.Sprintf("%s\n%s %d/%d", m.title, m.bar.ViewAs(pct), m.done, m.total)
	return tea.NewView(lipgloss.NewStyle().Padding(1, 2).Render(line) + "\n")
}
