-- Letters that can be trusted (issue 10): a release names the address it
-- was given for, print runs reserve their batch number before writing a
-- file, and a wipe whose checkpoint could not finish is remembered.

-- A supervisor's release of a held notice covers the address reviewed
-- (postal code, a space, the address): when the member's address is no
-- longer that, the notice is held again. Releases made before this column
-- existed cover the address the member has now.
ALTER TABLE letters ADD COLUMN released_for TEXT NOT NULL DEFAULT '';
UPDATE letters SET released_for = coalesce((SELECT postal_code || ' ' || address FROM members
	WHERE members.id = letters.member_id), '')
	WHERE state = 'queued' AND released_by != '';

-- Batch numbers are taken here, in a transaction of their own committed
-- before any letter file is written, so a run that dies or fails never
-- gives its number to the next run. id is the batch's id in
-- letter_batches once the run commits. outcome: '' while the run may still
-- be writing, 'printed', or 'abandoned' (its uncommitted files removed).
CREATE TABLE batch_numbers (
	id          INTEGER PRIMARY KEY,
	spool_root  TEXT    NOT NULL, -- the spool folder the run writes under
	reserved_at TEXT    NOT NULL,
	reserved_by TEXT    NOT NULL,
	outcome     TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'printed', 'abandoned'))
);
CREATE INDEX batch_numbers_open ON batch_numbers(spool_root) WHERE outcome = '';

-- Set when a transaction wiped a clear-text password and the checkpoint
-- after it could not push the WAL out (a reader held an old snapshot):
-- old frames may still hold the clear text. Cleared by the first
-- checkpoint that completes.
CREATE TABLE wipe_pending (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	since TEXT    NOT NULL
);
