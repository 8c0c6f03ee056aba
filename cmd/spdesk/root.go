package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// globals are the flags every command understands.
type globals struct {
	db       string
	lang     string
	operator string
	// masterKeyFile holds the issuer master key the card test checks
	// genuineness with; empty means the demo key.
	masterKeyFile string
	// readOnly opens the console for viewing only (--read-only).
	readOnly bool
	// stdin is standard input read by lines (signin.go): the operator's
	// password, then a new one, come from the same reader.
	stdin *bufio.Reader
	// logFile overrides where the log goes (--log; log.go).
	logFile string
	// auditKey is the audit seal key file (audit_key.go); auditKeyLoose
	// lets audit verify report a missing or other key instead of refusing.
	auditKey      string
	auditKeyLoose bool
}

// operatorOrDefault is who acts: --operator, or the OS user; a command
// that changes something signs in as it (signin.go).
func (g *globals) operatorOrDefault() string {
	if g.operator != "" {
		return g.operator
	}
	return operatorName()
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "spdesk",
		Short: "The Safety Pass support center console",
		Long: `spdesk is the terminal console of the Safety Pass support center:
find a member from anything the caller gives, check who is calling, and
run the procedure the call needs.

Without a sub-command it opens the console on the operator's database.`,
		Example: `  # the console on your database
  spdesk
  # the whole console on throw-away demo data
  spdesk demo
  # find a member from a script
  spdesk search --db members.db --json 佐藤`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsole(cmd.Context(), g)
		},
	}
	root.PersistentFlags().StringVar(&g.db, "db", "", "database file or postgres:// URL (default $SPDESK_DB, else $XDG_DATA_HOME/spdesk/spdesk.db); a URL's password comes from PGPASSWORD, ~/.pgpass or a service file")
	root.PersistentFlags().StringVar(&g.lang, "lang", "", "language of the console: ja or en (default from LANG)")
	root.PersistentFlags().StringVar(&g.masterKeyFile, "master-key-file", "", "issuer master key for the card test (default: the demo key)")
	root.PersistentFlags().StringVar(&g.auditKey, "audit-key", "", "audit seal key file (default $XDG_CONFIG_HOME/spdesk/audit.key, created at first start)")
	root.PersistentFlags().StringVar(&g.operator, "operator", "", "the account a command that changes something signs in as: its password is asked for (default: the OS user)")
	root.PersistentFlags().StringVar(&g.logFile, "log", "", "log file for internal errors (default $XDG_STATE_HOME/spdesk/spdesk.log)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		appLog.setPath(g.logFile)
		// SPDESK_DB names a center's database once for every command (a
		// URL without its password: that comes from PGPASSWORD, ~/.pgpass
		// or a service file).
		if g.db == "" {
			g.db = os.Getenv("SPDESK_DB")
		}
		// A misspelt --lang is refused before any work, by every command:
		// answering in a language the operator did not ask for hides the typo.
		_, err := pickLang(g.lang)
		return err
	}
	root.AddCommand(newDemoCmd(g), newSeedCmd(g), newSearchCmd(g), newLettersCmd(g), newCardCmd(g), newVersionCmd())
	root.Flags().BoolVar(&g.readOnly, "read-only", false, "open the console for viewing only: no changes")
	root.AddCommand(newOperatorCmd(g))
	root.AddCommand(newAuditCmd(g))
	root.AddCommand(newQueuesCmd(g))
	root.AddCommand(newCallsCmd(g), newReportCmd(g))
	root.AddCommand(newEventsCmd(g), newRevocationsCmd(g))
	root.AddCommand(newLoadtestCmd(g), newDBCmd(g))
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of spdesk and of its database schema",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "spdesk %s (database schema %d)\n", version, schemaVersion())
			return nil
		},
	}
}
