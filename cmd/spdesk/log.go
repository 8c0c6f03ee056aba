package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	tea "charm.land/bubbletea/v2"
	"gopkg.in/natefinch/lumberjack.v2"

	"spdesk/cardops"
	"spdesk/workflows"
)

// The administrator's log: internal errors under the ref the operator
// sees, console panics, reader-system failures. One process writes one
// log, so it is the process's: appLog, opened on first use (commands that
// never build a service never create it).
//
// Rotation is lumberjack's, a small, long-kept library: it rotates by
// size, keeps a few old files, and creates each new file with the mode of
// the one it replaces, so the 0600 set here holds for every file after it
// (rotated files are renames of it). Compression stays off: lumberjack's
// gzip copies are written by another path.
var appLog = &lazyLog{}

const (
	logMaxMB      = 10 // per file
	logMaxBackups = 5  // old files kept beside it
)

type lazyLog struct {
	mu     sync.Mutex
	path   string // --log, or set by the demo; empty: defaultLogPath
	logger *slog.Logger
	file   io.Closer
}

// setPath names the file before the log is first used.
func (a *lazyLog) setPath(p string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.path = p
}

// get opens the log on first use. A log that cannot be opened is said on
// standard error, once, and the work goes on unlogged: a support desk must
// not stop because its log folder is read-only.
func (a *lazyLog) get() *slog.Logger {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.logger != nil {
		return a.logger
	}
	path, ownDir := a.path, false
	if path == "" {
		var err error
		if path, err = defaultLogPath(); err != nil {
			fmt.Fprintf(os.Stderr, "spdesk: %v; internal errors are not logged\n", err)
			a.logger = slog.New(slog.DiscardHandler)
			return a.logger
		}
		ownDir = true
	}
	w, err := openLogFile(path, ownDir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spdesk: cannot write the log: %v; internal errors are not logged (fix the folder's permissions, or give --log FILE)\n", err)
		a.logger = slog.New(slog.DiscardHandler)
		return a.logger
	}
	a.file = w
	a.logger = slog.New(workflows.NewLogHandler(w, slog.LevelInfo))
	return a.logger
}

// close flushes nothing (every line is written at once) but releases the
// file, for tests and a tidy exit.
func (a *lazyLog) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.file != nil {
		a.file.Close()
	}
}

// defaultLogPath follows the XDG base directory spec: state (logs) lives in
// $XDG_STATE_HOME/spdesk, or ~/.local/state/spdesk when that is unset.
func defaultLogPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home folder to keep the log in: set XDG_STATE_HOME or use --log: %w", err)
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "spdesk", "spdesk.log"), nil
}

// openLogFile makes sure path is a file only its owner can read (0600),
// in a folder only they can enter (0700) when the folder is ours
// (ownDir: the default one; a --log folder is the operator's to keep),
// and returns a rotating writer on it.
func openLogFile(path string, ownDir bool) (io.WriteCloser, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if ownDir {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	// An older file someone widened is narrowed again: lumberjack copies
	// this mode to every file after it.
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return &lumberjack.Logger{Filename: path, MaxSize: logMaxMB, MaxBackups: logMaxBackups, LocalTime: true}, nil
}

// serviceLog is the workflows option that logs to appLog.
func serviceLog() workflows.Option { return workflows.WithLogger(appLog.get()) }

// loggedModel logs a panic in the console before Bubble Tea restores the
// terminal and reports it: the panic value and stack, on one line.
type loggedModel struct {
	tea.Model
	log *slog.Logger
}

func (m loggedModel) caught() {
	if r := recover(); r != nil {
		m.log.Error("console panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		panic(r)
	}
}

func (m loggedModel) Init() tea.Cmd {
	defer m.caught()
	return m.wrap(m.Model.Init())
}

func (m loggedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.caught()
	next, cmd := m.Model.Update(msg)
	return loggedModel{Model: next, log: m.log}, m.wrap(cmd)
}

func (m loggedModel) View() tea.View {
	defer m.caught()
	return m.Model.View()
}

// wrap logs a panic in a command the console started (a query, a card
// test), and in the commands of a batch it returns.
func (m loggedModel) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer m.caught()
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = m.wrap(c)
			}
			return out
		}
		return msg
	}
}

// loggedCards logs what goes wrong with the reader system (pcscd gone, the
// reader list failing) while the console watches it; the console shows
// the operator its own words for it.
type loggedCards struct {
	cardops.Provider
	log *slog.Logger
}

func (p loggedCards) Watch(ctx context.Context) (<-chan cardops.Event, error) {
	in, err := p.Provider.Watch(ctx)
	if err != nil {
		p.log.Warn("card reader watch failed", "kind", string(cardops.KindOf(err)), "cause", err)
		return nil, err
	}
	out := make(chan cardops.Event)
	go func() {
		defer close(out)
		for e := range in {
			if e.Kind == cardops.EventError {
				p.log.Warn("card reader system", "kind", string(cardops.KindOf(e.Err)), "cause", e.Err)
			}
			select {
			case out <- e:
			case <-ctx.Done():
				for range in { // let the provider finish and close
				}
				return
			}
		}
	}()
	return out, nil
}

// consoleStopped logs how the console ended when it did not end well.
func consoleStopped(log *slog.Logger, err error) {
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
	case errors.Is(err, tea.ErrProgramPanic):
		log.Error("console stopped after a panic", "cause", err)
	default:
		log.Error("console stopped", "cause", err)
	}
}
