package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"spdesk/tui/pages/queues"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
)

// queuesJSON is the documented shape of `spdesk queues --json`.
type queuesJSON struct {
	AsOf        string                  `json:"as_of"` // the Tokyo day the figures are for
	DueSoonDays int                     `json:"due_soon_days"`
	FlowDays    int                     `json:"flow_days"`
	Open        int                     `json:"open"`
	Overdue     int                     `json:"overdue"`
	Queues      []workflows.QueueFigure `json:"queues"`
}

func newQueuesCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "queues",
		Short: "Print the work queues: open cases per type and state, ages, due soon, overdue",
		Long: `queues prints one line per work queue (the open cases of one type in one
state), grouped by whom they wait on: us, approval, the member, the mail, the
card company. Ages and due dates count Japanese business days (weekends,
national holidays and the year-end closure excluded). The sparkline shows the
last 30 days' intake of the queue's case type.`,
		Example: `  spdesk queues --db spdesk.db
  spdesk queues --db spdesk.db --json | jq '.queues[] | select(.overdue > 0)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			qs, err := svc.Queues(cmd.Context())
			if err != nil {
				return refusal(g, err)
			}
			out := queuesJSON{AsOf: bizday.Day(svc.Now(), nil).Format("2006-01-02"), DueSoonDays: workflows.DueSoonDays,
				FlowDays: workflows.FlowDays, Queues: qs}
			for _, q := range qs {
				out.Open += q.Count
				out.Overdue += q.Overdue
			}
			if out.Queues == nil {
				out.Queues = []workflows.QueueFigure{}
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), out, true)
			}
			printQueues(cmd.OutOrStdout(), out, cliLang(g))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(newApprovalsCmd(g), newReprintCmd(g), newApproveCmd(g), newRejectCmd(g))
	return cmd
}

// approvalJSON is one line of `spdesk queues approvals --json`.
type approvalJSON struct {
	Kind        string `json:"kind"`
	No          string `json:"no"` // the case (C-…) or the request (R-…) to approve
	MemberNo    string `json:"member_no"`
	LetterKind  string `json:"letter_kind,omitempty"`
	RequestedBy string `json:"requested_by"`
	RequestedAt string `json:"requested_at"`
}

func newApprovalsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "approvals",
		Short: "List what waits for a supervisor's approval (cancellations, letter reprints)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			items, err := svc.Approvals(cmd.Context())
			if err != nil {
				return refusal(g, err)
			}
			out := []approvalJSON{}
			for _, it := range items {
				a := approvalJSON{Kind: string(it.Kind), MemberNo: it.MemberNo, LetterKind: string(it.LetterKind),
					RequestedBy: it.RequestedBy, RequestedAt: it.RequestedAt.In(bizday.Tokyo).Format("2006-01-02T15:04:05-07:00")}
				a.No = it.Request.No()
				if it.Kind == workflows.ApproveCancellation {
					a.No = it.Case.No()
				}
				out = append(out, a)
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), out, true)
			}
			for _, a := range out {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\t%s\t%s\t%s\t%s\n", safe(a.No), safe(a.Kind), safe(a.LetterKind),
					safe(a.MemberNo), safe(a.RequestedBy), safe(a.RequestedAt))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func newReprintCmd(g *globals) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "reprint LETTER --reason TEXT",
		Short: "Ask for a printed letter to be printed again (a second supervisor approves)",
		Long: `reprint asks for a printed or mailed letter (L-0000123) to be printed again.
A supervisor other than the one asking approves it with 'spdesk queues approve
R-…'. A password notice is never printed twice: its reprint issues a new
password, which replaces the one in the lost letter.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := refNo(args[0], "L-")
			if err != nil {
				return fmt.Errorf("%s is not a letter number (e.g. L-0000123)", args[0])
			}
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			r, err := svc.RequestReprint(cmd.Context(), op, workflows.ReprintRequest{LetterID: id, Reason: reason})
			if err != nil {
				return refusal(g, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "request %s: reprint of %s waits for a second supervisor\n", r.No(), args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the letter must be printed again")
	return cmd
}

func newApproveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "approve R-… | C-…",
		Short: "Approve a reprint request or a cancellation whose form came back (supervisors; not your own request)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			items, err := svc.Approvals(cmd.Context())
			if err != nil {
				return refusal(g, err)
			}
			want := strings.ToUpper(strings.TrimSpace(args[0]))
			for _, it := range items {
				if (it.Kind == workflows.ApproveCancellation && it.Case.No() == want) || (it.Kind == workflows.ApproveReprint && it.Request.No() == want) {
					if err := svc.ApproveItem(cmd.Context(), op, it); err != nil {
						return refusal(g, err)
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s approved\n", want)
					return nil
				}
			}
			return fmt.Errorf("%s is not waiting for approval: see 'spdesk queues approvals'", args[0])
		},
	}
}

func newRejectCmd(g *globals) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "reject R-… --reason TEXT",
		Short: "Turn a reprint request down (supervisors; not your own request)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := refNo(args[0], "R-")
			if err != nil {
				return fmt.Errorf("%s is not a request number (e.g. R-00012)", args[0])
			}
			svc, op, done, err := signInService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			items, err := svc.Approvals(cmd.Context())
			if err != nil {
				return refusal(g, err)
			}
			for _, it := range items {
				if it.Kind == workflows.ApproveReprint && it.Request.ID == id {
					r, err := svc.RejectReprint(cmd.Context(), op, id, it.Request.Version, reason)
					if err != nil {
						return refusal(g, err)
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s rejected\n", r.No())
					return nil
				}
			}
			return fmt.Errorf("%s is not waiting for approval: see 'spdesk queues approvals'", args[0])
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the reprint is not made")
	return cmd
}

// refNo reads "L-0000123" or "123".
func refNo(s, prefix string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), prefix), "0"), 10, 64)
	if err == nil && n <= 0 {
		err = fmt.Errorf("not positive")
	}
	return n, err
}

// printQueues writes the human table; columns are padded by display width
// so Japanese labels line up.
func printQueues(w io.Writer, q queuesJSON, lang string) {
	var heads []string
	for _, k := range []string{"group", "type", "state", "open", "oldest", "soon", "overdue", "intake"} {
		heads = append(heads, cliText(lang, "queues.col."+k))
	}
	rows := [][]string{heads}
	for _, f := range q.Queues {
		rows = append(rows, []string{queues.QueueGroupLabel(f.Group, lang), workflows.CaseTypeLabel(f.Type, lang),
			workflows.StateLabel(f.State, lang), fmt.Sprint(f.Count), fmt.Sprint(f.OldestAge), fmt.Sprint(f.DueSoon),
			fmt.Sprint(f.Overdue), queues.Sparkline(f.Intake)})
	}
	widths := make([]int, len(heads))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-lipgloss.Width(c))
			if i >= 3 && i <= 6 {
				b.WriteString(pad + c) // numbers right-aligned
			} else {
				b.WriteString(c + pad)
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	asOf := q.AsOf // ISO in the JSON; in the text, as the console writes the day
	if d, err := workflows.ParseReportDate("as_of", q.AsOf); err == nil {
		asOf = workflows.DateText(d, lang)
	}
	fmt.Fprintf(w, "\n%s\n", cliText(lang, "queues.totals", "asof", asOf, "open", fmt.Sprint(q.Open), "overdue", fmt.Sprint(q.Overdue)))
}
