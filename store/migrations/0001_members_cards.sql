-- Members and their IC cards.
--
-- The *_key columns hold what Fold makes of the names and readings, so a
-- name search is an index range, never a scan. They are written by Go
-- (Loader, Tx.ReindexMember): SQLite cannot do NFKC, and a custom SQL
-- function in the schema would make the file unusable from other tools.
-- phone4 and the e-mail index are plain SQL and keep themselves.
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
	email            TEXT    NOT NULL COLLATE NOCASE,
	guardian_consent INTEGER NOT NULL DEFAULT 0,
	joined_on        TEXT    NOT NULL,
	fee_method       TEXT    NOT NULL CHECK (fee_method IN ('card', 'postal')),
	fee_card_brand   TEXT    NOT NULL DEFAULT '',
	fee_card_last4   TEXT    NOT NULL DEFAULT '',
	password_state   TEXT    NOT NULL DEFAULT 'ok' CHECK (password_state IN ('ok', 'locked', 'issued')),
	status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancellation_pending', 'cancelled')),
	version          INTEGER NOT NULL DEFAULT 1,
	name_key         TEXT    NOT NULL DEFAULT '', -- Fold(family_name || given_name)
	given_key        TEXT    NOT NULL DEFAULT '', -- Fold(given_name)
	kana_key         TEXT    NOT NULL DEFAULT '', -- Fold(family_kana || given_kana)
	given_kana_key   TEXT    NOT NULL DEFAULT '', -- Fold(given_kana)
	-- "下4桁": operators are often given only the last four phone digits.
	phone4           TEXT    GENERATED ALWAYS AS (substr(phone, -4)) VIRTUAL
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

-- Secondary indexes: the same statements live in searchIndexes (search.go),
-- which the Loader drops and rebuilds around a bulk load and Open recreates
-- if a load was interrupted. Keep the two lists identical.
CREATE INDEX cards_member       ON cards(member_id);
CREATE INDEX members_phone      ON members(phone);
CREATE INDEX members_phone4     ON members(phone4);
CREATE INDEX members_email      ON members(email);
CREATE INDEX members_name       ON members(name_key);
CREATE INDEX members_given      ON members(given_key);
CREATE INDEX members_kana       ON members(kana_key);
CREATE INDEX members_given_kana ON members(given_kana_key);

-- Substring search over name, reading and address: one folded text per
-- member (Fold of each, joined by a newline that no folded query can
-- contain), trigram-tokenized. Contentless to keep the file small;
-- contentless_delete lets a row be replaced by id alone. rowid = members.id.
-- Maintained by Go (Loader, Tx.ReindexMember), for the reason given above.
CREATE VIRTUAL TABLE member_fts USING fts5(
	text,
	content = '',
	contentless_delete = 1,
	detail = full,
	tokenize = 'trigram case_sensitive 1'
);

-- Deleting a member (not done by any workflow today: cancelled members
-- stay) must not leave a ghost in the search index; this much SQL can do.
CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
	DELETE FROM member_fts WHERE rowid = old.id;
END;
