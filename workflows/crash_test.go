package workflows

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"spdesk/store"
)

// TestKilledMidWorkflow runs workflows in a child process (this test
// binary again), kills it with SIGKILL at random moments, reopens the
// database and checks that every case is before or after a step, never
// between, and that no change lacks its audit row.
func TestKilledMidWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "spdesk.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	loadMembers(t, st, 0, 1500, 400)
	st.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 4))
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), "SPDESK_CRASH_DB="+path, "SPDESK_CRASH_SEED="+strconv.Itoa(round))
		out, _ := os.Create(filepath.Join(dir, "child.log"))
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill at a random moment of its work, not of its start-up: a
		// loaded machine may take longer than the whole window to start.
		waitForLine(t, filepath.Join(dir, "child.log"), crashChildReady, 60*time.Second)
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		out.Close()

		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		n, _ := st.CountAudit(context.Background())
		if n == 0 {
			log, _ := os.ReadFile(filepath.Join(dir, "child.log"))
			t.Fatalf("round %d: the child wrote nothing:\n%s", round, log)
		}
		checkInvariants(t, st)
		st.Close()
		t.Logf("round %d: %d audit rows, invariants hold", round, n)
	}
}

// crashChildReady is what the child prints once it starts its steps.
const crashChildReady = "crash child: walking cases"

// waitForLine waits until the file holds line, or fails the test.
func waitForLine(t *testing.T, path, line string, limit time.Duration) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if b, _ := os.ReadFile(path); strings.Contains(string(b), line) {
			return
		}
	}
	b, _ := os.ReadFile(path)
	t.Fatalf("the child did not start its steps within %v:\n%s", limit, b)
}

// TestCrashChild is the child of TestKilledMidWorkflow: it walks random
// cases of every type through their steps until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("SPDESK_CRASH_DB")
	if path == "" {
		t.Skip("only run as the child of TestKilledMidWorkflow")
	}
	seed, _ := strconv.Atoi(os.Getenv("SPDESK_CRASH_SEED"))
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, path: path, st: st, clock: &testClock{t: time.Date(2025, 6, 2, 10, 0, 0, 0, jst)}}
	e.svc, _ = New(st, WithClock(e.clock), WithPasswordParams(testParams))
	e.seedAccounts() // approvals and batches need supervisors; a killed round left some
	fmt.Println(crashChildReady)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	variants := []struct {
		typ    store.CaseType
		credit bool
	}{
		{store.CaseLostCard, false}, {store.CaseLostCard, true}, {store.CaseBrokenCard, false},
		{store.CaseBrokenCard, true}, {store.CasePasswordReset, false}, {store.CaseNameChange, false},
		{store.CaseContactChange, false}, {store.CaseCancellation, false},
	}
	for {
		v := variants[rng.IntN(len(variants))]
		kind := store.CardStandard
		if v.credit {
			kind = store.CardCredit
		}
		ids, err := st.ActiveMembersWithCard(ctx, kind, 300)
		if err != nil || len(ids) == 0 {
			t.Fatalf("no members left: %v", err)
		}
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		e.std, e.credit = ids, ids
		paths := pathTo(v.typ, v.credit)
		var targets []store.CaseState
		for s := range paths {
			targets = append(targets, s)
		}
		e.reach(v.typ, v.credit, paths[targets[rng.IntN(len(targets))]])
	}
}
