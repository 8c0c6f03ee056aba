package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

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
		out, stderr, ok := run(t, nil, "loadtest", "--db", db, "--desks", "3", "--duration", "2s", "--members", "300", "--json")
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
