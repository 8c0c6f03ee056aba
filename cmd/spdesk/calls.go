package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"spdesk/store"
	"spdesk/workflows"
	"spdesk/workflows/bizday"
	"spdesk/workflows/textsafe"
)

// callsJSON is the documented shape of `spdesk calls --json`.
type callsJSON struct {
	MemberNo string     `json:"member_no"`
	Calls    []callJSON `json:"calls"` // newest first
}

type callJSON struct {
	Call      string   `json:"call"`       // T-0000123
	StartedAt string   `json:"started_at"` // RFC 3339, Tokyo
	EndedAt   string   `json:"ended_at"`   // "" while open
	Open      bool     `json:"open"`
	Operator  string   `json:"operator"`
	Outcome   string   `json:"outcome"` // answered, procedure_started, call_back, transferred; "" while open
	Reasons   []string `json:"reasons"` // codes of the reason list, the main one first
	Cases     []string `json:"cases"`   // C-0000123
	Articles  []string `json:"articles"`
	Note      string   `json:"note"`
}

const tokyoStamp = "2006-01-02T15:04:05-07:00"

func newCallsCmd(g *globals) *cobra.Command {
	var (
		asJSON bool
		member string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "calls --member N [--json]",
		Short: "List a member's calls, newest first, with their reasons and notes",
		Long: `calls lists the calls logged for one member, newest first: when, who took
it, the outcome, the reasons, the cases and knowledge-base articles it
touched, and the operator's note. A call still open (not wrapped up) shows
as open. It reads only and does not sign in.`,
		Example: `  spdesk calls --db spdesk.db --member 1000000016
  spdesk calls --db spdesk.db --member 1000000016 --json | jq '.calls[0].note'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := cliLang(g)
			no, ok := memberNoArg(member)
			if !ok {
				return errors.New(cliText(lang, "calls.bad_member", "member", safe(member)))
			}
			if limit < 1 || limit > 10000 {
				return errors.New(cliText(lang, "calls.bad_limit", "limit", strconv.Itoa(limit)))
			}
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			m, err := svc.MemberByNo(cmd.Context(), no)
			if errors.Is(err, store.ErrNotFound) {
				return errors.New(cliText(lang, "calls.no_member", "member", no))
			} else if err != nil {
				return err
			}
			calls, err := svc.CallsOfMember(cmd.Context(), m.ID, limit)
			if err != nil {
				return refusal(g, err)
			}
			out := callsJSON{MemberNo: m.No, Calls: []callJSON{}}
			for _, c := range calls {
				out.Calls = append(out.Calls, toCallJSON(c))
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), out, true)
			}
			printCalls(cmd.OutOrStdout(), m, calls, lang)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().StringVar(&member, "member", "", "the member's 10-digit number")
	cmd.Flags().IntVar(&limit, "limit", 100, "how many calls at most, newest first")
	cmd.MarkFlagRequired("member")
	return cmd
}

// memberNoArg folds what people type for a member number (full-width
// digits, hyphens, spaces) to its 10 digits, if that is what it is.
func memberNoArg(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '-' || r == ' ' || r == '－' || r == '　':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() == 10
}

func toCallJSON(c store.Call) callJSON {
	j := callJSON{Call: c.No(), StartedAt: c.StartedAt.In(bizday.Tokyo).Format(tokyoStamp), Open: c.Open(),
		Operator: c.Operator, Outcome: string(c.Outcome), Reasons: c.Reasons, Articles: c.Articles, Note: c.Note,
		Cases: []string{}}
	if !c.Open() {
		j.EndedAt = c.EndedAt.In(bizday.Tokyo).Format(tokyoStamp)
	}
	if j.Reasons == nil {
		j.Reasons = []string{}
	}
	if j.Articles == nil {
		j.Articles = []string{}
	}
	for _, id := range c.Cases {
		j.Cases = append(j.Cases, store.Case{ID: id}.No())
	}
	return j
}

// printCalls writes one block per call: a heading line, the reasons, the
// links, then the note as typed (through textsafe, indented).
func printCalls(w io.Writer, m store.Member, calls []store.Call, lang string) {
	fmt.Fprintln(w, cliText(lang, "calls.header", "member", m.No, "name", safe(m.Name()), "count", strconv.Itoa(len(calls))))
	for _, c := range calls {
		fmt.Fprintln(w)
		start := c.StartedAt.In(bizday.Tokyo)
		state := cliText(lang, "calls.open")
		if !c.Open() {
			state = fmt.Sprintf("%s  %s", cliText(lang, "calls.minutes", "n", strconv.Itoa(callMinutes(c))),
				workflows.OutcomeLabel(c.Outcome, lang))
		}
		fmt.Fprintf(w, "%s  %s  %s  %s\n", c.No(), workflows.WhenText(start, lang), safe(c.Operator), state)
		if len(c.Reasons) > 0 {
			labels := make([]string, len(c.Reasons))
			for i, r := range c.Reasons {
				labels[i] = workflows.ReasonLabel(r, lang)
			}
			fmt.Fprintf(w, "  %s %s\n", cliText(lang, "calls.reasons"), safe(strings.Join(labels, ", ")))
		}
		var links []string
		for _, id := range c.Cases {
			links = append(links, store.Case{ID: id}.No())
		}
		links = append(links, c.Articles...)
		if len(links) > 0 {
			fmt.Fprintf(w, "  %s %s\n", cliText(lang, "calls.links"), safe(strings.Join(links, ", ")))
		}
		if c.Note != "" {
			for _, line := range strings.Split(textsafe.ShowLines(c.Note), "\n") {
				fmt.Fprintf(w, "  | %s\n", line)
			}
		}
	}
}

func callMinutes(c store.Call) int {
	return int((c.EndedAt.Sub(c.StartedAt) + 30*time.Second) / time.Minute)
}

func newReportCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Reports for supervisors",
	}
	cmd.AddCommand(newReportCallsCmd(g))
	return cmd
}

// reportJSON is the documented shape of `spdesk report calls --json`.
type reportJSON struct {
	From      string          `json:"from"`
	To        string          `json:"to"`
	Total     int             `json:"total"`
	Reasons   []reportCount   `json:"reasons"`   // catalog order
	Operators []reportCount   `json:"operators"` // by login
	Days      []reportDayJSON `json:"days"`      // every day of the range
}

type reportCount struct {
	Key   string `json:"key"`   // the reason code, or the operator's login
	Label string `json:"label"` // the reason in words ("" for an operator)
	Calls int    `json:"calls"`
}

type reportDayJSON struct {
	Day        string         `json:"day"`
	Total      int            `json:"total"`
	ByReason   map[string]int `json:"by_reason"`
	ByOperator map[string]int `json:"by_operator"`
}

func newReportCallsCmd(g *globals) *cobra.Command {
	var (
		from, to      string
		asJSON, asCSV bool
	)
	cmd := &cobra.Command{
		Use:   "calls --from DATE --to DATE [--json|--csv]",
		Short: "Calls per day by reason and by operator over a date range",
		Long: `report calls counts the calls wrapped up on each day (Tokyo time) from
--from to --to inclusive, by reason and by operator. A call with two reasons
counts once in its day's total and once under each reason; calls still open
are not counted. Dates are written 2026-11-01 (2026/11/01, 20261101 and
2026年11月1日 are read too). It reads only and does not sign in.`,
		Example: `  spdesk report calls --db spdesk.db --from 2026-11-01 --to 2026-11-30
  spdesk report calls --db spdesk.db --from 2026-11-01 --to 2026-11-30 --csv > november.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := cliLang(g)
			if asJSON && asCSV {
				return errors.New(cliText(lang, "calls.report.json_csv"))
			}
			f, err := workflows.ParseReportDate("from", from)
			if err != nil {
				return refusal(g, err)
			}
			t, err := workflows.ParseReportDate("to", to)
			if err != nil {
				return refusal(g, err)
			}
			svc, done, err := openService(cmd, g)
			if err != nil {
				return err
			}
			defer done()
			rep, err := svc.CallFigures(cmd.Context(), f, t)
			if err != nil {
				return refusal(g, err)
			}
			if rep.Total == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), cliText(lang, "calls.report.empty", "from", workflows.DateText(f, lang), "to", workflows.DateText(t, lang)))
			}
			switch {
			case asJSON:
				return printJSON(cmd.OutOrStdout(), toReportJSON(rep, lang), true)
			case asCSV:
				return printReportCSV(cmd.OutOrStdout(), rep)
			}
			printReport(cmd.OutOrStdout(), rep, lang)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first day, e.g. 2026-11-01")
	cmd.Flags().StringVar(&to, "to", "", "last day, included")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV: one row per day, one column per reason and per operator")
	cmd.MarkFlagRequired("from")
	cmd.MarkFlagRequired("to")
	return cmd
}

