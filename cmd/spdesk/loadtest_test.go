package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store/pgtest"
	"spdesk/workflows/loadtest"
)

// A short load test on a file and on PostgreSQL: the desks take calls
// through every procedure of the mix, the supervisor approves and prints,
// and the checks after the run pass: the audit chain is intact, every
// note and contact change a desk was told was saved is there, and no call
// or case was left half-done.
func TestLoadtestChecksHoldOnBothBackends(t *testing.T) {
	for _, db := range []string{filepath.Join(t.TempDir(), "load.db"), pgtest.URL(t)} {
		out, stderr, ok := run(t, nil, "loadtest", "--db", db, "--desks", "3", "--duration", "2s", "--members", "300", "--think", "0", "--json")
		if !ok {
			t.Fatalf("loadtest --db %s: %s\n%s", db, stderr, out)
		}
		var rep loadtest.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("loadtest --json: %v\n%s", err, out)
		}
		if !rep.OK() || !rep.AuditIntact || rep.AuditRows == 0 {
			t.Errorf("%s: checks failed: %+v", rep.Backend, rep)
		}
		if rep.Calls == 0 {
			t.Fatalf("%s: no call was wrapped up", rep.Backend)
		}
		counts := map[string]int{}
		for _, a := range rep.Actions {
			counts[a.Name] = a.Count
			if a.Errors != 0 {
				t.Errorf("%s: %s: %d errors: %v", rep.Backend, a.Name, a.Errors, rep.ErrorSamples)
			}
		}
		// Every call that started was wrapped up (none left open).
		if counts["start_call"] != counts["wrap_up"] || counts["wrap_up"] != rep.Calls {
			t.Errorf("%s: %d calls started, %d wrap-ups, %d saved", rep.Backend, counts["start_call"], counts["wrap_up"], rep.Calls)
		}
		for _, name := range []string{"search", "open_member", "open_case", "check_identity", "queues", "approvals", "print_run"} {
			if counts[name] == 0 {
				t.Errorf("%s: no %s in the run: %v", rep.Backend, name, counts)
			}
		}
		if want := map[bool]string{true: "postgres", false: "sqlite"}[strings.HasPrefix(db, "postgres")]; rep.Backend != want {
			t.Errorf("backend %q, want %q", rep.Backend, want)
		}
		// Without --procs every desk ran in the process that checked.
		if rep.Processes != 1 || len(rep.PerDesk) != 3 || rep.PerDesk[0].PID != rep.PID {
			t.Errorf("%s: in one process: %d processes, desks %+v, parent %d", rep.Backend, rep.Processes, rep.PerDesk, rep.PID)
		}
	}
}

// supervisorActions are the supervisor's, not a desk's.
var supervisorActions = map[string]bool{"queues": true, "approvals": true, "approve": true, "print_run": true}

// With --procs each desk runs in a process of its own on the same file
// (or PostgreSQL database): the report counts the actions of three
// desks in three other processes than the one that checked, every one of
// their actions is in the figures, and the checks ran on the database
// they all wrote.
func TestLoadtestDesksInSeparateProcesses(t *testing.T) {
	for _, db := range []string{filepath.Join(t.TempDir(), "load.db"), pgtest.URL(t)} {
		out, stderr, ok := run(t, nil, "loadtest", "--db", db, "--desks", "3", "--duration", "2s", "--members", "300",
			"--think", "0", "--procs", "--json")
		if !ok {
			t.Fatalf("loadtest --procs --db %s: %s\n%s", db, stderr, out)
		}
		var rep loadtest.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("loadtest --json: %v\n%s", err, out)
		}
		if !rep.OK() || !rep.AuditIntact || rep.AuditRows == 0 || rep.Calls == 0 {
			t.Errorf("%s: checks failed: %+v", rep.Backend, rep)
		}
		pids := map[int]bool{}
		deskActions := 0
		for _, d := range rep.PerDesk {
			if d.PID == rep.PID || d.PID == 0 {
				t.Errorf("%s: desk %s ran in process %d, the parent is %d", rep.Backend, d.Operator, d.PID, rep.PID)
			}
			if d.Actions == 0 {
				t.Errorf("%s: desk %s in process %d measured nothing", rep.Backend, d.Operator, d.PID)
			}
			pids[d.PID] = true
			deskActions += d.Actions
		}
		if len(rep.PerDesk) != 3 || len(pids) != 3 || rep.Processes != 3 {
			t.Errorf("%s: want 3 desks in 3 processes: %d processes, %+v", rep.Backend, rep.Processes, rep.PerDesk)
		}
		counted, calls := 0, 0
		for _, a := range rep.Actions {
			if !supervisorActions[a.Name] {
				counted += a.Count
			}
			if a.Name == "wrap_up" {
				calls = a.Count
			}
		}
		if counted != deskActions || calls != rep.Calls {
			t.Errorf("%s: the desks measured %d actions, the figures count %d; %d wrap-ups for %d calls", rep.Backend, deskActions, counted, calls, rep.Calls)
		}
	}
	// The desk's mode started by hand, with no run to be part of, says
	// what it is for and takes no call.
	_, stderr, ok := run(t, nil, "loadtest", "--desk-child")
	if ok || !strings.Contains(stderr, "no desk to be on standard input") {
		t.Errorf("loadtest --desk-child alone: ok=%v %s", ok, stderr)
	}
}

