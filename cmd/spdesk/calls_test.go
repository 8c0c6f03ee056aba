package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"spdesk/workflows/bizday"
)

// TestCallsAndReportFromTheCLI: the demo's calls through `spdesk calls`
// and `spdesk report calls`, with what each says to bad input. Neither
// signs in (no password on stdin, and they succeed).
func TestCallsAndReportFromTheCLI(t *testing.T) {
	db := demoDB(t)
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var no string
	var count int
	if err := raw.QueryRow(`SELECT m.member_no, count(*) FROM calls c JOIN members m ON m.id = c.member_id
		WHERE c.note != '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`).Scan(&no, &count); err != nil {
		t.Fatal(err)
	}

	t.Run("calls json", func(t *testing.T) {
		out, stderr, ok := run(t, nil, "calls", "--db", db, "--member", no, "--json")
		if !ok {
			t.Fatal(stderr)
		}
		var got callsJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if got.MemberNo != no || len(got.Calls) != count {
			t.Fatalf("member %s: %d calls, want %d", got.MemberNo, len(got.Calls), count)
		}
		notes := 0
		for i, c := range got.Calls {
			if i > 0 && c.StartedAt > got.Calls[i-1].StartedAt {
				t.Errorf("calls not newest first: %s after %s", c.StartedAt, got.Calls[i-1].StartedAt)
			}
			if c.Open || len(c.Reasons) == 0 || c.Outcome == "" || !strings.HasPrefix(c.Call, "T-") {
				t.Errorf("demo call %+v", c)
			}
			if c.Note != "" {
				notes++
			}
		}
		if notes == 0 {
			t.Error("no note in the member's calls")
		}
	})

	t.Run("calls text shows notes safely", func(t *testing.T) {
		// A note written behind spdesk's back, with a terminal sequence.
		if _, err := raw.Exec(`UPDATE calls SET note = 'bad`+"\x1b]0;pwned\x07"+`note' WHERE id =
			(SELECT c.id FROM calls c JOIN members m ON m.id = c.member_id WHERE m.member_no = ? ORDER BY c.id LIMIT 1)`, no); err != nil {
			t.Fatal(err)
		}
		out, stderr, ok := run(t, nil, "calls", "--db", db, "--member", no, "--lang", "ja")
		if !ok {
			t.Fatal(stderr)
		}
		if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "bad␛]0;pwned␇note") {
			t.Errorf("the note's escape reached the terminal:\n%q", out)
		}
		if !strings.Contains(out, "会員 "+no) || !strings.Contains(out, "理由:") {
			t.Errorf("Japanese listing:\n%s", out)
		}
		// Its dates as the console writes them in Japanese, never ISO.
		if !regexp.MustCompile(`T-\d+  \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}  `).MatchString(out) || regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).MatchString(out) {
			t.Errorf("Japanese listing's dates:\n%s", out)
		}
		out, _, _ = run(t, nil, "calls", "--db", db, "--member", no, "--json")
		if strings.Contains(out, "\x1b") {
			t.Errorf("raw escape in the JSON")
		}
	})

	t.Run("calls bad input", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"--member", "1000000000"}, "no member 1000000000"},
			{[]string{"--member", "abc"}, "not a member number"},
			{[]string{"--member", no, "--limit", "0"}, "from 1 to 10000"},
			{nil, `"member" not set`},
		} {
			_, stderr, ok := run(t, nil, append([]string{"calls", "--db", db, "--lang", "en"}, tc.args...)...)
			if ok || !strings.Contains(stderr, tc.want) {
				t.Errorf("calls %v: ok=%v, want %q in %q", tc.args, ok, tc.want, stderr)
			}
		}
	})

	today := bizday.Day(time.Now(), bizday.Tokyo)
	from, to := today.AddDate(0, 0, -45).Format(time.DateOnly), today.Format(time.DateOnly)
	var total int
	if err := raw.QueryRow(`SELECT count(*) FROM calls WHERE ended_at != ''`).Scan(&total); err != nil {
		t.Fatal(err)
	}

	t.Run("report json", func(t *testing.T) {
		out, stderr, ok := run(t, nil, "report", "calls", "--db", db, "--from", from, "--to", to, "--json")
		if !ok {
			t.Fatal(stderr)
		}
		var rep reportJSON
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Total != total || len(rep.Days) != 46 || len(rep.Operators) < 4 {
			t.Fatalf("report: total %d (want %d), %d days, operators %v", rep.Total, total, len(rep.Days), rep.Operators)
		}
		sumDays, sumOps, sumReasons := 0, 0, 0
		for _, d := range rep.Days {
			sumDays += d.Total
		}
		for _, o := range rep.Operators {
			sumOps += o.Calls
		}
		for _, r := range rep.Reasons {
			sumReasons += r.Calls
			if r.Label == "" || r.Label == r.Key {
				t.Errorf("reason %s has no words", r.Key)
			}
		}
		if sumDays != total || sumOps != total || sumReasons < total {
			t.Errorf("days add to %d, operators %d, reasons %d; total %d", sumDays, sumOps, sumReasons, total)
		}
	})

	t.Run("report csv", func(t *testing.T) {
		out, stderr, ok := run(t, nil, "report", "calls", "--db", db, "--from", from, "--to", to, "--csv")
		if !ok {
			t.Fatal(stderr)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 47 || rows[0][0] != "day" || rows[0][1] != "total" || !strings.HasPrefix(rows[0][2], "reason:") {
			t.Fatalf("csv head %v, %d rows", rows[0], len(rows))
		}
		sum := 0
		for _, r := range rows[1:] {
			n, _ := strconv.Atoi(r[1])
			sum += n
		}
		if sum != total {
			t.Errorf("csv days add to %d, want %d", sum, total)
		}
		cols := append([]string(nil), rows[0]...)
		sort.Strings(cols)
		if i := sort.SearchStrings(cols, "operator:demo-operator"); i == len(cols) || cols[i] != "operator:demo-operator" {
			t.Errorf("no operator column: %v", rows[0])
		}
	})

	t.Run("report text", func(t *testing.T) {
		out, stderr, ok := run(t, nil, "report", "calls", "--db", db, "--from", from, "--to", to, "--lang", "ja")
		if !ok || !strings.Contains(out, "合計 "+strconv.Itoa(total)+" 件") || !strings.Contains(out, "担当者別") {
			t.Errorf("ok=%v\n%s%s", ok, out, stderr)
		}
		if regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).MatchString(out) || !strings.Contains(out, "年") {
			t.Errorf("Japanese report's dates:\n%s", out)
		}
	})

	t.Run("report bad input", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"--from", to, "--to", from}, "is after the end date"},
			{[]string{"--from", "2026-13-01", "--to", to}, "write it as 2026-11-01"},
			{[]string{"--from", "yesterday", "--to", to}, "start date (--from) yesterday is not a date"},
			{[]string{"--from", from}, `"to" not set`},
			{[]string{"--from", "2020-01-01", "--to", "2026-01-01"}, "at most 367"},
			{[]string{"--from", from, "--to", to, "--json", "--csv"}, "cannot be combined"},
		} {
			_, stderr, ok := run(t, nil, append([]string{"report", "calls", "--db", db, "--lang", "en"}, tc.args...)...)
			if ok || !strings.Contains(stderr, tc.want) {
				t.Errorf("report %v: ok=%v, want %q in %q", tc.args, ok, tc.want, stderr)
			}
		}
		// A range without calls is no error: it says so, and the figures are zero.
		out, stderr, ok := run(t, nil, "report", "calls", "--db", db, "--from", "2001-01-01", "--to", "2001-01-31", "--json", "--lang", "en")
		var rep reportJSON
		if !ok || json.Unmarshal([]byte(out), &rep) != nil || rep.Total != 0 || len(rep.Days) != 31 ||
			!strings.Contains(stderr, "no call was wrapped up from 2001-01-01 to 2001-01-31") {
			t.Errorf("empty range: ok=%v %q\n%s", ok, stderr, out)
		}
	})
}
