package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// A run in separate processes: the parent starts one process per desk
// (Options.Command) and speaks to it over its standard input and output,
// one line each way at a time:
//
//	parent → desk: the deskSpec, as one JSON line
//	desk → parent: "ready", once its store is open and checked
//	parent → desk: "go", to every desk once all are ready
//	desk → parent: its deskResult as JSON, when its time is up
//
// The desk's standard error is kept for the parent's message if it fails.
const (
	lineReady = "ready"
	lineGo    = "go"
)

// ServeDesk is the desk's side of a run in separate processes: it reads
// its part of the run from in, opens its own store, says it is ready,
// takes calls from the parent's "go" for the run's duration and writes
// what it measured and was told to out. spdesk loadtest --desk-child
// calls it; nothing else may write to out.
func ServeDesk(ctx context.Context, in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("loadtest desk: no desk to be on standard input: %w", err)
	}
	var sp deskSpec
	if err := json.Unmarshal(line, &sp); err != nil {
		return fmt.Errorf("loadtest desk: the desk on standard input is not one: %w", err)
	}
	if sp.Duration <= 0 || sp.Operator == "" || len(sp.Mine) == 0 {
		return errors.New("loadtest desk: the desk on standard input has no operator, callers or duration; this mode is for spdesk loadtest --procs only")
	}
	d, err := openDesk(ctx, sp)
	if err != nil {
		return err
	}
	defer d.st.Close()
	if _, err := fmt.Fprintln(out, lineReady); err != nil {
		return err
	}
	if s, err := r.ReadString('\n'); err != nil || strings.TrimSpace(s) != lineGo {
		return errors.New("loadtest desk: the parent went away before the start; no call was taken")
	}
	return json.NewEncoder(out).Encode(d.result(d.run(ctx, sp.Duration)))
}

// child is one desk's process.
type child struct {
	spec   deskSpec
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr tail
	waited bool
}

// fail is the child's failure in words, with the end of what it wrote to
// its standard error; it stops the process first.
func (c *child) fail(what string, err error) error {
	c.stop()
	msg := strings.TrimSpace(c.stderr.String())
	if msg == "" {
		msg = "(nothing on its standard error)"
	}
	return fmt.Errorf("loadtest: desk %s (process %d) %s: %v: %s", c.spec.Operator, c.cmd.Process.Pid, what, err, msg)
}

// stop ends the process if it is still running and reaps it.
func (c *child) stop() {
	if c.waited {
		return
	}
	c.waited = true
	c.in.Close()
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// runProcesses runs each desk in a process of its own and gathers what
// each measured. begin is called once every desk is ready, just before
// they are told to go.
func runProcesses(ctx context.Context, o Options, specs []deskSpec, begin func()) ([]deskResult, error) {
	children := make([]*child, 0, len(specs))
	defer func() {
		for _, c := range children {
			c.stop()
		}
	}()
	for _, sp := range specs {
		c := &child{spec: sp, cmd: exec.CommandContext(ctx, o.Command[0], o.Command[1:]...)}
		c.cmd.Env = append(os.Environ(), o.Env...)
		c.cmd.Stderr = &c.stderr
		var err error
		if c.in, err = c.cmd.StdinPipe(); err != nil {
			return nil, err
		}
		stdout, err := c.cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		c.out = bufio.NewReader(stdout)
		if err := c.cmd.Start(); err != nil {
			return nil, fmt.Errorf("loadtest: start a desk's process (%s): %w", o.Command[0], err)
		}
		children = append(children, c)
		b, err := json.Marshal(sp)
		if err != nil {
			return nil, err
		}
		if _, err := c.in.Write(append(b, '\n')); err != nil {
			return nil, c.fail("did not take its part", err)
		}
	}
	for _, c := range children {
		s, err := c.out.ReadString('\n')
		if err == nil && strings.TrimSpace(s) != lineReady {
			err = fmt.Errorf("said %q instead of %q", strings.TrimSpace(s), lineReady)
		}
		if err != nil {
			return nil, c.fail("did not get ready", err)
		}
	}
	begin()
	for _, c := range children {
		if _, err := io.WriteString(c.in, lineGo+"\n"); err != nil {
			return nil, c.fail("was not told to go", err)
		}
	}
	results := make([]deskResult, len(children))
	for i, c := range children {
		if err := json.NewDecoder(c.out).Decode(&results[i]); err != nil {
			return nil, c.fail("sent no figures", err)
		}
		c.in.Close()
		c.waited = true
		if err := c.cmd.Wait(); err != nil {
			return nil, c.fail("ended badly", err)
		}
		if results[i].Timings == nil || results[i].Told == nil {
			return nil, c.fail("sent figures without timings", errors.New("incomplete"))
		}
	}
	return results, nil
}

// tail keeps the last few kilobytes written to it: a failing desk's
// standard error, for the parent's message.
type tail struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

const tailSize = 4 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if extra := t.buf.Len() - tailSize; extra > 0 {
		t.buf.Next(extra)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
