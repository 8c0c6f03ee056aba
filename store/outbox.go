package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The transactional outbox (migration 0013): every change the login
// service must know is an event written by the Tx method that makes the
// change, so no workflow can change a card, a password or a membership
// without its event, and a rolled-back step leaves none. The delivery
// bookkeeping below is portable SQL; the wake-up that tells a deliverer
// to look again is the one dialect detail (outbox_sqlite.go: a cheap
// poll of PRAGMA data_version; on PostgreSQL it is LISTEN/NOTIFY).

// Event types.
const (
	EventCardIssued          = "card.issued"    // a replacement made (suspended until shipped)
	EventCardSuspended       = "card.suspended" // stopped: lost or broken
	EventCardResumed         = "card.resumed"   // usable again after a suspension
	EventCardActivated       = "card.activated" // a new card usable for the first time
	EventCardRevoked         = "card.revoked"   // stopped for good
	EventPasswordReset       = "password.reset" // old password dead; the new hash in the event
	EventPasswordLocked      = "password.locked"
	EventMembershipCancelled = "membership.cancelled"
)

// Event is one outbox row: the event as delivered, and how its delivery
// stands.
type Event struct {
	ID           int64     `json:"id"`
	Type         string    `json:"type"`
	Subject      string    `json:"subject"` // the order key: card:ID or member:ID
	Seq          int64     `json:"seq"`     // 1, 2, … per subject
	At           time.Time `json:"at"`
	MemberNo     string    `json:"member_no"`
	CardNo       string    `json:"card_no,omitempty"`
	State        string    `json:"state"`                   // the new state
	PasswordHash string    `json:"password_hash,omitempty"` // argon2id PHC string, password.reset only

	MemberID    int64     `json:"-"`
	CardID      int64     `json:"-"`
	Attempts    int       `json:"-"`
	NextAt      time.Time `json:"-"`
	LastError   string    `json:"-"`
	ConfirmedAt time.Time `json:"-"`
	ParkedAt    time.Time `json:"-"`
}

func cardSubject(id int64) string   { return fmt.Sprintf("card:%d", id) }
func memberSubject(id int64) string { return fmt.Sprintf("member:%d", id) }

// emit writes an event of this transaction. It is called only by the Tx
// methods that make the change.
func (tx *Tx) emit(typ string, memberID, cardID int64, state, hash string) error {
	if err := tx.inScope(memberID); err != nil {
		return err
	}
	tx.events = true
	e := pendingEvent{typ: typ, memberID: memberID, cardID: cardID, state: state, hash: hash}
	if tx.pg && tx.member != 0 {
		// Event ids must commit in the order they are given, so a
		// member's write takes the order lock to write one and holds it
		// to its commit (write_scope.go): it writes them last
		// (writeEvents), holding the lock no longer than it must.
		tx.pending = append(tx.pending, e)
		return nil
	}
	return tx.insertEvent(e)
}

// pendingEvent is an event emit queued for writeEvents.
type pendingEvent struct {
	typ              string
	memberID, cardID int64
	state, hash      string
}

// writeEvents writes the events emit queued, in order, under the order
// lock; Write calls it once fn is done.
func (tx *Tx) writeEvents() error {
	for len(tx.pending) > 0 {
		if err := tx.order(); err != nil {
			return err
		}
		if err := tx.insertEvent(tx.pending[0]); err != nil {
			return err
		}
		tx.pending = tx.pending[1:]
	}
	return nil
}

