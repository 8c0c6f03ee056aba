package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"spdesk/fixtures"
	"spdesk/store"
)

func newSeedCmd(g *globals) *cobra.Command {
	var (
		members int
		seed    int64
		demo    bool
		appendT bool
	)
	cmd := &cobra.Command{
		Use:   "seed --db FILE (--members N [--seed S] | --demo)",
		Short: "Fill a database with deterministic scale data or the demo fixtures",
		Long: `seed writes generated members and cards into --db. --members N makes N
members (the same N and --seed always make the same members); --demo writes
the fixtures that 'spdesk demo' starts from, into a new file only (one
--demo created: a demo database; a database made otherwise never takes the
demo's accounts or letters). A database that already holds members is
refused unless --append is given; a live desk's database (one with accounts,
not made as a demo) never takes generated members.`,
		Example: `  spdesk seed --db /tmp/1m.db --members 1000000
  spdesk seed --db /tmp/demo.db --demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if g.db == "" {
				return errors.New("--db is required: name the file (or postgres:// URL) to fill")
			}
			if demo == (members > 0) {
				return errors.New("give either --members N (N > 0) or --demo")
			}
			s, err := createStore(cmd.Context(), g, demo)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Check(cmd.Context()); err != nil {
				return explainOpen(g.db, err)
			}
			if demo && !s.Demo() {
				// Demo accounts have a known password and demo cases print
				// password notices: never into a live database.
				return fmt.Errorf("%s was not created as a demo database: nothing was written; --demo writes only into a new file (or one it created): give another --db", store.Redact(g.db))
			}
			n, err := s.CountMembers(cmd.Context())
			if err != nil {
				return err
			}
			if n > 0 && !appendT {
				return fmt.Errorf("%s already holds %d members: nothing was written; use --append to add more, or another --db", store.Redact(g.db), n)
			}
			if !demo && !s.Demo() {
				// Generated members are test data: in a live desk's file
				// (one with accounts) they would mix with real members,
				// and the bulk load writes no audit row.
				accounts, err := s.HasOperators(cmd.Context())
				if err != nil {
					return err
				}
				if accounts {
					return fmt.Errorf("%s is a live desk's database (it has operator accounts and was not made as a demo): generated members would mix with the real ones, unrecorded; nothing was written. Seed a new file, or a demo (spdesk seed --demo)", store.Redact(g.db))
				}
			}
			if appendT && !demo {
				// The same seed makes the same members: a second load of it
				// would fail on the first batch with a bare UNIQUE error.
				first := fixtures.FirstScaleNo(seed)
				if _, err := s.MemberByNo(cmd.Context(), first); err == nil {
					return fmt.Errorf("seed %d was already loaded into %s (member %s is there): nothing was written; give another --seed", seed, store.Redact(g.db), first)
				} else if !errors.Is(err, store.ErrNotFound) {
					return err
				}
			}
			if err := signInToSeed(cmd, g, s); err != nil { // a supervisor, once the file has accounts
				return err
			}
			if demo {
				if err := seedDemo(cmd, s); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "demo members written to %s\n", store.Redact(g.db))
				return nil
			}
			start := time.Now()
			err = withProgress(cmd, fmt.Sprintf("seeding %d members", members), members, func(ctx context.Context, report func(int)) error {
				return fixtures.LoadScale(ctx, s, seed, members, report)
			})
			if err != nil {
				return fmt.Errorf("seed %s: %w", store.Redact(g.db), err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d members written to %s in %s\n", members, store.Redact(g.db), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&members, "members", 0, "how many members to generate")
	cmd.Flags().Int64Var(&seed, "seed", 1, "generator seed: the same seed makes the same members")
	cmd.Flags().BoolVar(&demo, "demo", false, "write the demo fixtures instead")
	cmd.Flags().BoolVar(&appendT, "append", false, "add to a database that already holds members")
	return cmd
}
