package tui

import (
	"context"
	"testing"

	"spdesk/workflows"
)

// TestOverdueAllQueuesInFourKeys: from the search page a supervisor sees
// every overdue case of every queue in at most 4 keys (ctrl+g, o), each
// row naming its queue.
func TestOverdueAllQueuesInFourKeys(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	d := runDesk(t, st, svc, "en", 110, 40, "supervisor", "tester")
	want, err := svc.QueueCases(context.Background(), workflows.QueueQuery{Overdue: true, Limit: 100})
	if err != nil || want.Total < 2 || len(want.Items) != want.Total {
		t.Fatalf("the demo's overdue cases: %+v %v", want, err)
	}
	types := map[workflows.CaseType]bool{}
	for _, it := range want.Items {
		types[it.Type] = true
	}
	if len(types) < 2 {
		t.Fatalf("the demo's overdue cases are all one type: %v", types)
	}
	keys := 0
	press := func(k string) { keys++; d.key(k) }
	waitFor(t, d.tm, "Search")
	keys++
	d.ctrl('g')
	waitFor(t, d.tm, "Work queues", "overdue, all queues")
	press("o")
	words := []string{"Overdue cases, all queues"}
	for _, it := range want.Items {
		words = append(words, it.No(), workflows.CaseTypeLabel(it.Type, "en"))
	}
	waitFor(t, d.tm, words...)
	if keys > 4 {
		t.Errorf("%d keys to the overdue cases, want at most 4", keys)
	}
	t.Logf("every overdue case, all queues: %d keys", keys) // the README's table
}