func (tx *Tx) insertEvent(e pendingEvent) error {
	typ, memberID, cardID, state, hash := e.typ, e.memberID, e.cardID, e.state, e.hash
	subject := memberSubject(memberID)
	if cardID != 0 {
		subject = cardSubject(cardID)
	}
	_, err := tx.tx.Exec(`INSERT INTO outbox (at, type, subject, seq, member_id, member_no, card_id, card_no, state, password_hash)
		SELECT ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM outbox WHERE subject = ?), m.id, m.member_no,
			c.id, coalesce(c.card_no, ''), ?, ?
		FROM members m LEFT JOIN cards c ON c.id = ? WHERE m.id = ?`,
		fmtTime(tx.Now), typ, subject, subject, state, hash, nullID(cardID), memberID)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// cardEvent is the event of a card moving from old to st.
func (tx *Tx) cardEvent(id int64, old, st CardStatus) error {
	if old == st {
		return nil
	}
	var memberID int64
	if err := tx.tx.QueryRow(`SELECT member_id FROM cards WHERE id = ?`, id).Scan(&memberID); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	typ := map[CardStatus]string{CardSuspended: EventCardSuspended, CardRevoked: EventCardRevoked}[st]
	if st == CardActive {
		// A card spdesk issued is activated the first time it becomes
		// usable; after that, and for every card loaded as active, it is
		// resumed.
		var issued, activated int
		if err := tx.tx.QueryRow(`SELECT count(*) FILTER (WHERE type = ?), count(*) FILTER (WHERE type = ?)
			FROM outbox WHERE subject = ?`, EventCardIssued, EventCardActivated, cardSubject(id)).Scan(&issued, &activated); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		for _, e := range tx.pending { // this transaction's, not written yet
			if e.cardID == id {
				issued += b2i(e.typ == EventCardIssued)
				activated += b2i(e.typ == EventCardActivated)
			}
		}
		typ = EventCardResumed
		if issued > 0 && activated == 0 {
			typ = EventCardActivated
		}
	}
	return tx.emit(typ, memberID, id, string(st), "")
}

// baselineEvents gives the members a bulk load wrote (IDs lo..hi) the
// events their loaded state stands for: a stopped card, a locked or
// replaced password, a cancelled membership. A load writes rows without
// the Tx methods, so this is the same rule for them, in the same
// transaction as the rows.
func baselineEvents(ctx context.Context, tx *sql.Tx, pg bool, lo, hi int64, now time.Time) error {
	// Tests that stop the migrations short of 0013 load without it (on
	// SQLite only: PostgreSQL's tests always migrate whole).
	var has int
	if pg {
		has = 1
	} else if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'outbox'`).Scan(&has); err != nil || has == 0 {
		return err
	}
	at := fmtTime(now)
	stmts := []string{
		`INSERT INTO outbox (at, type, subject, seq, member_id, member_no, card_id, card_no, state)
		SELECT ?1, 'card.' || c.status, 'card:' || c.id,
			(SELECT coalesce(max(seq), 0) + 1 FROM outbox WHERE subject = 'card:' || c.id),
			m.id, m.member_no, c.id, c.card_no, c.status
		FROM cards c JOIN members m ON m.id = c.member_id
		WHERE c.member_id BETWEEN ?2 AND ?3 AND c.status IN ('suspended', 'revoked') ORDER BY c.id`,
		`INSERT INTO outbox (at, type, subject, seq, member_id, member_no, state, password_hash)
		SELECT ?1, CASE m.password_state WHEN 'locked' THEN 'password.locked' ELSE 'password.reset' END,
			'member:' || m.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox WHERE subject = 'member:' || m.id),
			m.id, m.member_no, m.password_state, coalesce(p.hash, '')
		FROM members m LEFT JOIN member_passwords p ON p.member_id = m.id
		WHERE m.id BETWEEN ?2 AND ?3 AND m.password_state IN ('locked', 'issued') ORDER BY m.id`,
		`INSERT INTO outbox (at, type, subject, seq, member_id, member_no, state)
		SELECT ?1, 'membership.cancelled', 'member:' || m.id,
			(SELECT coalesce(max(seq), 0) + 1 FROM outbox WHERE subject = 'member:' || m.id),
			m.id, m.member_no, m.status
		FROM members m WHERE m.id BETWEEN ?2 AND ?3 AND m.status = 'cancelled' ORDER BY m.id`,
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q, at, lo, hi); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
	}
	return nil
}

const eventCols = `id, type, subject, seq, at, member_no, card_no, state, password_hash, member_id,
	coalesce(card_id, 0), attempts, next_at, last_error, confirmed_at, parked_at`

func scanEvent(r interface{ Scan(...any) error }) (Event, error) {
	var e Event
	var at, next, confirmed, parked string
	err := r.Scan(&e.ID, &e.Type, &e.Subject, &e.Seq, &at, &e.MemberNo, &e.CardNo, &e.State, &e.PasswordHash,
		&e.MemberID, &e.CardID, &e.Attempts, &next, &e.LastError, &confirmed, &parked)
	if err != nil {
		return e, err
	}
	for _, p := range []struct {
		s string
		t *time.Time
	}{{at, &e.At}, {next, &e.NextAt}, {confirmed, &e.ConfirmedAt}, {parked, &e.ParkedAt}} {
		if *p.t, err = parseTime(p.s); err != nil {
			return e, err
		}
	}
	return e, nil
}

func (s *Store) queryEvents(ctx context.Context, q string, args ...any) ([]Event, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventsAfter lists up to limit events with an ID above afterID, in ID
// order (the pull cursor).
func (s *Store) EventsAfter(ctx context.Context, afterID int64, limit int) ([]Event, error) {
	return s.queryEvents(ctx, `SELECT `+eventCols+` FROM outbox WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
}

