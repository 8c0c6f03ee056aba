//go:build !unix

package workflows

import "os"

// lockDir has no flock to take here: a run's folder is only opened, so a
// second console printing into the same spool folder at the same moment
// could take a live run for a dead one. spdesk's desks run Unix.
func lockDir(path string) (*os.File, error) { return os.Open(path) }

func lockBusy(error) bool { return false }
