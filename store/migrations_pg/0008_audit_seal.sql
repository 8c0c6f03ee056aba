-- PostgreSQL's 0008: the audit seal (why: SQLite's 0008).
ALTER TABLE audit ADD COLUMN seal text NOT NULL DEFAULT '';

CREATE TABLE audit_seal (
	id          bigint PRIMARY KEY CHECK (id = 1),
	key_id      text   NOT NULL,
	sealed_from bigint NOT NULL,
	head_id     bigint NOT NULL,
	head_hash   text   NOT NULL,
	head_seal   text   NOT NULL
);
