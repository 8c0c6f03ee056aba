-- The knowledge base, searchable like members, and the extra card reader
-- order, shipped as a letter.
--
-- kb_articles holds the embedded articles (workflows/kb), replaced as a
-- whole at start when the binary's set differs from the one stored
-- (kb_meta.hash). kb_fts indexes the folded title, tags and body with the
-- same trigram tokenizer as member_fts; rowid = kb_articles.seq.

CREATE TABLE kb_articles (
	seq        INTEGER PRIMARY KEY, -- kb_fts rowid
	id         TEXT    NOT NULL,
	lang       TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	tags       TEXT    NOT NULL DEFAULT '', -- one per line
	codes      TEXT    NOT NULL DEFAULT '', -- result codes, comma-separated
	procedure  TEXT    NOT NULL DEFAULT '',
	body       TEXT    NOT NULL,
	title_fold TEXT    NOT NULL,            -- store.Fold(title), for the title-prefix rank
	text_fold  TEXT    NOT NULL,            -- what kb_fts indexes, for terms under 3 characters
	UNIQUE (id, lang)
);

CREATE VIRTUAL TABLE kb_fts USING fts5(
	text,
	content = '',
	contentless_delete = 1,
	detail = full,
	tokenize = 'trigram case_sensitive 1'
);

CREATE TABLE kb_meta (
	one  INTEGER PRIMARY KEY CHECK (one = 1),
	hash TEXT    NOT NULL
);

-- Letters learn a new kind, the reader shipment slip. SQLite cannot alter
-- a CHECK, so the table is rebuilt the documented way (create new, copy,
-- drop, rename, indexes) with every column it has by now (0004 added the
-- hold columns). audit, approval_requests and reader_orders point at
-- letters by name; the migration runner turns foreign keys off around a
-- migration and runs foreign_key_check before it commits, so the drop does
-- not trip them and a broken reference still refuses the upgrade. Ids are
-- copied as they are, so every reference finds its row again.
-- rebuild:begin
CREATE TABLE letters_new (
	id          INTEGER PRIMARY KEY,
	kind        TEXT    NOT NULL CHECK (kind IN ('password_notice', 'reissue_form', 'change_form', 'cancellation_form',
	                                             'reader_shipment')),
	state       TEXT    NOT NULL CHECK (state IN ('queued', 'printed', 'mailed', 'cancelled')),
	member_id   INTEGER NOT NULL REFERENCES members(id),
	case_id     INTEGER REFERENCES cases(id),
	secret      TEXT,
	batch_id    INTEGER REFERENCES letter_batches(id),
	file_name   TEXT    NOT NULL DEFAULT '',
	queued_at   TEXT    NOT NULL,
	queued_by   TEXT    NOT NULL,
	printed_at  TEXT    NOT NULL DEFAULT '',
	mailed_at   TEXT    NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	hold        TEXT    NOT NULL DEFAULT '',
	held_at     TEXT    NOT NULL DEFAULT '',
	released_by TEXT    NOT NULL DEFAULT '',
	released_at TEXT    NOT NULL DEFAULT ''
);
INSERT INTO letters_new (id, kind, state, member_id, case_id, secret, batch_id, file_name, queued_at, queued_by,
	printed_at, mailed_at, version, hold, held_at, released_by, released_at)
SELECT id, kind, state, member_id, case_id, secret, batch_id, file_name, queued_at, queued_by,
	printed_at, mailed_at, version, hold, held_at, released_by, released_at FROM letters;
DROP TABLE letters;
ALTER TABLE letters_new RENAME TO letters;
CREATE INDEX letters_member ON letters(member_id, id);
CREATE INDEX letters_queued ON letters(state, id) WHERE state = 'queued';
CREATE INDEX letters_batch ON letters(batch_id) WHERE batch_id IS NOT NULL;
-- rebuild:end

-- An extra card reader (2nd and later) lent for a fee: what was ordered,
-- at what price, and by when it ships. Its shipment slip is the letter.
CREATE TABLE reader_orders (
	id         INTEGER PRIMARY KEY,
	member_id  INTEGER NOT NULL REFERENCES members(id),
	letter_id  INTEGER NOT NULL UNIQUE REFERENCES letters(id),
	system     TEXT    NOT NULL CHECK (system IN ('windows', 'mac')),
	price_yen  INTEGER NOT NULL, -- before tax, postage included
	fee_yen    INTEGER NOT NULL, -- the ChoCom fee on top
	ship_by    TEXT    NOT NULL, -- ISO date, business days from the order
	ordered_at TEXT    NOT NULL,
	ordered_by TEXT    NOT NULL
);
CREATE INDEX reader_orders_member ON reader_orders(member_id, id);
