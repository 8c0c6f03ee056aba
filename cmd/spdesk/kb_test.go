package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"spdesk/store"
	"spdesk/workflows"
)

// brokenKB is one article with a front matter typo and its twin linking
// to a procedure that does not exist.
var brokenKB = map[string]string{
	"x.ja.md": "---\nid: x\nlang: ja\ntitle 題\n---\n本文\n",
	"x.en.md": "---\nid: x\nlang: en\ntitle: T\nprocedure: teleport\n---\nbody\n",
}

func TestLoadKBRefusesBrokenSet(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "spdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := workflows.New(st)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, text := range brokenKB {
		fsys["kb/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	err = loadKB(ctx, svc, fsys, "kb")
	if err == nil {
		t.Fatal("a broken knowledge base was loaded")
	}
	for _, want := range []string{"kb/x.ja.md:4:", "kb/x.en.md:5:", "teleport", "does not start"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if h, _ := st.KBHash(ctx); h != "" {
		t.Error("the broken set was stored")
	}
	// The embedded set loads.
	if err := loadKB(ctx, svc, nil, ""); err != nil {
		t.Fatalf("embedded set: %v", err)
	}
}

// TestConsoleRefusesBrokenKB runs the real binary: with a broken set the
// console and the demo stop before any screen, non-zero, naming the lines.
func TestConsoleRefusesBrokenKB(t *testing.T) {
	dir := t.TempDir()
	for name, text := range brokenKB {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{kbDirEnv + "=" + dir}
	db := filepath.Join(t.TempDir(), "spdesk.db")
	for _, args := range [][]string{{"--db", db}, {"demo"}} {
		_, stderr, ok := run(t, env, args...)
		if ok {
			t.Fatalf("spdesk %v started with a broken knowledge base", args)
		}
		for _, want := range []string{"x.ja.md:4:", "x.en.md:5:", "unknown procedure"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("spdesk %v: stderr lacks %q:\n%s", args, want, stderr)
			}
		}
	}
}
