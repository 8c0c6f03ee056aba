-- Members and their IC cards. Search keys (*_key) hold the folded forms
-- that Fold produces, so every lookup is an index probe.
CREATE TABLE members (
	id               INTEGER PRIMARY KEY,
	member_no        TEXT    NOT NULL UNIQUE,
	family_name      TEXT    NOT NULL,
	given_name       TEXT    NOT NULL,
	family_kana      TEXT    NOT NULL,
	given_kana       TEXT    NOT NULL,
	birth_date       TEXT    NOT NULL,
	postal_code      TEXT    NOT NULL,
	address          TEXT    NOT NULL,
	phone            TEXT    NOT NULL,
	email            TEXT    NOT NULL,
	guardian_consent INTEGER NOT NULL DEFAULT 0,
	joined_on        TEXT    NOT NULL,
	fee_method       TEXT    NOT NULL CHECK (fee_method IN ('card', 'postal')),
	fee_card_brand   TEXT    NOT NULL DEFAULT '',
	fee_card_last4   TEXT    NOT NULL DEFAULT '',
	password_state   TEXT    NOT NULL DEFAULT 'ok' CHECK (password_state IN ('ok', 'locked', 'issued')),
	status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancellation_pending', 'cancelled')),
	version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE cards (
	id            INTEGER PRIMARY KEY,
	member_id     INTEGER NOT NULL REFERENCES members(id),
	card_no       TEXT    NOT NULL UNIQUE,
	kind          TEXT    NOT NULL CHECK (kind IN ('standard', 'credit')),
	company       TEXT    NOT NULL DEFAULT '',
	status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
	issued_on     TEXT    NOT NULL,
	expires_on    TEXT    NOT NULL,
	replaces_card INTEGER REFERENCES cards(id),
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cards_member ON cards(member_id);
