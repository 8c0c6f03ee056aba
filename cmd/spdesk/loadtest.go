package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"spdesk/store"
	"spdesk/workflows/loadtest"
)

func newLoadtestCmd(g *globals) *cobra.Command {
	var (
		o         loadtest.Options
		asJSON    bool
		procs     bool
		deskChild bool
	)
	cmd := &cobra.Command{
		Use:   "loadtest --db DB --desks N --duration D",
		Short: "Drive N simulated desks and a supervisor against a database, then check it",
		Long: `loadtest runs N simulated operators, each with its own connection, through
a call mix (searches, opening members, password resets, contact changes,
lost cards, cancellations, notes on shared cases, wrap-ups) and one
supervisor (queues, approvals, a print run every few seconds) for the given
time. It prints each action's count, rate, p50 and p99, its conflicts
(another desk got there first), refusals and errors, and the store's write
retries; then it verifies the audit chain and checks that no update a desk
was told was saved is missing and no call or case was left half-done.
It exits non-zero when any check fails or any action met an unexpected
error.

Each simulated operator pauses before every action for --think on
average (drawn between half and one and a half times it), so the run sends
what that many people would; the pause is not part of any action's time.
--think 0 is a stress test: no pause at all. With --procs every desk runs
in a process of its own, as desks on separate machines do; the
supervisor, the report and the checks stay in this process.

An empty database is seeded with --members members first. The load test
makes accounts named load-*; a database with other accounts (a live desk's)
is refused. Use a database made for it.`,
		Example: `  spdesk loadtest --db /tmp/load.db --desks 50 --duration 60s --procs
  spdesk loadtest --db postgres://spdesk@db1/loadtest --desks 50 --duration 60s --think 0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if deskChild {
				// One desk of a --procs run: its part comes from the
				// parent on standard input, its figures go back on
				// standard output.
				return loadtest.ServeDesk(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout())
			}
			if g.db == "" {
				return errors.New("--db is required: name the file (or postgres:// URL) to load")
			}
			if o.Duration <= 0 {
				return errors.New("--duration must be positive, e.g. 60s")
			}
			spool, err := os.MkdirTemp("", "spdesk-loadtest-spool-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(spool)
			o.DB, o.SpoolDir = g.db, spool
			if o.PrintEvery <= 0 {
				o.PrintEvery = -1 // never
			}
			if procs {
				exe, err := os.Executable()
				if err != nil {
					return fmt.Errorf("loadtest --procs: cannot find this program to start the desks with: %w", err)
				}
				o.Command = []string{exe, "loadtest", "--desk-child"}
			}
			rep, err := loadtest.Run(cmd.Context(), o)
			if err != nil {
				return fmt.Errorf("loadtest %s: %w", store.Redact(g.db), err)
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				printLoadReport(cmd.OutOrStdout(), rep)
			}
			if !rep.OK() {
				return errors.New("loadtest: the checks failed (see above): the database is not what the desks were told")
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&o.Desks, "desks", 10, "simulated operators")
	cmd.Flags().DurationVar(&o.Duration, "duration", 60*time.Second, "how long the desks take calls")
	cmd.Flags().IntVar(&o.Members, "members", 2000, "members to seed into an empty database")
	cmd.Flags().Uint64Var(&o.Seed, "seed", 1, "the call mix's random seed")
	cmd.Flags().DurationVar(&o.Think, "think", loadtest.DefaultThink, "each operator's mean pause before an action (0: none, a stress test)")
	cmd.Flags().BoolVar(&procs, "procs", false, "run every desk in a process of its own")
	cmd.Flags().DurationVar(&o.PrintEvery, "print-every", 3*time.Second, "how often the supervisor prints the letters waiting (0: never)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&deskChild, "desk-child", false, "one desk of a --procs run (started by loadtest itself)")
	cmd.Flags().MarkHidden("desk-child")
	return cmd
}

func printLoadReport(w io.Writer, r loadtest.Report) {
	where := "in this process"
	if r.Processes > 1 {
		where = fmt.Sprintf("in %d processes", r.Processes)
	}
	fmt.Fprintf(w, "%s, %d desks %s, %s, %s: %d calls wrapped up, %d write retries\n", r.Backend, r.Desks, where, r.Duration,
		paceWords(r.Think), r.Calls, r.Retries)
	if r.PrintEvery > 0 {
		fmt.Fprintf(w, "the supervisor printed the letters waiting every %s\n", r.PrintEvery)
	} else {
		fmt.Fprintln(w, "the supervisor printed no letters (--print-every 0)")
	}
	fmt.Fprintf(w, "%-16s %7s %8s %9s %9s %9s %7s %6s\n", "action", "count", "per s", "p50", "p99", "conflicts", "refused", "errors")
	for _, a := range r.Actions {
		fmt.Fprintf(w, "%-16s %7d %8.1f %9s %9s %9d %7d %6d\n", a.Name, a.Count, a.PerSecond,
			a.P50.Round(10*time.Microsecond), a.P99.Round(10*time.Microsecond), a.Conflicts, a.Refused, a.Errors)
	}
	intact := "intact"
	if !r.AuditIntact {
		intact = "BROKEN"
	}
	fmt.Fprintf(w, "audit chain: %s (%d rows); lost updates: %d; half-done: %d\n", intact, r.AuditRows, r.LostUpdates, r.HalfDone)
	for _, p := range r.Problems {
		fmt.Fprintln(w, "  "+p)
	}
	for _, e := range r.ErrorSamples {
		fmt.Fprintln(w, "  error: "+e)
	}
}

// paceWords says how fast the desks worked.
func paceWords(think time.Duration) string {
	if think <= 0 {
		return "stress (no pause between actions)"
	}
	return fmt.Sprintf("human pace (a pause of %s on average, %s to %s, before each action)", think, think/2, think*3/2)
}
