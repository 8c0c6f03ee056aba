-- The transactional outbox: what the login service must know (a card
-- stopped or started, a password replaced or locked, a membership
-- cancelled), written by the same transaction as the change (outbox.go).
-- subject is the order key ('card:12', 'member:5'); seq counts from 1 per
-- subject, so a receiver sees gaps and order. The event's own columns
-- never change once written; only the delivery columns do.
CREATE TABLE outbox (
	id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, even after a rollback
	at            TEXT    NOT NULL,
	type          TEXT    NOT NULL,
	subject       TEXT    NOT NULL,
	seq           INTEGER NOT NULL,
	member_id     INTEGER NOT NULL REFERENCES members(id),
	member_no     TEXT    NOT NULL,
	card_id       INTEGER REFERENCES cards(id),
	card_no       TEXT    NOT NULL DEFAULT '',
	state         TEXT    NOT NULL,
	password_hash TEXT    NOT NULL DEFAULT '', -- argon2id PHC string, password.reset only
	-- Delivery: attempts so far, not before next_at, the last failure,
	-- confirmed_at when the receiver acknowledged the id, parked_at when
	-- the deliverer gave up (a supervisor re-queues it).
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_at       TEXT    NOT NULL DEFAULT '',
	last_error    TEXT    NOT NULL DEFAULT '',
	confirmed_at  TEXT    NOT NULL DEFAULT '',
	parked_at     TEXT    NOT NULL DEFAULT '',
	UNIQUE (subject, seq)
);
CREATE INDEX outbox_pending ON outbox(id) WHERE confirmed_at = '';
CREATE INDEX outbox_card ON outbox(card_id, id) WHERE card_id IS NOT NULL;

CREATE TRIGGER outbox_event_fixed BEFORE UPDATE OF id, at, type, subject, seq, member_id, member_no, card_id,
	card_no, state, password_hash ON outbox
BEGIN
	SELECT RAISE(ABORT, 'outbox events are never rewritten');
END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN
	SELECT RAISE(ABORT, 'outbox events are never deleted');
END;

-- One deliverer at a time: the holder renews its lease; another waits
-- until it runs out (a deliverer killed with -9 leaves it to expire).
CREATE TABLE outbox_lease (
	name   TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	until  TEXT NOT NULL
);
