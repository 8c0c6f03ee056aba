package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"spdesk/store"
	"spdesk/workflows"
)

// The CLI signs in like the console. Every command that changes the
// database or writes what it holds out of it (operator add, disable and
// reset-password; letters print and mailed; queues reprint, approve and
// reject; audit export; seed into a database that has accounts) asks for
// --operator's password and calls workflows' SignIn, so a failed try
// counts toward the same lockout as one at the console and is on the
// audit trail. The password is typed without echo on a terminal, or read
// as one line of standard input when that is not a terminal; a command
// that also takes a new password (operator add, reset-password) reads the
// operator's password first, then the new one on the next line.
//
// The one command that needs no sign-in is the very first `operator add`
// of a database without accounts: there is nobody to sign in as.
//
// Read-only commands (search, queues, queues approvals, calls, report
// calls, operator list, audit verify, card test with --db, version) do
// not sign in: they change nothing that must be attributed to someone,
// and what they read is guarded by the database file's own permissions
// (owner only): whoever may run them on the file may open it with sqlite3
// anyway.

// signInTimeout bounds a CLI sign-in's database work, as the console's
// request deadline does (argon2 does not count against it).
const signInTimeout = 10 * time.Second

// stdinLines is the standard input read line by line, shared by every
// read of one command: the operator's password, then a new one.
func (g *globals) stdinLines(cmd *cobra.Command) *bufio.Reader {
	if g.stdin == nil {
		g.stdin = bufio.NewReader(cmd.InOrStdin())
	}
	return g.stdin
}

// stdinTerminal is the standard input's descriptor when it is a terminal.
func stdinTerminal(cmd *cobra.Command) (int, bool) {
	if f, ok := cmd.InOrStdin().(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return int(f.Fd()), true
	}
	return 0, false
}

// askPassword reads one password: typed without echo after prompt on a
// terminal (unless fromStdin), else one line of standard input. what
// names it in the error when the line is missing.
func askPassword(cmd *cobra.Command, g *globals, prompt, what string, fromStdin bool) (string, error) {
	if fd, ok := stdinTerminal(cmd); ok && !fromStdin {
		fmt.Fprint(cmd.ErrOrStderr(), prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", fmt.Errorf("read %s: %w", what, err)
		}
		return string(b), nil
	}
	line, err := g.stdinLines(cmd).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read %s from stdin: %w", what, err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// signIn proves that whoever runs cmd is --operator (default: the OS
// user) and returns the account's login, which the command acts as.
func signIn(cmd *cobra.Command, g *globals, svc *workflows.Service) (string, error) {
	login := strings.TrimSpace(g.operatorOrDefault())
	ctx, cancel := context.WithTimeout(cmd.Context(), signInTimeout)
	defer cancel()
	any, err := svc.Store().HasOperators(ctx)
	if err != nil {
		return "", err
	}
	if !any {
		return "", errors.New(`no operator account yet, so nobody can sign in: create the first supervisor with
  spdesk operator add --login NAME --name "DISPLAY NAME" --role supervisor`)
	}
	pw, err := askPassword(cmd, g, fmt.Sprintf("Password for %s: ", login), "the password of "+login, false)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", fmt.Errorf("no password for %s: this command signs in as --operator %s; type the password when asked, or give it as the first line of stdin; nothing was changed",
			login, login)
	}
	o, err := svc.SignIn(ctx, login, pw)
	if err != nil {
		return "", refusal(g, err)
	}
	return o.Login, nil
}

// signInService opens the database and signs in: what every changing
// command starts with.
func signInService(cmd *cobra.Command, g *globals) (*workflows.Service, string, func(), error) {
	svc, done, err := openService(cmd, g)
	if err != nil {
		return nil, "", nil, err
	}
	op, err := signIn(cmd, g, svc)
	if err != nil {
		done()
		return nil, "", nil, err
	}
	return svc, op, done, nil
}

// signInToSeed asks a supervisor to sign in before seed writes into a
// database that has accounts; a database without any (a fresh file, a
// bulk load) is seeded without.
func signInToSeed(cmd *cobra.Command, g *globals, s *store.Store) error {
	any, err := s.HasOperators(cmd.Context())
	if err != nil || !any {
		return err
	}
	svc, err := workflows.New(s, serviceLog())
	if err != nil {
		return err
	}
	op, err := signIn(cmd, g, svc)
	if err != nil {
		return err
	}
	return refusal(g, svc.RequireSupervisor(cmd.Context(), op, "seed"))
}
