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
	"spdesk/workflows/textsafe"
)

func newAuditCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the audit trail's hash chain, and export it to CSV",
	}
	cmd.AddCommand(newAuditVerifyCmd(g), newAuditExportCmd(g), newAuditSealCmd(g))
	return cmd
}

func newAuditVerifyCmd(g *globals) *cobra.Command {
	var head string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify [--head HASH]",
		Short: "Walk the audit trail's hash chain and seals, and say whether it is intact",
		Long: `verify reads every audit row in order and checks that each one still hashes
to its stored hash and links to the row before it, and that its seal (an HMAC
under the audit key, kept outside the database: --audit-key, default
$XDG_CONFIG_HOME/spdesk/audit.key) matches. It prints the number of rows and
the head hash, and fails with one of these verdicts:

  broken     the chain breaks at a row: edited, or rows taken from the middle,
             without recomputing the hashes after it
  forged     the chain holds but a seal does not: rows rewritten and the
             hashes recomputed by someone without the key, or the seal record
             edited, removed or put back from an older copy
  cut off    every row left is intact, but the seal record says the trail
             went on: rows were cut off the end (it names them)
  wrong key  the trail is sealed with another key: give the right --audit-key
  no key     the trail is sealed and the key file is missing: only the chain
             was checked
  unsealed   no row carries a seal: written before spdesk sealed its trail,
             or every seal stripped; the chain alone cannot tell

Rows written before sealing began (a database from an older spdesk) are
named: the chain covers them, the key does not. A whole database put back
from an earlier copy verifies at its own length: write the head hash down (a
morning report, a ticket) and give it later with --head; verify then fails if
that row is gone.`,
		Example: `  spdesk audit verify --db spdesk.db
  spdesk audit verify --db spdesk.db --audit-key /media/usb/audit.key
  spdesk audit verify --db spdesk.db --head 3f5c…`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A mistyped or shortened hash would match no row and read as
			// "rows were cut off": refuse it as what it is, a bad argument.
			head = strings.ToLower(strings.TrimSpace(head))
			if head != "" && !isHeadHash(head) {
				return fmt.Errorf("--head %q is not a head hash: give all 64 hex digits, as audit verify printed them; nothing was checked", textsafe.Show(head))
			}
			g.auditKeyLoose = true // a missing or other key is a verdict here
			s, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer s.Close()
			svc, err := workflows.New(s)
			if err != nil {
				return err
			}
			c, err := svc.VerifyAuditSeal(cmd.Context())
			if err != nil {
				return err
			}
			v := c.Verdict
			headID := int64(0)
			if v.OK() && head != "" {
				if headID, err = s.AuditIDOfHash(cmd.Context(), head); errors.Is(err, store.ErrNotFound) {
					headID = -1
				} else if err != nil {
					return err
				}
			}
			lang := cliLang(g)
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(verifyJSON(c, lang, head, headID)); err != nil {
					return err
				}
			}
			switch {
			case !v.OK():
				if !asJSON {
					fmt.Fprintf(out, "%d rows chain correctly before row %d\n", v.Rows, v.Break.ID)
				}
				return fmt.Errorf("audit trail broken at row %d: %s", v.Break.ID, v.Break)
			case !c.OK():
				return fmt.Errorf("audit trail %s: %s", strings.ReplaceAll(c.Status(), "_", " "), c.Message(lang))
			case headID < 0:
				return fmt.Errorf("no audit row has the head hash %s: rows were cut off the end of the trail (%d rows remain, head %s)",
					head, v.Rows, v.Head)
			}
			if !asJSON {
				fmt.Fprintln(out, c.Message(lang))
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

func verifyJSON(c workflows.AuditCheck, lang, head string, headID int64) any {
	v := c.Verdict
	out := map[string]any{"ok": c.OK() && headID >= 0, "status": c.Status(), "message": c.Message(lang),
		"rows": v.Rows, "last_id": v.LastID, "head": v.Head,
		"seal": map[string]any{"key_id": v.Seal.KeyID, "sealed_from": v.Seal.SealedFrom, "head_id": v.Seal.HeadID,
			"forged": v.Seal.Forged, "forged_id": v.Seal.ForgedID}}
	if v.Break != nil {
		out["broken"] = map[string]any{"id": v.Break.ID, "kind": v.Break.Kind, "stored": v.Break.Stored,
			"want": v.Break.Want, "message": v.Break.String()}
	}
	if head != "" {
		out["given_head_found"] = headID > 0
	}
	return out
}

func newAuditSealCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "seal",
		Short: "Start sealing an unsealed audit trail with the audit key (a supervisor function)",
		Long: `seal starts the keyed seal on an audit trail that has rows without one: a
database written before spdesk sealed its trail, or one whose seals were
stripped. A new database is sealed from its first row without it; on a trail
that has rows, the seal starts only here, on record, so that nobody can strip
the seals, rewrite history and have the next change seal it as intact. Check
the trail first (spdesk audit verify, and --head against a hash written down
earlier): the rows before the seal stay covered by the hash chain only.`,
		Example: `  spdesk audit seal --db spdesk.db --operator sato`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			c, err := svc.SealAuditTrail(cmd.Context(), op)
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), c.Message(cliLang(g)))
			return nil
		},
	}
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

// isHeadHash reports whether h is written as an audit row hash is: 64
// lower-case hex digits (SHA-256).
func isHeadHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, r := range h {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}
