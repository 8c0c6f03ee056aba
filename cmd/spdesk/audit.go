package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"spdesk/store"
	"spdesk/workflows"
)

func newAuditCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the audit trail's hash chain, and export it to CSV",
	}
	cmd.AddCommand(newAuditVerifyCmd(g), newAuditExportCmd(g))
	return cmd
}

func newAuditVerifyCmd(g *globals) *cobra.Command {
	var head string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify [--head HASH]",
		Short: "Walk the audit trail's hash chain and name the first broken row",
		Long: `verify reads every audit row in order and checks that each one still hashes
to its stored hash and links to the row before it (no row changed, none
removed from the middle). It prints the number of rows and the head hash, and
fails naming the first broken row and what differs.

Rows cut off the end leave no break behind: write the head hash down (a
morning report, a ticket) and give it later with --head; verify then fails if
that row is gone.`,
		Example: `  spdesk audit verify --db spdesk.db
  spdesk audit verify --db spdesk.db --head 3f5c…`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer s.Close()
			v, err := s.VerifyAudit(cmd.Context())
			if err != nil {
				return err
			}
			headID := int64(0)
			if v.OK() && head != "" {
				if headID, err = s.AuditIDOfHash(cmd.Context(), head); errors.Is(err, store.ErrNotFound) {
					headID = -1
				} else if err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(verifyJSON(v, head, headID)); err != nil {
					return err
				}
			}
			switch {
			case !v.OK():
				if !asJSON {
					fmt.Fprintf(out, "%d rows chain correctly before row %d\n", v.Rows, v.Break.ID)
				}
				return fmt.Errorf("audit trail broken at row %d: %s", v.Break.ID, v.Break)
			case headID < 0:
				return fmt.Errorf("no audit row has the head hash %s: rows were cut off the end of the trail (%d rows remain, head %s)",
					head, v.Rows, v.Head)
			}
			if !asJSON {
				fmt.Fprintf(out, "audit trail intact: %d rows, head %s\n", v.Rows, v.Head)
				if headID > 0 {
					fmt.Fprintf(out, "the given head is row %d: nothing before it was cut off\n", headID)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&head, "head", "", "a head hash written down earlier: fail if its row is gone")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the verdict as JSON")
	return cmd
}

func verifyJSON(v store.AuditVerdict, head string, headID int64) any {
	out := map[string]any{"ok": v.OK() && headID >= 0, "rows": v.Rows, "last_id": v.LastID, "head": v.Head}
	if v.Break != nil {
		out["broken"] = map[string]any{"id": v.Break.ID, "kind": v.Break.Kind, "stored": v.Break.Stored,
			"want": v.Break.Want, "message": v.Break.String()}
	}
	if head != "" {
		out["given_head_found"] = headID > 0
	}
	return out
}

func newAuditExportCmd(g *globals) *cobra.Command {
	var by, member, caseNo, action, from, to, out string
	cmd := &cobra.Command{
		Use:   "export [--by LOGIN] [--member NO] [--case C] [--action A] [--from DATE] [--to DATE] [--out FILE]",
		Short: "Write the audit rows that match to CSV (a supervisor function)",
		Long: `export writes the matching audit rows as CSV, oldest first, UTF-8, one row per
change with its before and after, to --out (a file; or a folder, existing or
ending in /, for a new audit-<time>.csv in it) or to standard output. Only a supervisor may export
(--operator names who runs it, who signs in with their password); the export
is itself recorded in the audit.

--by filters by who made the change (--operator is who runs the export, as in
every command). --action takes an action (lost_card.report) or a procedure
(lost_card). Dates are Tokyo calendar days, both ends included.`,
		Example: `  spdesk audit export --db spdesk.db --operator sato --member 1000000012 --out /srv/exports
  spdesk audit export --db spdesk.db --operator sato --action password_reset --from 2026-11-01 --to 2026-11-30`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			f, err := workflows.ParseAuditQuery(cmd.Context(), workflows.AuditQuery{Operator: by, Member: member,
				Case: caseNo, Action: action, From: from, To: to}, svc.Store())
			if err != nil {
				return refusal(g, err)
			}
			var x workflows.AuditExport
			if out == "" || out == "-" {
				x, err = svc.ExportAudit(cmd.Context(), op, f, cmd.OutOrStdout())
			} else if st, err2 := os.Stat(out); err2 == nil && st.IsDir() || strings.HasSuffix(out, string(os.PathSeparator)) {
				x, err = svc.ExportAuditToDir(cmd.Context(), op, f, out)
			} else {
				x, err = svc.ExportAuditFile(cmd.Context(), op, f, out)
			}
			if err != nil {
				return refusal(g, err)
			}
			if x.Path != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%d audit rows written to %s\n", x.Rows, x.Path)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&by, "by", "", "only rows made by this operator login")
	fl.StringVar(&member, "member", "", "only rows about this member number")
	fl.StringVar(&caseNo, "case", "", "only rows of this case (C-0000123 or 123)")
	fl.StringVar(&action, "action", "", "only this action, or every action of a procedure")
	fl.StringVar(&from, "from", "", "first day, YYYY-MM-DD (Tokyo)")
	fl.StringVar(&to, "to", "", "last day, YYYY-MM-DD (Tokyo), included")
	fl.StringVar(&out, "out", "", "file or folder to write (default: standard output)")
	return cmd
}