// reportTotals are the range's counts per reason and per operator.
func reportTotals(rep workflows.CallReport, lang string) (reasons, ops []reportCount) {
	for _, r := range rep.Reasons {
		n := 0
		for _, d := range rep.Days {
			n += d.ByReason[r]
		}
		reasons = append(reasons, reportCount{Key: r, Label: workflows.ReasonLabel(r, lang), Calls: n})
	}
	for _, o := range rep.Operators {
		n := 0
		for _, d := range rep.Days {
			n += d.ByOperator[o]
		}
		ops = append(ops, reportCount{Key: o, Calls: n})
	}
	return reasons, ops
}

func toReportJSON(rep workflows.CallReport, lang string) reportJSON {
	// JSON and CSV are for programs: ISO days in every language.
	out := reportJSON{From: rep.From.String(), To: rep.To.String(), Total: rep.Total, Reasons: []reportCount{},
		Operators: []reportCount{}, Days: []reportDayJSON{}}
	r, o := reportTotals(rep, lang)
	out.Reasons, out.Operators = append(out.Reasons, r...), append(out.Operators, o...)
	for _, d := range rep.Days {
		out.Days = append(out.Days, reportDayJSON{Day: d.Day.String(), Total: d.Total, ByReason: d.ByReason, ByOperator: d.ByOperator})
	}
	return out
}

