package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestQueuesJSONAndApproveFromTheCLI(t *testing.T) {
	db := demoDB(t)
	out, stderr, ok := run(t, nil, "queues", "--db", db, "--json")
	if !ok {
		t.Fatalf("queues --json: %s", stderr)
	}
	var q queuesJSON
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	groups := map[string]int{}
	sum, over := 0, 0
	for _, f := range q.Queues {
		groups[f.Group] += f.Count
		sum += f.Count
		over += f.Overdue
		if len(f.Intake) != 30 || len(f.Closed) != 30 {
			t.Errorf("%s/%s: sparklines of %d and %d days", f.Type, f.State, len(f.Intake), len(f.Closed))
		}
	}
	if sum != q.Open || over != q.Overdue || q.Overdue == 0 || groups["approval"] == 0 || groups["member"] == 0 {
		t.Fatalf("figures %+v by group %v: want the demo's aged, overdue and approval cases", q, groups)
	}
	text, _, ok := run(t, nil, "queues", "--db", db, "--lang", "en")
	if !ok || !strings.Contains(text, "overdue") || !strings.Contains(text, "form received") {
		t.Fatalf("text output:\n%s", text)
	}
	// The day the figures are for, as each language writes a day (JSON: ISO).
	if d, _ := time.Parse("2006-01-02", q.AsOf); !strings.Contains(text, "as of "+q.AsOf) {
		t.Errorf("English text lacks 'as of %s':\n%s", q.AsOf, text)
	} else if ja, _, _ := run(t, nil, "queues", "--db", db, "--lang", "ja"); !strings.Contains(ja, fmt.Sprintf("%d年%d月%d日 時点", d.Year(), d.Month(), d.Day())) {
		t.Errorf("Japanese text's day:\n%s", ja)
	}

	out, stderr, ok = run(t, nil, "queues", "approvals", "--db", db, "--json")
	var items []approvalJSON
	if !ok || json.Unmarshal([]byte(out), &items) != nil || len(items) == 0 {
		t.Fatalf("approvals: %s %s", out, stderr)
	}
	no := items[0].No
	_, stderr, ok = runIn(t, "demo\n", "queues", "approve", no, "--db", db, "--operator", "demo-operator", "--lang", "en")
	if ok || !strings.Contains(stderr, "supervisor") {
		t.Fatalf("an operator approved %s: %s", no, stderr)
	}
	out, stderr, ok = runIn(t, "demo\n", "queues", "approve", no, "--db", db, "--operator", "demo-supervisor")
	if !ok || !strings.Contains(out, no+" approved") {
		t.Fatalf("approve %s: %s %s", no, out, stderr)
	}
}
