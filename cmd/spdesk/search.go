package main

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"spdesk/store"
)

// searchJSON is the documented shape of `spdesk search --json`.
type searchJSON struct {
	Query       string       `json:"query"`
	Total       int          `json:"total"`
	TotalCapped bool         `json:"total_capped"`
	Members     []memberJSON `json:"members"`
	// Hints name parts of the query that were not searched (a date the
	// calendar lacks, a postal code of the wrong length): code and part.
	Hints []hintJSON `json:"hints"`
}

type hintJSON struct {
	Code string `json:"code"`
	Part string `json:"part"`
}

type memberJSON struct {
	MemberNo  string     `json:"member_no"`
	Name      string     `json:"name"`
	Reading   string     `json:"reading"`
	Status    string     `json:"status"`
	Phone     string     `json:"phone"`
	Email     string     `json:"email"`
	Cards     []cardJSON `json:"cards"`
	MatchedOn string     `json:"matched_on"`
	// Also: what else in the query matched (birth_date, postal_code).
	Also []string `json:"also"`
	// FormerName: when matched_on is former_name, the name and the day
	// the member stopped using it.
	FormerName *formerJSON `json:"former_name,omitempty"`
}

type formerJSON struct {
	Name    string `json:"name"`
	Reading string `json:"reading"`
	Until   string `json:"until"`
}

type cardJSON struct {
	CardNo  string `json:"card_no"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Issued  string `json:"issued"`
	Expires string `json:"expires"`
}

func newSearchCmd(g *globals) *cobra.Command {
	var (
		asJSON bool
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "search --db FILE [--json] [--limit N] QUERY",
		Short: "Search members the way the console does, for scripts",
		Long: `search runs the console's search: a member number, card number, phone
number (or its last four digits), e-mail, name or reading in kanji (old and
variant forms too), hiragana, katakana, half-width katakana or romaji, a former
name, a birth date (1993-05-19, 平成5年5月19日, H5.5.19) or a postal code
(〒124-3149), and a name with a date or postal code to narrow it.`,
		Example: `  spdesk search --db members.db 佐藤
  spdesk search --db members.db --json 090-1234-5678`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 || limit > 1000 {
				return fmt.Errorf("--limit %d: give a number from 1 to 1000", limit)
			}
			q := strings.Join(args, " ")
			if strings.TrimSpace(q) == "" {
				return errors.New("the query is empty: give a member number, phone, e-mail or name")
			}
			s, err := openStore(cmd.Context(), g)
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := s.Search(cmd.Context(), q, limit)
			if err != nil {
				return fmt.Errorf("search %q: %w", q, err)
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), toJSON(res), true)
			}
			return printHits(cmd, res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&limit, "limit", 50, "how many members at most")
	return cmd
}

func toJSON(res store.SearchResult) searchJSON {
	out := searchJSON{Query: res.Query, Total: res.Total, TotalCapped: res.TotalCapped, Members: []memberJSON{}, Hints: []hintJSON{}}
	for _, h := range res.Hints {
		out.Hints = append(out.Hints, hintJSON{string(h.Code), h.Part})
	}
	for _, h := range res.Hits {
		m := memberJSON{
			MemberNo: h.Member.No, Name: h.Member.Name(), Reading: h.Member.Reading(),
			Status: string(h.Member.Status), Phone: h.Member.Phone, Email: h.Member.Email,
			MatchedOn: string(h.MatchedOn), Cards: []cardJSON{}, Also: []string{},
		}
		for _, a := range h.Also {
			m.Also = append(m.Also, string(a))
		}
		if f := h.Former; f != nil {
			m.FormerName = &formerJSON{f.FamilyName + " " + f.GivenName, f.FamilyKana + " " + f.GivenKana, f.Until.String()}
		}
		for _, c := range h.Cards {
			m.Cards = append(m.Cards, cardJSON{c.No, string(c.Kind), string(c.Status), c.IssuedOn.String(), c.ExpiresOn.String()})
		}
		out.Members = append(out.Members, m)
	}
	return out
}

// printHits lays out a plain table. Columns are padded by display cells
// (lipgloss.Width), since a kanji takes two cells and tabwriter counts runes.
func printHits(cmd *cobra.Command, res store.SearchResult) error {
	rows := make([][]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		rows = append(rows, []string{safe(h.Member.No), safe(h.Member.Name()), safe(h.Member.Reading()),
			safe(h.Member.Phone), safe(string(h.Member.Status)), safe(string(h.MatchedOn))})
	}
	widths := make([]int, 6)
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	w := cmd.OutOrStdout()
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
	total := fmt.Sprint(res.Total)
	if res.TotalCapped {
		total += "+"
	}
	_, err := fmt.Fprintf(w, "%d shown of %s\n", len(rows), total)
	return err
}
