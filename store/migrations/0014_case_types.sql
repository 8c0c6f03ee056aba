-- Two case types for card-test verdicts that had no procedure (issue 12
-- §3.12): suspected_fraud (a card that may be counterfeit, or a genuine
-- card this database does not know: a supervisor reviews it) and
-- card_renewal (an expired standard card reissued).
--
-- SQLite cannot alter a CHECK, so cases is rebuilt as 0006 rebuilt
-- letters: the migration runner turns foreign keys off around it and runs
-- foreign_key_check before it commits; ids are copied as they are, so the
-- audit rows, letters, calls, notes and approvals that point at a case
-- find it again. Every index of 0002 and 0004 is made again (cases has no
-- trigger). Columns are named, so a column added to cases by a later
-- migration must be added here too (TestCaseTypesMigrationKeepsEverything
-- compares the schema).
-- rebuild:begin
CREATE TABLE cases_new (
	id                  INTEGER PRIMARY KEY,
	type                TEXT    NOT NULL CHECK (type IN ('lost_card', 'broken_card', 'password_reset',
	                                                     'name_change', 'contact_change', 'cancellation',
	                                                     'suspected_fraud', 'card_renewal')),
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
INSERT INTO cases_new (id, type, state, member_id, card_id, new_card_id, credit, company, waiting_on, due_on,
	identity_passed, identity_result, identity_checked_at, identity_checked_by, no_refund_notice, opened_by,
	assigned_to, requested_by, approved_by, opened_at, updated_at, closed_at, withdraw_reason, note, version)
SELECT id, type, state, member_id, card_id, new_card_id, credit, company, waiting_on, due_on,
	identity_passed, identity_result, identity_checked_at, identity_checked_by, no_refund_notice, opened_by,
	assigned_to, requested_by, approved_by, opened_at, updated_at, closed_at, withdraw_reason, note, version
FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE INDEX cases_member ON cases(member_id, id);
CREATE INDEX cases_card ON cases(card_id) WHERE card_id IS NOT NULL;
CREATE INDEX cases_open ON cases(type, state, due_on) WHERE closed_at = '';
CREATE INDEX cases_queue ON cases(type, state, waiting_on, due_on, opened_at) WHERE closed_at = '';
CREATE INDEX cases_open_age ON cases(type, state, opened_at) WHERE closed_at = '';
CREATE INDEX cases_open_assignee ON cases(type, state, assigned_to) WHERE closed_at = '';
CREATE INDEX cases_opened_at ON cases(opened_at, type);
CREATE INDEX cases_closed_at ON cases(closed_at, type) WHERE closed_at != '';
-- rebuild:end
