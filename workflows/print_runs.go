package workflows

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/letterpdf"
)

// reserveRun takes the batch number of a print run in a transaction of its
// own, and makes and locks the run's uncommitted folder before that
// commits, so a committed reservation always has its folder (or a settled
// outcome). The same transaction reads what the run will print
// (gatherPrint) and commits the holds it finds; when nothing can be
// printed it reserves nothing and says why (run is nil).
func (s *Service) reserveRun(ctx context.Context, op, root string, opts PrintOptions, fonts *letterpdf.Fonts) (*printRun, store.BatchReservation, printSet, error) {
	var run *printRun
	var res store.BatchReservation
	var set printSet
	var empty error
	err := s.write(ctx, op, func(tx *store.Tx) error {
		if run != nil { // a retried transaction starts again
			run.discard()
			run.end()
			run = nil
		}
		var err error
		if set, err = s.gatherPrint(tx, op, opts, fonts); err != nil {
			return err
		}
		if len(set.letters) == 0 {
			// Commit the holds printable just wrote (with their audit
			// rows): refusing inside the transaction would roll them back
			// and leave the letters neither printable nor releasable.
			if empty = emptyPrint(tx, opts); ErrorCode(empty) != ENOTFOUND {
				return empty
			}
			return nil
		}
		if res, err = tx.ReserveBatchNumber(root, op); err != nil {
			return err
		}
		set.name(res.No(), opts)
		if run, err = startRun(root, res.No()); err != nil {
			return err
		}
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.batch_reserve",
			After: fields{"batch": res.No(), "spool": root}.json()})
	})
	if err != nil {
		if run != nil {
			run.discard()
			run.end()
		}
		var we *Error
		if errors.As(err, &we) && we.Code == EINTERNAL && isFileError(we.Err) {
			return nil, res, set, spoolError(root, we.Err)
		}
		return nil, res, set, err
	}
	return run, res, set, empty
}

// abandonRun records that run res ended without its batch, its files
// already removed. Best effort: if this fails, settlePrintRuns finds the
// reservation open with no folder and records it then.
func (s *Service) abandonRun(ctx context.Context, op string, res store.BatchReservation, reason string) {
	s.write(ctx, op, func(tx *store.Tx) error {
		return abandonReservation(tx, op, res, 0, reason)
	})
}

func abandonReservation(tx *store.Tx, op string, res store.BatchReservation, removed int, reason string) error {
	if err := tx.SettleBatchNumber(res.ID, store.BatchRunAbandoned); err != nil {
		if errors.Is(err, store.ErrStale) {
			return nil // another console settled it first
		}
		return err
	}
	return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.batch_abandon",
		After: fields{"batch": res.No(), "files_removed": removed, "reason": reason}.json()})
}

// settlePrintRuns finishes what earlier print runs left: in root and in
// the spool folder of every open reservation, an uncommitted folder whose
// lock is free belongs to a run that died. If its batch committed, the
// folder gets its batch's name; if not, it is removed and its number is
// recorded as abandoned (never given out again). A reservation with no
// folder left is abandoned too. Live runs (their lock held) are left alone.
func (s *Service) settlePrintRuns(ctx context.Context, op, root string) error {
	return s.write(ctx, op, func(tx *store.Tx) error {
		open, err := tx.OpenBatchReservations()
		if err != nil {
			return err
		}
		roots := map[string]bool{}
		if root != "" {
			roots[root] = true
		}
		for _, r := range open {
			roots[r.SpoolRoot] = true
		}
		var sorted []string
		for r := range roots {
			sorted = append(sorted, r)
		}
		sort.Strings(sorted)
		for _, rt := range sorted {
			ents, err := os.ReadDir(rt)
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				return err
			}
			for _, e := range ents {
				if id, ok := parseUncommitted(e.Name()); ok && e.IsDir() {
					if err := settleRun(tx, op, rt, id); err != nil {
						return err
					}
				}
			}
		}
		for _, r := range open {
			no := r.No()
			if _, err := os.Lstat(uncommittedDir(r.SpoolRoot, no)); !errors.Is(err, os.ErrNotExist) {
				continue // settled above, or a live run's
			}
			if err := abandonReservation(tx, op, r, 0, "no uncommitted folder left"); err != nil {
				return err
			}
		}
		return nil
	})
}

// settleRun settles one uncommitted folder, inside the caller's
// transaction so that no other console settles it at the same time.
func settleRun(tx *store.Tx, op, root string, id int64) error {
	no := store.Batch{ID: id}.No()
	dir := uncommittedDir(root, no)
	lock, err := lockDir(dir)
	if lockBusy(err) {
		return nil // a live run
	}
	if err != nil {
		return err
	}
	defer lock.Close()
	committed, err := tx.BatchExists(id)
	if err != nil {
		return err
	}
	if committed {
		// Killed between its commit and its rename: finish the rename.
		if err := os.Rename(dir, filepath.Join(root, no)); err != nil {
			return err
		}
		return syncDir(root)
	}
	ents, _ := os.ReadDir(dir)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := syncDir(root); err != nil {
		return err
	}
	res, err := tx.BatchReservationOf(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // killed before its reservation committed: the number was never taken
	}
	if err != nil || res.Outcome != store.BatchRunOpen {
		return err
	}
	return abandonReservation(tx, op, res, len(ents), "run stopped before its batch committed")
}

func init() {
	// Names of the letter-only audit actions, for the timeline and the
	// audit screen.
	actionNames["batch_reserve"] = msg.M{"バッチ番号の確保", "reserve batch number"}
	actionNames["batch_abandon"] = msg.M{"未確定バッチの破棄", "abandon uncommitted batch"}
	Messages.Add(msg.Set{"letters.publish_failed": {
		"バッチ {batch} は印刷済みとして記録しましたが、フォルダ {dir} の名前を変えられませんでした（{reason}）。次の印刷の開始時に名前を付け直します。それまで郵送しないでください",
		"batch {batch} is recorded as printed, but its folder {dir} could not be renamed ({reason}); the next print run renames it: do not mail its letters before then"}})
}
