package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Writers' locks on PostgreSQL. A write takes the writers' lock
// (pgWriteLock) first. Write takes it exclusively: it runs alone, whatever
// it reads and changes (print runs, letter batches, accounts, seeding, a
// copy, anything not known to concern one member). WriteMember takes it
// shared and then its member's lock exclusively, so writes on different
// members run side by side and writes on one member one at a time. Rows
// no member owns are changed only under the exclusive lock, or are kept
// in order by their own lock:
//
//   - the audit trail and the outbox: an audit row's id is the last id + 1
//     (its hash covers it) and an event's id comes from a sequence; a
//     member's write takes pgAuditLock before the first of either and
//     holds it to its commit, so ids are given and committed in order and
//     a reader following "id > last" (Watch, spdesk events list) never
//     sees a later row before an earlier one. The audit seal's head row
//     moves under the same lock. Every step waits its turn for it, so a
//     member's write takes it as late as it can: its events are written
//     after fn (outbox.go) and an audit row costs three round trips;
//   - ids of calls, cases, cards, letters and notes come from sequences;
//     card numbers are UNIQUE (a clash is an error, never a duplicate),
//     and so are write keys (random);
//   - a card's or member's event number (outbox seq, max + 1) is its
//     member's: it moves under the member's lock.
//
// Locks are always taken in one order, writers' lock, member, audit, so
// two writers never wait on each other in a circle; PostgreSQL's deadlock
// detection and Write's retries are there all the same. On SQLite one
// write runs at a time anyway (BEGIN IMMEDIATE): there WriteMember is
// Write, with the same checks of its scope.

// ErrOutOfScope is a member's write reaching a row of another member.
// WriteMember never returns it: the write is rolled back and run again
// alone, under the exclusive lock.
var ErrOutOfScope = errors.New("a row of another member, outside the write's member")

const (
	pgAuditLock   = 0x5350445300000003 // "SPDS" 3: audit ids and event ids given and committed in order
	pgMemberLocks = 0x5350444d << 32   // "SPDM" and the member id in the low 32 bits
)

// memberLock is member id's lock key. Ids 2³² apart share a key: they
// then wait for each other, which is slower, never wrong.
func memberLock(id int64) int64 { return pgMemberLocks | id&0xffffffff }

// lockWriters takes the writers' locks of a write on member (0: the
// whole database) as its transaction's first statement, which also
// records the write's key (writekey.go): here it costs no round trip of
// its own, and none while the write holds the audit order lock.
func lockWriters(ctx context.Context, tx *sql.Tx, member int64, key string, now time.Time) error {
	const record = `WITH k AS (INSERT INTO write_keys (key, at) VALUES (?, ?)) `
	if member == 0 {
		_, err := tx.ExecContext(ctx, record+`SELECT pg_advisory_xact_lock(?)`, key, fmtTime(now), int64(pgWriteLock))
		return err
	}
	// PostgreSQL evaluates the select list left to right, so the shared
	// lock comes first, as in every writer.
	_, err := tx.ExecContext(ctx, record+`SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?)`,
		key, fmtTime(now), int64(pgWriteLock), memberLock(member))
	return err
}

// WriteMember is Write for a transaction that reads and changes the rows
// of member memberID only: the member, their cards, cases, calls, notes,
// letters, their audit rows and events. Besides those it may read rows
// that only Write changes (accounts, the knowledge base). On PostgreSQL it
// runs beside writes on other members. The Tx methods that read or write
// a member's rows check the member; one that finds another member's row
// (say a case that is not the member's) makes the write roll back and run
// again through Write, which is always right, only slower. memberID 0 is
// Write.
func (s *Store) WriteMember(ctx context.Context, now time.Time, memberID int64, fn func(*Tx) error) error {
	if memberID <= 0 {
		return s.Write(ctx, now, fn)
	}
	err := s.writeIn(ctx, now, memberID, fn)
	if errors.Is(err, ErrOutOfScope) {
		s.strays.Add(1)
		return s.Write(ctx, now, fn)
	}
	return err
}

// ScopeFallbacks is how many WriteMember transactions reached outside
// their member and ran again through Write since the store was opened.
func (s *Store) ScopeFallbacks() int64 { return s.strays.Load() }

// inScope checks that a row of member memberID (0: of no member, an
// unidentified caller's call) may be read or written in tx; when not, it
// marks tx so that it never commits.
func (tx *Tx) inScope(memberID int64) error {
	if tx.member == 0 || memberID == 0 || memberID == tx.member {
		return nil
	}
	tx.strayed = true
	return fmt.Errorf("member #%d: %w", memberID, ErrOutOfScope)
}

// outOfScope is what a transaction that strayed returns, whatever fn
// made of the refusal.
func (tx *Tx) outOfScope(err error) error {
	if !tx.strayed {
		return err
	}
	if err == nil || errors.Is(err, ErrOutOfScope) {
		return fmt.Errorf("write on member #%d: %w", tx.member, ErrOutOfScope)
	}
	return fmt.Errorf("write on member #%d: %w (%w)", tx.member, ErrOutOfScope, err)
}

// order takes, once, the lock under which a member's write numbers its
// audit rows and outbox events. Write needs none: it runs alone.
func (tx *Tx) order() error {
	if !tx.pg || tx.member == 0 || tx.ordered {
		return nil
	}
	if _, err := tx.tx.ExecContext(tx.ctx, `SELECT pg_advisory_xact_lock(?)`, int64(pgAuditLock)); err != nil {
		return fmt.Errorf("audit order: %w", err)
	}
	tx.ordered = true
	return nil
}

// CallMemberID is the member call id is from (0: not identified yet), to
// choose the member lock of its wrap-up; ErrNotFound if no such call.
func (s *Store) CallMemberID(ctx context.Context, id int64) (int64, error) {
	var m sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT member_id FROM calls WHERE id = ?`, id).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("call #%d: %w", id, ErrNotFound)
	}
	return m.Int64, err
}