// CardEvents lists a card's events, oldest first.
func (s *Store) CardEvents(ctx context.Context, cardID int64) ([]Event, error) {
	return s.queryEvents(ctx, `SELECT `+eventCols+` FROM outbox WHERE subject = ? ORDER BY seq`, cardSubject(cardID))
}

// MemberEvents lists a member's own events (passwords, the membership),
// oldest first; their cards' events are CardEvents.
func (s *Store) MemberEvents(ctx context.Context, memberID int64) ([]Event, error) {
	return s.queryEvents(ctx, `SELECT `+eventCols+` FROM outbox WHERE subject = ? ORDER BY seq`, memberSubject(memberID))
}

// LastEventID is the newest event's id, 0 if none.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM outbox`).Scan(&id)
	return id, err
}

// Event reads one event; ErrNotFound if none.
func (s *Store) Event(ctx context.Context, id int64) (Event, error) {
	e, err := scanEvent(s.read.QueryRowContext(ctx, `SELECT `+eventCols+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("event #%d: %w", id, ErrNotFound)
	}
	return e, err
}

// DeliverableEvents lists up to limit events a deliverer may send now,
// in ID order: not confirmed, not parked, due, and with no earlier event
// of the same subject still unconfirmed (a parked or retrying event holds
// back the later events of its card, so none is applied out of order).
func (s *Store) DeliverableEvents(ctx context.Context, now time.Time, limit int) ([]Event, error) {
	return s.queryEvents(ctx, `SELECT `+eventCols+` FROM outbox o
		WHERE o.confirmed_at = '' AND o.parked_at = '' AND o.next_at <= ?
		  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.subject = o.subject AND p.seq < o.seq AND p.confirmed_at = '')
		ORDER BY o.id LIMIT ?`, fmtTime(now), limit)
}

// NextEventDue is the earliest time an event waiting on its backoff is
// due; ok is false when none waits.
func (s *Store) NextEventDue(ctx context.Context) (t time.Time, ok bool, err error) {
	var next sql.NullString
	err = s.read.QueryRowContext(ctx, `SELECT min(next_at) FROM outbox
		WHERE confirmed_at = '' AND parked_at = '' AND next_at != ''`).Scan(&next)
	if err != nil || !next.Valid {
		return t, false, err
	}
	t, err = parseTime(next.String)
	return t, err == nil, err
}

// ConfirmEvent records that the receiver acknowledged event id at at.
// Confirming twice keeps the first time.
func (s *Store) ConfirmEvent(ctx context.Context, id int64, at time.Time) error {
	return s.Write(ctx, at, func(tx *Tx) error {
		_, err := tx.tx.Exec(`UPDATE outbox SET confirmed_at = ?, attempts = attempts + 1, next_at = '', last_error = ''
			WHERE id = ? AND confirmed_at = ''`, fmtTime(at), id)
		return err
	})
}

// FailEvent records a failed attempt at now: retry at next, or park it
// when park is set. why is the deliverer's short account of the failure.
func (s *Store) FailEvent(ctx context.Context, id int64, now, next time.Time, why string, park bool) error {
	parked := ""
	if park {
		parked, next = fmtTime(now), time.Time{}
	}
	return s.Write(ctx, now, func(tx *Tx) error {
		_, err := tx.tx.Exec(`UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?, parked_at = ?
			WHERE id = ? AND confirmed_at = ''`, fmtTime(next), why, parked, id)
		return err
	})
}

// ParkedEvents lists the events the deliverer gave up on, oldest first:
// the supervisors' "not delivered" queue.
func (s *Store) ParkedEvents(ctx context.Context) ([]Event, error) {
	return s.queryEvents(ctx, `SELECT `+eventCols+` FROM outbox WHERE confirmed_at = '' AND parked_at != '' ORDER BY id`)
}

// CountUndelivered counts events not yet confirmed, and of them parked.
func (s *Store) CountUndelivered(ctx context.Context) (pending, parked int, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE parked_at != '')
		FROM outbox WHERE confirmed_at = ''`).Scan(&pending, &parked)
	return pending, parked, err
}

// OutboxEvent reads an event inside the transaction; ErrNotFound if none.
func (tx *Tx) OutboxEvent(id int64) (Event, error) {
	e, err := scanEvent(tx.tx.QueryRow(`SELECT `+eventCols+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("event #%d: %w", id, ErrNotFound)
	}
	return e, err
}

// RequeueEvent puts a parked event back for delivery now, its attempts
// counted afresh. It must be parked and unconfirmed.
func (tx *Tx) RequeueEvent(id int64) error {
	tx.events = true
	return expectOne(fmt.Sprintf("event #%d", id))(tx.tx.Exec(`UPDATE outbox SET parked_at = '', attempts = 0, next_at = ''
		WHERE id = ? AND parked_at != '' AND confirmed_at = ''`, id))
}

// StopStatus is how a card's stop stands with the login service.
type StopStatus struct {
	CardID      int64
	Status      CardStatus // the card's status now
	EventID     int64      // the event that stopped it; 0 if none (never told)
	StoppedAt   time.Time
	ConfirmedAt time.Time // zero until the login service acknowledged it
	Parked      bool      // the deliverer gave up; a supervisor must re-queue it
	LastError   string
}

// Stopped reports whether the card is suspended or revoked.
func (st StopStatus) Stopped() bool { return st.Status == CardSuspended || st.Status == CardRevoked }

// CardStopStatus reads a card's status and, when it is stopped, the
// latest event that says so and whether the login service confirmed it.
func (s *Store) CardStopStatus(ctx context.Context, cardID int64) (StopStatus, error) {
	st := StopStatus{CardID: cardID}
	err := s.read.QueryRowContext(ctx, `SELECT status FROM cards WHERE id = ?`, cardID).Scan(&st.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("card #%d: %w", cardID, ErrNotFound)
	}
	if err != nil || !st.Stopped() {
		return st, err
	}
	var at, confirmed, parked string
	err = s.read.QueryRowContext(ctx, `SELECT id, at, confirmed_at, parked_at, last_error FROM outbox
		WHERE card_id = ? AND state = ? ORDER BY id DESC LIMIT 1`, cardID, st.Status).Scan(&st.EventID, &at, &confirmed, &parked, &st.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Parked = parked != "" && confirmed == ""
	if st.StoppedAt, err = parseTime(at); err == nil {
		st.ConfirmedAt, err = parseTime(confirmed)
	}
	return st, err
}

// StoppedCard is one line of the revocation list.
type StoppedCard struct {
	CardNo   string     `json:"card_no"`
	MemberNo string     `json:"member_no"`
	Status   CardStatus `json:"status"`
	LastSeq  int64      `json:"seq"` // the card's latest event, 0 if none: where a pulling receiver resumes
}

// StoppedCards lists every suspended or revoked card, by card number.
func (s *Store) StoppedCards(ctx context.Context) ([]StoppedCard, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.card_no, m.member_no, c.status,
		coalesce((SELECT max(seq) FROM outbox o WHERE o.subject = 'card:' || c.id), 0)
		FROM cards c JOIN members m ON m.id = c.member_id
		WHERE c.status IN ('suspended', 'revoked') ORDER BY c.card_no`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoppedCard
	for rows.Next() {
		var c StoppedCard
		if err := rows.Scan(&c.CardNo, &c.MemberNo, &c.Status, &c.LastSeq); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TakeLease takes or renews the lease name for holder until now+ttl, if
// it is free, run out, or already holder's. Otherwise it reports who holds
// it and until when.
func (s *Store) TakeLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (ok bool, heldBy string, until time.Time, err error) {
	err = s.Write(ctx, now, func(tx *Tx) error {
		var h, u string
		err := tx.tx.QueryRow(`SELECT holder, until FROM outbox_lease WHERE name = ?`, name).Scan(&h, &u)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && h != holder && u > fmtTime(now) {
			heldBy = h
			until, err = parseTime(u)
			return err
		}
		ok, until = true, now.Add(ttl)
		_, err = tx.tx.Exec(`INSERT INTO outbox_lease (name, holder, until) VALUES (?,?,?)
			ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until`, name, holder, fmtTime(until))
		return err
	})
	return ok, heldBy, until, err
}

// ReleaseLease gives up holder's lease, if it still holds it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string, now time.Time) error {
	return s.Write(ctx, now, func(tx *Tx) error {
		_, err := tx.tx.Exec(`DELETE FROM outbox_lease WHERE name = ? AND holder = ?`, name, holder)
		return err
	})
}
