package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"spdesk/store"
	"spdesk/workflows"
)

// newOperatorCmd is `spdesk operator`: the accounts that sign in to the
// console. Passwords are never flags (a flag shows in ps and in the shell
// history): they are typed without echo, or read from stdin.
func newOperatorCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "operator",
		Short: "Add, list, disable operator accounts and reset their passwords",
		Long: `operator manages the accounts that sign in to the console. A supervisor
(--operator NAME, who signs in with their password) adds, disables and
resets; the very first account of a database is created without one and
must be a supervisor:

  spdesk operator add --login sato --name "佐藤 花子" --role supervisor

Passwords are typed without echo (a new one twice), or read from stdin when
it is not a terminal: first the supervisor's own password, then the new
account's on the next line (--password-stdin reads the new one from stdin
even on a terminal).`,
	}
	var pwStdin bool
	var login, name, role string
	add := &cobra.Command{
		Use:   "add --login LOGIN --name NAME [--role operator|supervisor]",
		Short: "Create an account (the first one: a supervisor, without --operator)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			// The first account of a database needs nobody's sign-in (there
			// is nobody); every later one a supervisor's.
			op := ""
			if any, err := svc.Store().HasOperators(cmd.Context()); err != nil {
				return err
			} else if any {
				if op, err = signIn(cmd, g, svc); err != nil {
					return err
				}
			}
			pw, err := readNewPassword(cmd, g, pwStdin)
			if err != nil {
				return err
			}
			o, err := svc.AddOperator(cmd.Context(), op, workflows.OperatorRequest{
				Login: login, DisplayName: name, Role: store.Role(role), Password: pw})
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added %s (%s, %s)\n", safe(o.Login), safe(o.DisplayName), o.Role)
			return nil
		},
	}
	add.Flags().StringVar(&login, "login", "", "login name: a-z, 0-9, . _ - (up to 32)")
	add.Flags().StringVar(&name, "name", "", "display name shown in the console")
	add.Flags().StringVar(&role, "role", string(store.RoleOperator), "operator or supervisor")
	add.Flags().BoolVar(&pwStdin, "password-stdin", false, "read the password from stdin (one line)")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the accounts, their role and whether they may sign in",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer s.Close()
			ops, err := s.Operators(cmd.Context())
			if err != nil {
				return err
			}
			return printOperators(cmd.OutOrStdout(), ops, asJSON, time.Now())
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON lines instead of a table")

	disable := &cobra.Command{
		Use:   "disable LOGIN",
		Short: "Stop an account from signing in (its open console locks)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			o, err := svc.DisableOperator(cmd.Context(), op, args[0])
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "disabled %s\n", o.Login)
			return nil
		},
	}
	var resetStdin bool
	reset := &cobra.Command{
		Use:   "reset-password LOGIN",
		Short: "Give an account a new password and lift a sign-in lock",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			pw, err := readNewPassword(cmd, g, resetStdin)
			if err != nil {
				return err
			}
			o, err := svc.ResetOperatorPassword(cmd.Context(), op, args[0], pw)
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "new password set for %s\n", o.Login)
			return nil
		},
	}
	reset.Flags().BoolVar(&resetStdin, "password-stdin", false, "read the password from stdin (one line)")
	cmd.AddCommand(add, list, disable, reset)
	return cmd
}

// readNewPassword asks twice without echo on a terminal; otherwise (or
// with --password-stdin) it reads the next line of stdin.
func readNewPassword(cmd *cobra.Command, g *globals, fromStdin bool) (string, error) {
	pw, err := askPassword(cmd, g, "New password: ", "the new password", fromStdin)
	if err != nil {
		return "", err
	}
	if _, term := stdinTerminal(cmd); term && !fromStdin {
		again, err := askPassword(cmd, g, "Again: ", "the new password", false)
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("the two passwords differ: nothing was changed")
		}
	}
	if pw == "" {
		return "", errors.New("no new password on stdin: give it as one line (after the line with your own password, when you sign in), or run in a terminal to be asked")
	}
	return pw, nil
}

