//go:build unix

package workflows

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes an exclusive flock on a run's folder without waiting. The
// kernel drops it when the process dies, kill -9 included.
func lockDir(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	return f, nil
}

// lockBusy tells a folder locked by a live run from other failures.
func lockBusy(err error) bool { return errors.Is(err, syscall.EWOULDBLOCK) }
