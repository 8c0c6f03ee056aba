-- meta holds facts about the database file itself. kind is written once,
-- in the transaction that creates the schema of a new file: 'demo' for a
-- database made as a demo (spdesk demo, spdesk seed --demo on a new file),
-- 'live' for every other. A file older than this migration has no kind
-- and is live: nobody can tell any more whether it was a demo.
CREATE TABLE meta (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);

-- The kind never changes, and it is only written into a file that holds
-- nothing yet: a live database cannot be turned into a demo.
CREATE TRIGGER meta_kind_fixed BEFORE UPDATE ON meta WHEN OLD.key = 'kind'
BEGIN
	SELECT RAISE(ABORT, 'the kind of database is fixed when it is created');
END;

CREATE TRIGGER meta_kind_kept BEFORE DELETE ON meta WHEN OLD.key = 'kind'
BEGIN
	SELECT RAISE(ABORT, 'the kind of database is fixed when it is created');
END;

CREATE TRIGGER meta_kind_new_only BEFORE INSERT ON meta
WHEN NEW.key = 'kind' AND (EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM operators)
	OR EXISTS (SELECT 1 FROM audit))
BEGIN
	SELECT RAISE(ABORT, 'the kind of database is recorded only when it is created');
END;

-- The demo's accounts (password "demo", printed by spdesk demo) exist only
-- in a demo database: SQLite itself refuses them anywhere else, whichever
-- path tries, and keeps any a live file already has disabled.
CREATE TRIGGER operators_demo_only BEFORE INSERT ON operators
WHEN lower(NEW.login) IN ('demo-operator', 'demo-supervisor')
	AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'kind' AND value = 'demo')
BEGIN
	SELECT RAISE(ABORT, 'demo accounts exist only in a demo database');
END;

CREATE TRIGGER operators_demo_stay_disabled BEFORE UPDATE ON operators
WHEN NEW.disabled = 0 AND lower(NEW.login) IN ('demo-operator', 'demo-supervisor')
	AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'kind' AND value = 'demo')
BEGIN
	SELECT RAISE(ABORT, 'demo accounts exist only in a demo database');
END;

-- A file from before this migration is live (above): demo accounts it
-- holds (seed --demo --append once made them in live files) may no longer
-- sign in or act.
UPDATE operators SET disabled = 1, version = version + 1
WHERE disabled = 0 AND lower(login) IN ('demo-operator', 'demo-supervisor');