// printReportCSV writes one row per day: day, total, then a column per
// reason ("reason:" + code) and per operator ("operator:" + login).
func printReportCSV(w io.Writer, rep workflows.CallReport) error {
	cw := csv.NewWriter(w)
	head := []string{"day", "total"}
	for _, r := range rep.Reasons {
		head = append(head, "reason:"+r)
	}
	for _, o := range rep.Operators {
		head = append(head, "operator:"+safeCSV(o))
	}
	cw.Write(head)
	for _, d := range rep.Days {
		row := []string{d.Day.String(), strconv.Itoa(d.Total)}
		for _, r := range rep.Reasons {
			row = append(row, strconv.Itoa(d.ByReason[r]))
		}
		for _, o := range rep.Operators {
			row = append(row, strconv.Itoa(d.ByOperator[o]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// safeCSV keeps a spreadsheet from reading a login as a formula.
func safeCSV(s string) string {
	s = safe(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// printReport writes the totals by reason and by operator, then one line
// per day with its calls.
func printReport(w io.Writer, rep workflows.CallReport, lang string) {
	fmt.Fprintln(w, cliText(lang, "calls.report.header", "from", workflows.DateText(rep.From, lang), "to", workflows.DateText(rep.To, lang), "total", strconv.Itoa(rep.Total)))
	reasons, ops := reportTotals(rep, lang)
	if len(reasons) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, cliText(lang, "calls.report.by_reason"))
		for _, r := range reasons {
			fmt.Fprintf(w, "  %5d  %s\n", r.Calls, safe(r.Label))
		}
	}
	if len(ops) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, cliText(lang, "calls.report.by_operator"))
		for _, o := range ops {
			fmt.Fprintf(w, "  %5d  %s\n", o.Calls, safe(o.Key))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, cliText(lang, "calls.report.by_day"))
	for _, d := range rep.Days {
		fmt.Fprintf(w, "  %s (%s)  %5d\n", workflows.DateText(d.Day, lang), weekday(d.Day.Weekday(), lang), d.Total)
	}
}

// weekday is the day of the week as a calendar in lang writes it.
func weekday(d time.Weekday, lang string) string {
	if lang == "ja" {
		return []string{"日", "月", "火", "水", "木", "金", "土"}[d]
	}
	return d.String()[:3]
}
