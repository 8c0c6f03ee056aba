package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"spdesk/workflows"
)

// kbDirEnv names a folder of articles to load instead of the embedded
// ones: for writers checking new articles in a console before a build,
// and for the test that a broken set stops the console.
const kbDirEnv = "SPDESK_KB_DIR"

// kbFS is where the articles come from: SPDESK_KB_DIR's folder (articles
// directly in it), or nil for the ones embedded in the binary.
func kbFS() (fs.FS, string) {
	if dir := os.Getenv(kbDirEnv); dir != "" {
		return os.DirFS(dir), "."
	}
	return nil, ""
}

// startKB checks the knowledge base and stores it for the search before a
// console starts. A broken set is an error listing every problem as
// file:line: the console never starts on it, since an operator would read
// answers out of a half-loaded set.
func startKB(ctx context.Context, svc *workflows.Service) error {
	fsys, dir := kbFS()
	return loadKB(ctx, svc, fsys, dir)
}

// loadKB is startKB for the articles under dir in fsys (nil: embedded).
func loadKB(ctx context.Context, svc *workflows.Service, fsys fs.FS, dir string) error {
	var err error
	if fsys == nil {
		_, err = svc.LoadKB(ctx)
	} else {
		_, err = svc.LoadKBFS(ctx, fsys, dir)
	}
	if err != nil {
		return fmt.Errorf("%w\nthe console does not start with a broken knowledge base: fix the lines above", err)
	}
	return nil
}