// At a human pace every action waits a pause of half to one and a half
// times --think first: in 3 s at 500 ms a desk starts at most 12 actions
// before the time is up, plus the wrap-up of the call under way (a
// stress run makes hundreds). The pause is not in an action's time:
// counted in, no action could take under 250 ms. The report names the
// pace.
func TestLoadtestThinkPacesTheDesks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "load.db")
	out, stderr, ok := run(t, nil, "loadtest", "--db", db, "--desks", "3", "--duration", "3s", "--members", "300",
		"--think", "500ms", "--json")
	if !ok {
		t.Fatalf("loadtest --think 500ms: %s\n%s", stderr, out)
	}
	var rep loadtest.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("loadtest --json: %v\n%s", err, out)
	}
	if !rep.OK() || rep.Think != 500*time.Millisecond || rep.Calls == 0 {
		t.Errorf("want the checks passed, think 500ms and calls: %+v", rep)
	}
	for _, d := range rep.PerDesk {
		if d.Actions == 0 || d.Actions > 3000/250+1 {
			t.Errorf("desk %s made %d actions in 3 s at 500 ms a pause (at most 13)", d.Operator, d.Actions)
		}
	}
	for _, a := range rep.Actions {
		if a.Name == "open_member" && a.P50 >= 250*time.Millisecond {
			t.Errorf("open_member p50 %s: the pause was counted in", a.P50)
		}
	}
	// --print-every 0: the supervisor prints nothing, and says so.
	out, stderr, ok = run(t, nil, "loadtest", "--db", db, "--desks", "2", "--duration", "1500ms", "--think", "300ms", "--print-every", "0")
	if !ok || !strings.Contains(out, "human pace (a pause of 300ms on average, 150ms to 450ms, before each action)") {
		t.Errorf("loadtest --think 300ms: the report does not name the pace: %s\n%s", stderr, out)
	}
	if !strings.Contains(out, "printed no letters") || strings.Contains(out, "print_run") {
		t.Errorf("loadtest --print-every 0 printed letters: %s", out)
	}
}

// A database with accounts of its own is a live desk's: the load test
// refuses it and writes nothing.
func TestLoadtestRefusesALiveDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "live.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "50"); !ok {
		t.Fatal(stderr)
	}
	if _, stderr, ok := runIn(t, "chief-password-1\n", "operator", "add", "--db", db, "--login", "chief", "--name", "上司",
		"--role", "supervisor"); !ok {
		t.Fatalf("first supervisor: %s", stderr)
	}
	before := fileSum(t, db)
	_, stderr, ok := run(t, nil, "loadtest", "--db", db, "--desks", "2", "--duration", "1s")
	if ok || !strings.Contains(stderr, "live desk") || !strings.Contains(stderr, "chief") {
		t.Fatalf("loadtest on a live database: ok=%v %s", ok, stderr)
	}
	if fileSum(t, db) != before {
		t.Error("the refused load test changed the file")
	}
}
