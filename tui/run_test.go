package tui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
)

// A console stopped because its context ended (the process told to stop)
// ends without an error; one that panicked reports the panic.
func TestRunTreatsAnEndedContextAsAStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := New(ui.Options{Desk: deskOn(openTestStore(t)), Lang: ui.LangEN})
	if err := Run(ctx, m, tea.WithInput(strings.NewReader("")), tea.WithOutput(io.Discard)); err != nil {
		t.Fatalf("Run after the context ended: %v, want nil", err)
	}
	err := Run(context.Background(), panicky{m}, tea.WithInput(strings.NewReader("")), tea.WithOutput(io.Discard))
	if !errors.Is(err, tea.ErrProgramPanic) {
		t.Fatalf("Run of a panicking console: %v, want ErrProgramPanic", err)
	}
}

type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.WindowSizeMsg); ok {
		panic("boom")
	}
	return p, nil
}

func (p panicky) Init() tea.Cmd {
	return func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} }
}
