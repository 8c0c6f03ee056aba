package workflows

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Files in the spool folder: written so that a crash or a full disk never
// leaves a letter under the name of a batch that did not commit.

// probeDir makes sure dir exists (creating it) and takes a file, before
// any letter is touched.
func probeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".spdesk-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// syncDir makes the renames durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// isFileError tells a file-system failure from a database one.
func isFileError(err error) bool {
	var pe *fs.PathError
	var le *os.LinkError
	return errors.As(err, &pe) || errors.As(err, &le)
}

// rootCause is the innermost reason, without our paths repeated:
// "permission denied", "no space left on device".
func rootCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return fmt.Sprint(err)
}

// A print run writes its letters into a folder of its own, named
// ".B-00012.uncommitted" under the spool folder and locked while the run
// lives; once its batch commits the folder is renamed to "B-00012". A
// letter is therefore readable under a batch's name only when that batch
// committed, and what a dead run left behind is recognisable by its name
// and its free lock: the next print removes it, or finishes the rename
// when the batch did commit (settlePrintRuns).

const uncommittedSuffix = ".uncommitted"

// uncommittedDir is where run no writes before its batch commits.
func uncommittedDir(root, no string) string { return filepath.Join(root, "."+no+uncommittedSuffix) }

// parseUncommitted reads the batch ID from an uncommitted folder's name.
func parseUncommitted(name string) (int64, bool) {
	rest, ok := strings.CutPrefix(name, ".B-")
	if !ok {
		return 0, false
	}
	digits, ok := strings.CutSuffix(rest, uncommittedSuffix)
	if !ok || digits == "" {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0
}

// printRun is one run's folder, locked until the run ends.
type printRun struct {
	root, tmp, final string
	lock             *os.File
}

// startRun makes and locks run no's uncommitted folder.
func startRun(root, no string) (*printRun, error) {
	r := &printRun{root: root, tmp: uncommittedDir(root, no), final: filepath.Join(root, no)}
	if err := os.Mkdir(r.tmp, 0o700); err != nil {
		return nil, err
	}
	lock, err := lockDir(r.tmp)
	if err != nil {
		os.Remove(r.tmp)
		return nil, err
	}
	r.lock = lock
	return r, nil
}

// write puts one file of the run in its folder: 0600 (letters carry
// passwords), synced, never over another file.
func (r *printRun) write(name string, data []byte) (err error) {
	path := filepath.Join(r.tmp, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// publish gives the committed batch's folder its name.
func (r *printRun) publish() error {
	if err := os.Rename(r.tmp, r.final); err != nil {
		return err
	}
	return syncDir(r.root)
}

// discard removes what the run wrote (its batch did not commit).
func (r *printRun) discard() {
	os.RemoveAll(r.tmp)
	syncDir(r.root)
}

// end lets other runs settle the folder (the lock dies with the process
// too, which is what tells a dead run from a live one).
func (r *printRun) end() {
	if r.lock != nil {
		r.lock.Close()
		r.lock = nil
	}
}