// operatorRow is what list prints: never the hash.
type operatorRow struct {
	Login       string `json:"login"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Status      string `json:"status"` // active, disabled, locked
	LockedUntil string `json:"locked_until,omitempty"`
}

func printOperators(w io.Writer, ops []store.Operator, asJSON bool, now time.Time) error {
	rows := make([]operatorRow, len(ops))
	for i, o := range ops {
		r := operatorRow{Login: o.Login, DisplayName: o.DisplayName, Role: string(o.Role), Status: "active"}
		switch {
		case o.Disabled:
			r.Status = "disabled"
		case now.Before(o.LockedUntil):
			r.Status, r.LockedUntil = "locked", o.LockedUntil.Format(time.RFC3339)
		}
		rows[i] = r
	}
	if asJSON {
		for _, r := range rows {
			if err := printJSON(w, r, false); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no accounts yet: create the first supervisor with\n  spdesk operator add --login NAME --name \"DISPLAY NAME\" --role supervisor")
		return err
	}
	// Columns padded by display width: tabwriter counts a kanji as one.
	table := [][]string{{"LOGIN", "NAME", "ROLE", "STATUS"}}
	for _, r := range rows {
		st := r.Status
		if r.LockedUntil != "" {
			st += " until " + r.LockedUntil
		}
		table = append(table, []string{safe(r.Login), safe(r.DisplayName), safe(r.Role), safe(st)})
	}
	widths := make([]int, 4)
	for _, row := range table {
		for i, c := range row {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	for _, row := range table {
		var b strings.Builder
		for i, c := range row[:3] {
			b.WriteString(c + strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
		}
		if _, err := fmt.Fprintln(w, b.String()+row[3]); err != nil {
			return err
		}
	}
	return nil
}

// ensureFirstSupervisor makes sure the database has an account before the
// console asks someone to sign in: on a terminal it asks for the first
// supervisor in a form; otherwise it says how to create one.
func ensureFirstSupervisor(ctx context.Context, s *store.Store, svc *workflows.Service, lang string) error {
	any, err := s.HasOperators(ctx)
	if err != nil || any {
		return err
	}
	const how = `no operator account yet: create the first supervisor with
  spdesk operator add --login NAME --name "DISPLAY NAME" --role supervisor`
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return errors.New(how)
	}
	var f firstSupervisor
	o, err := f.create(ctx, svc, lang, func(form *huh.Form) error { return form.RunWithContext(ctx) })
	if errors.Is(err, huh.ErrUserAborted) {
		return errors.New(how)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, cliText(lang, "first.created", "login", o.Login))
	return nil
}

// firstSupervisor is what the first-start form holds: kept across tries,
// so a refusal sends the operator back to the form with everything typed
// still there, the reason on top.
type firstSupervisor struct {
	login, name, pw, again string
	refused                string // why the last try was refused, in words
}

// create runs the form (run shows it) until the account is made or the
// operator gives up (huh.ErrUserAborted). Each field checks what it can as
// it is typed; a refusal only the workflow can give (the name's
// characters) brings the form back with every field as typed.
func (f *firstSupervisor) create(ctx context.Context, svc *workflows.Service, lang string, run func(*huh.Form) error) (store.Operator, error) {
	for {
		if err := run(f.form(lang)); err != nil {
			return store.Operator{}, err
		}
		o, err := svc.AddOperator(ctx, "", workflows.OperatorRequest{Login: f.login, DisplayName: f.name,
			Role: store.RoleSupervisor, Password: f.pw})
		if err == nil {
			return o, nil
		}
		if workflows.ErrorCode(err) != workflows.EINVALID {
			return store.Operator{}, fmt.Errorf("%s", workflows.Message(err, lang))
		}
		f.refused = workflows.Message(err, lang)
	}
}

// form is the first-start form in lang, its fields bound to f.
func (f *firstSupervisor) form(lang string) *huh.Form {
	t := func(key string, args ...string) string { return cliText(lang, key, args...) }
	intro := t("first.intro")
	if f.refused != "" {
		intro = t("first.refused", "reason", f.refused) + "\n\n" + intro
	}
	min := fmt.Sprint(workflows.MinOperatorPassword)
	form := huh.NewForm(huh.NewGroup(
		huh.NewNote().Title(t("first.title")).Description(intro),
		huh.NewInput().Title(t("first.login")).Value(&f.login).Validate(func(s string) error {
			if !firstLoginOK(strings.TrimSpace(s)) {
				return errors.New(t("first.bad_login"))
			}
			return nil
		}),
		huh.NewInput().Title(t("first.name")).Value(&f.name).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(t("first.no_name"))
			}
			return nil
		}),
		huh.NewInput().Title(t("first.password", "min", min)).EchoMode(huh.EchoModePassword).Value(&f.pw).
			Validate(func(s string) error { return firstPasswordCheck(lang, strings.TrimSpace(f.login), s) }),
		huh.NewInput().Title(t("first.again")).EchoMode(huh.EchoModePassword).Value(&f.again).
			Validate(func(s string) error {
				if s != f.pw {
					return errors.New(t("first.differ"))
				}
				return nil
			}),
	))
	// The form's own help (enter submit, …) in the operator's language.
	km := huh.NewDefaultKeyMap()
	km.Input.Next.SetHelp("enter", t("first.key.next"))
	km.Input.Prev.SetHelp("shift+tab", t("first.key.back"))
	km.Input.Submit.SetHelp("enter", t("first.key.submit"))
	km.Quit.SetHelp("ctrl+c", t("first.key.quit"))
	return form.WithKeyMap(km)
}

// firstLoginOK is the login rule AddOperator applies (a-z 0-9 . _ -, at
// most 32), checked as it is typed.
func firstLoginOK(l string) bool {
	if l == "" || len(l) > 32 {
		return false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// firstPasswordCheck is the password rule AddOperator applies, said in
// the form before the password is sent: long enough, and not the login.
func firstPasswordCheck(lang, login, pw string) error {
	n := len([]rune(pw))
	switch {
	case n < workflows.MinOperatorPassword:
		return errors.New(cliText(lang, "first.short", "min", fmt.Sprint(workflows.MinOperatorPassword), "n", fmt.Sprint(n)))
	case n > 128:
		return errors.New(cliText(lang, "first.long"))
	case login != "" && strings.EqualFold(pw, login):
		return errors.New(cliText(lang, "first.same_as_login"))
	}
	return nil
}
