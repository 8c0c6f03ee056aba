-- Two case types for card-test verdicts that had no procedure (see the
-- SQLite 0014): suspected_fraud and card_renewal. PostgreSQL alters the
-- CHECK in place; the constraint carries the name PostgreSQL gave the
-- column CHECK of 0002.
ALTER TABLE cases DROP CONSTRAINT cases_type_check;
ALTER TABLE cases ADD CONSTRAINT cases_type_check CHECK (type IN ('lost_card', 'broken_card', 'password_reset',
	'name_change', 'contact_change', 'cancellation', 'suspected_fraud', 'card_renewal'));
