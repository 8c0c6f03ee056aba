package main

import (
	"context"
	"path/filepath"
	"testing"

	"spdesk/store"
	"spdesk/workflows"
)

// TestConsoleSaysDemoOnADemoFile: the console on a file made as a demo
// (seed --demo) shows DEMO in its header, as spdesk demo does; on a live
// file it does not. Without it, a kept demo database ran as a live desk
// with no sign that demo-supervisor's password is "demo".
func TestConsoleSaysDemoOnADemoFile(t *testing.T) {
	live := filepath.Join(t.TempDir(), "live.db")
	if _, stderr, ok := run(t, nil, "seed", "--db", live, "--members", "3"); !ok {
		t.Fatalf("seed: %s", stderr)
	}
	for _, tc := range []struct {
		path string
		demo bool
	}{{demoDB(t), true}, {live, false}} {
		for _, readOnly := range []bool{false, true} {
			s, err := store.OpenWith(context.Background(), tc.path, store.OpenOptions{ReadOnly: readOnly})
			if err != nil {
				t.Fatal(err)
			}
			svc, err := workflows.New(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := consoleOptions(&globals{readOnly: readOnly}, s, svc, "en").Demo; got != tc.demo {
				t.Errorf("%s (read-only %v): the console's Demo is %v, want %v", filepath.Base(tc.path), readOnly, got, tc.demo)
			}
			s.Close()
		}
	}
}
