-- The audit seal (store/audit_seal.go). The hash chain alone can be
-- recomputed by anyone who can write the file; the seal is an HMAC under
-- a key kept outside the database, so a rewrite without the key shows.
--
-- audit.seal is HMAC(key, row id, row hash) for every row written with a
-- key; '' for rows written before sealing began (an older spdesk, or a
-- store opened without a key). Adding a column fires no trigger and
-- changes no stored row, so every existing hash still verifies.
ALTER TABLE audit ADD COLUMN seal TEXT NOT NULL DEFAULT '';

-- One row once the first sealed audit row is written: which key seals
-- this trail (key_id, an HMAC of a constant: it names the key without
-- revealing it), the first sealed row, and the head of the trail as it
-- was last written, sealed; rows cut off the end leave head_id naming a
-- row that is gone.
CREATE TABLE audit_seal (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	key_id      TEXT    NOT NULL,
	sealed_from INTEGER NOT NULL,
	head_id     INTEGER NOT NULL,
	head_hash   TEXT    NOT NULL,
	head_seal   TEXT    NOT NULL
);
