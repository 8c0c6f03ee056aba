-- Cases (one per call that changes something), letters and their print
-- batches, the audit trail, and the few member facts that workflows keep
-- outside the members table (password hash, former names).
--
-- Operators are plain login names until operator accounts exist; every
-- "*_by" and audit.operator column is already the real column they will use.

CREATE TABLE cases (
	id                  INTEGER PRIMARY KEY,
	type                TEXT    NOT NULL CHECK (type IN ('lost_card', 'broken_card', 'password_reset',
	                                                     'name_change', 'contact_change', 'cancellation')),
	state               TEXT    NOT NULL,
	member_id           INTEGER NOT NULL REFERENCES members(id),
	card_id             INTEGER REFERENCES cards(id),
	new_card_id         INTEGER REFERENCES cards(id),
	credit              INTEGER NOT NULL DEFAULT 0, -- the card is credit-function: its company reissues
	company             TEXT    NOT NULL DEFAULT '',
	waiting_on          TEXT    NOT NULL DEFAULT '', -- us, member, mail, approval, issuer; '' once done
	due_on              TEXT    NOT NULL DEFAULT '', -- ISO date, business days from the settings
	identity_passed     INTEGER NOT NULL DEFAULT 0,
	identity_result     TEXT    NOT NULL DEFAULT '', -- JSON field -> match/no_match; never the answers
	identity_checked_at TEXT    NOT NULL DEFAULT '',
	identity_checked_by TEXT    NOT NULL DEFAULT '',
	no_refund_notice    INTEGER NOT NULL DEFAULT 0, -- cancellation: the operator said the fee is not refunded
	opened_by           TEXT    NOT NULL,
	assigned_to         TEXT    NOT NULL,
	requested_by        TEXT    NOT NULL DEFAULT '', -- who asked for approval
	approved_by         TEXT    NOT NULL DEFAULT '',
	opened_at           TEXT    NOT NULL,
	updated_at          TEXT    NOT NULL,
	closed_at           TEXT    NOT NULL DEFAULT '',
	withdraw_reason     TEXT    NOT NULL DEFAULT '',
	note                TEXT    NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_member ON cases(member_id, id);
CREATE INDEX cases_card ON cases(card_id) WHERE card_id IS NOT NULL;
CREATE INDEX cases_open ON cases(type, state, due_on) WHERE closed_at = '';

CREATE TABLE letter_batches (
	id         INTEGER PRIMARY KEY,
	state      TEXT    NOT NULL CHECK (state IN ('printed', 'mailed')),
	spool_dir  TEXT    NOT NULL,
	letters    INTEGER NOT NULL,
	printed_at TEXT    NOT NULL,
	printed_by TEXT    NOT NULL,
	mailed_at  TEXT    NOT NULL DEFAULT '',
	mailed_by  TEXT    NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1
);

-- A password notice's clear-text password lives in secret while the letter
-- is queued and is set to NULL in the transaction that prints it; the write
-- connection runs with secure_delete so the old bytes are zeroed too.
CREATE TABLE letters (
	id         INTEGER PRIMARY KEY,
	kind       TEXT    NOT NULL CHECK (kind IN ('password_notice', 'reissue_form', 'change_form', 'cancellation_form')),
	state      TEXT    NOT NULL CHECK (state IN ('queued', 'printed', 'mailed', 'cancelled')),
	member_id  INTEGER NOT NULL REFERENCES members(id),
	case_id    INTEGER REFERENCES cases(id),
	secret     TEXT,
	batch_id   INTEGER REFERENCES letter_batches(id),
	file_name  TEXT    NOT NULL DEFAULT '',
	queued_at  TEXT    NOT NULL,
	queued_by  TEXT    NOT NULL,
	printed_at TEXT    NOT NULL DEFAULT '',
	mailed_at  TEXT    NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX letters_member ON letters(member_id, id);
CREATE INDEX letters_queued ON letters(state, id) WHERE state = 'queued';
CREATE INDEX letters_batch ON letters(batch_id) WHERE batch_id IS NOT NULL;

-- The audit trail: one row per change, written in the change's own
-- transaction. A case's timeline is its rows here. prev_hash/hash chain the
-- rows (SHA-256 over a canonical encoding) so tampering can be detected.
CREATE TABLE audit (
	id         INTEGER PRIMARY KEY,
	at         TEXT    NOT NULL,
	operator   TEXT    NOT NULL,
	action     TEXT    NOT NULL,
	member_id  INTEGER REFERENCES members(id),
	case_id    INTEGER REFERENCES cases(id),
	card_id    INTEGER REFERENCES cards(id),
	letter_id  INTEGER REFERENCES letters(id),
	batch_id   INTEGER REFERENCES letter_batches(id),
	from_state TEXT    NOT NULL DEFAULT '',
	to_state   TEXT    NOT NULL DEFAULT '',
	before     TEXT    NOT NULL DEFAULT '{}',
	after      TEXT    NOT NULL DEFAULT '{}',
	note       TEXT    NOT NULL DEFAULT '',
	prev_hash  TEXT    NOT NULL DEFAULT '',
	hash       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_member ON audit(member_id, id) WHERE member_id IS NOT NULL;
CREATE INDEX audit_case ON audit(case_id, id) WHERE case_id IS NOT NULL;

-- Only the argon2id hash (PHC string) of the member's current password.
CREATE TABLE member_passwords (
	member_id INTEGER PRIMARY KEY REFERENCES members(id),
	hash      TEXT    NOT NULL,
	set_at    TEXT    NOT NULL
);

-- Former names, kept when a name change is applied.
CREATE TABLE member_former_names (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES members(id),
	family_name TEXT    NOT NULL,
	given_name  TEXT    NOT NULL,
	family_kana TEXT    NOT NULL,
	given_kana  TEXT    NOT NULL,
	until       TEXT    NOT NULL,
	case_id     INTEGER REFERENCES cases(id)
);
CREATE INDEX member_former_names_member ON member_former_names(member_id);
