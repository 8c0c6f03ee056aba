package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Write keys settle a PostgreSQL commit whose answer was lost with the
// connection (migration 0015). Each Write draws a key once, before its
// first try; the transaction records it with its first statement, the
// writers' lock (lockWriters, write_scope.go). When the
// COMMIT's answer never comes, Write reconnects and looks for the key:
// found, the write happened and is not repeated; absent, nothing was
// saved and the write runs again. The operator is told what happened,
// and nothing is done twice.

// writeKeyTTL is how long a key is kept: it is looked for seconds after
// its commit, never later.
const writeKeyTTL = 24 * time.Hour

// settleTimeout bounds the wait for the transaction whose answer was lost
// when its server session has not ended yet (a network that dropped the
// desk without closing the socket): past it the outcome stays unknown.
const settleTimeout = "10s"

func newWriteKey() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand's contract)
	return hex.EncodeToString(b[:])
}

// dropOldWriteKeys drops keys past their time, in one write in 256.
func dropOldWriteKeys(ctx context.Context, tx *Tx, key string) error {
	if key[:2] == "00" { // one write in 256
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM write_keys WHERE at < ?`, fmtTime(tx.Now.Add(-writeKeyTTL))); err != nil {
			return fmt.Errorf("write keys: %w", err)
		}
	}
	return nil
}

// settleWrite looks for key after a lost COMMIT, on a new connection,
// trying again while the server is away (about 3 s in all, as Write
// does). It first takes the writers' lock: the transaction whose answer
// was lost held it, so the look waits until that transaction has
// committed or rolled back on the server.
func (s *Store) settleWrite(ctx context.Context, key string) (saved bool, err error) {
	for lost := 0; ; lost++ {
		saved, err = s.lookUpWriteKey(ctx, key)
		if err == nil || !lostConnection(err) || lost >= pgReconnects {
			return saved, err
		}
		select {
		case <-ctx.Done():
			return false, err
		case <-time.After(time.Duration(50<<lost) * time.Millisecond):
		}
	}
}

func (s *Store) lookUpWriteKey(ctx context.Context, key string) (bool, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = '`+settleTimeout+`'`); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(pgWriteLock)); err != nil {
		return false, err
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM write_keys WHERE key = ?`, key).Scan(&n)
	return n > 0, err
}

// errStillUnknown keeps ErrCommitUnknown and says why the look failed.
func errStillUnknown(commit, look error) error {
	return errors.Join(commit, fmt.Errorf("looking the write up afterwards: %w", look))
}
