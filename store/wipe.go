package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Wiping a clear-text password is more than setting its column to NULL:
// in WAL mode the old page stays in earlier frames of the -wal file, and
// in the database file until a checkpoint copies the new page over it.
// secure_delete (on for the writer, see dsn) zeroes the old bytes inside
// the new page and in every page freed. So a transaction that wipes also
// marks the wipe pending (wipe_pending, migration 0009), and FinishWipe
// checkpoints in TRUNCATE mode (the database file gets the new pages and
// the -wal file is cut to nothing) and clears the mark once that
// completed. A reader holding an older snapshot keeps the checkpoint from
// completing; the mark stays until a later try, at the latest the next
// Open, completes it.

// writerBusyTimeoutMS is the writer's busy timeout (dsn), restored after a
// checkpoint that waited less.
const writerBusyTimeoutMS = 10000

// wipeTries are how long each checkpoint try waits for readers to let go
// of their snapshots: short, because an operator is waiting.
var wipeTries = []time.Duration{50 * time.Millisecond, 150 * time.Millisecond, 300 * time.Millisecond}

// WipeState says whether wiped clear text may still be in the database's
// files, and what the last checkpoint try found.
type WipeState struct {
	Pending bool      // a wipe's checkpoint has not completed yet
	Since   time.Time // the first wipe still pending
	Busy    bool      // the last try found a reader in the way
	// Log and Checkpointed are the WAL frames the last try found and
	// copied (wal_checkpoint's second and third results).
	Log, Checkpointed int
}

// noteWipe marks the wipe of the letter's secret as pending, in the
// transaction that wipes it (a letter without one wipes nothing).
func (tx *Tx) noteWipe(letterID int64) error {
	if tx.pg {
		return nil // no WAL file of spdesk's to empty: see migrations_pg/0009
	}
	var has bool
	err := tx.tx.QueryRow(`SELECT secret IS NOT NULL FROM letters WHERE id = ?`, letterID).Scan(&has)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !has {
		return nil
	}
	if err == nil {
		_, err = tx.tx.Exec(`INSERT INTO wipe_pending (id, since) VALUES (1, ?) ON CONFLICT DO NOTHING`, fmtTime(tx.Now))
	}
	if err != nil {
		return fmt.Errorf("mark wipe: %w", err)
	}
	tx.wiped = true
	return nil
}

// Wiped reports whether the transaction wiped a clear-text secret: the
// caller runs FinishWipe once it committed.
func (tx *Tx) Wiped() bool { return tx.wiped }

// FinishWipe completes a pending wipe: it checkpoints in TRUNCATE mode,
// retrying briefly while readers hold old snapshots, and clears the mark
// once a checkpoint completed (then checkpoints again, so the -wal file
// is empty). With nothing pending it does nothing.
func (s *Store) FinishWipe(ctx context.Context) (WipeState, error) {
	st, err := s.wipeState(ctx, s.write)
	if err != nil || !st.Pending {
		return st, err
	}
	for _, wait := range wipeTries {
		if st.Busy, st.Log, st.Checkpointed, err = s.checkpoint(ctx, wait); err != nil {
			return st, err
		}
		if !st.Busy && st.Log == st.Checkpointed {
			if _, err := s.write.ExecContext(ctx, `DELETE FROM wipe_pending`); err != nil {
				return st, fmt.Errorf("clear wipe mark: %w", err)
			}
			// The delete wrote a frame of its own (no secret in it); one
			// more checkpoint leaves the -wal file empty.
			s.checkpoint(ctx, wipeTries[0])
			st.Pending = false
			return st, nil
		}
	}
	return st, nil
}

// WipePending reads whether a wipe is still pending, without trying.
func (s *Store) WipePending(ctx context.Context) (WipeState, error) {
	return s.wipeState(ctx, s.read)
}

func (s *Store) wipeState(ctx context.Context, db *sql.DB) (WipeState, error) {
	var since string
	err := db.QueryRowContext(ctx, `SELECT since FROM wipe_pending WHERE id = 1`).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		return WipeState{}, nil
	}
	if err != nil {
		return WipeState{}, err
	}
	st := WipeState{Pending: true}
	st.Since, err = parseTime(since)
	return st, err
}

// checkpoint runs one TRUNCATE checkpoint on the writer, letting the busy
// handler wait at most wait for readers and writers.
func (s *Store) checkpoint(ctx context.Context, wait time.Duration) (busy bool, log, done int, err error) {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return false, 0, 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", wait.Milliseconds())); err != nil {
		return false, 0, 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", writerBusyTimeoutMS))
	var b int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&b, &log, &done)
	return b != 0, log, done, err
}
