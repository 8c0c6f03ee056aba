package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"spdesk/store"
)

func newDBCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "db", Short: "Move a database"}
	cmd.AddCommand(newDBCopyCmd(g))
	return cmd
}

func newDBCopyCmd(g *globals) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "copy --from FILE --to postgres://…",
		Short: "Copy a desk's SQLite database whole into a new PostgreSQL database",
		Long: `copy moves an office onto PostgreSQL: every row of the SQLite file --from,
ids included, into the PostgreSQL database --to, which must be new and empty
(it is migrated first; one holding members, accounts, cases, calls, letters
or audit rows is refused and nothing is written). The search indexes are
built again on the target. Then the row count of every table is compared
and the audit chain verified on both sides: the target's must end on the
same row and hash as the file's. Stop the desks that use the file first; the
file is only read. Both need the same audit key (--audit-key).`,
		Example: `  spdesk db copy --from ~/.local/share/spdesk/spdesk.db --to postgres://spdesk@db1/center`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" || store.IsURL(from) {
				return errors.New("--from must name the SQLite file to copy")
			}
			if !store.IsURL(to) {
				return errors.New("--to must be a postgres:// URL of a new, empty database")
			}
			ctx := cmd.Context()
			gs := *g
			gs.db, gs.readOnly = from, true
			src, err := openStore(ctx, &gs)
			if err != nil {
				return err
			}
			defer src.Close()
			if err := src.Check(ctx); err != nil {
				return explainOpen(from, err)
			}
			gd := *g
			gd.db = to
			dst, err := openStoreWith(ctx, &gd, store.OpenOptions{Create: true, Demo: src.Demo()})
			if err != nil {
				return err
			}
			defer dst.Close()
			counts, err := src.CopyTo(ctx, dst)
			if err != nil {
				return fmt.Errorf("copy %s to %s: %w", from, store.Redact(to), err)
			}
			out := cmd.OutOrStdout()
			bad := 0
			for _, c := range counts {
				if c.Source != c.Target {
					bad++
					fmt.Fprintf(out, "%-20s %9d rows in the file, %9d in the target: DIFFERENT\n", c.Table, c.Source, c.Target)
				}
			}
			sv, err := src.VerifyAudit(ctx)
			if err != nil {
				return err
			}
			dv, err := dst.VerifyAudit(ctx)
			if err != nil {
				return err
			}
			if dv.Break != nil || dv.Rows != sv.Rows || dv.Head != sv.Head || dv.Status() != sv.Status() {
				return fmt.Errorf("copied, but the target's audit trail does not verify as the file's (file: %s, %d rows; target: %s, %d rows): do not use the target; drop it and copy again",
					sv.Status(), sv.Rows, dv.Status(), dv.Rows)
			}
			if bad > 0 {
				return fmt.Errorf("copied, but %d tables differ in rows (above): do not use the target; drop it and copy again", bad)
			}
			fmt.Fprintf(out, "copied %s to %s: %d tables, every row count equal; audit trail %s on both, %d rows, head %s\n",
				from, store.Redact(to), len(counts), dv.Status(), dv.Rows, dv.Head)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the SQLite database file to copy")
	cmd.Flags().StringVar(&to, "to", "", "the new PostgreSQL database (postgres:// URL)")
	return cmd
}
