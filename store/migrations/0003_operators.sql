-- Operator accounts: who may sign in to the console and with which role.
-- login is the name every audit row and case carries as its operator.
CREATE TABLE operators (
	id           INTEGER PRIMARY KEY,
	login        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
	display_name TEXT    NOT NULL,
	role         TEXT    NOT NULL CHECK (role IN ('operator', 'supervisor')),
	pw_hash      TEXT    NOT NULL,
	disabled     INTEGER NOT NULL DEFAULT 0,
	failed       INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	created_by   TEXT    NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1
);
