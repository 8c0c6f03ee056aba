-- Write keys: every write transaction on PostgreSQL records a random key
-- of its own just before it commits. When the connection is lost while the
-- COMMIT is on its way, the desk does not know whether the write happened;
-- it reconnects and looks for its key (store.Write): found, the write is
-- done and is not repeated; absent, nothing was saved and it runs again.
-- Keys are only needed for that moment: writes delete those older than a
-- day now and then.
CREATE TABLE write_keys (
	key text PRIMARY KEY,
	at  text NOT NULL
);
CREATE INDEX write_keys_at ON write_keys(at);
