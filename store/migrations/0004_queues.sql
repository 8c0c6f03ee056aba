-- Work queues, approvals and letter holds (issue 6, supervisors).
--
-- The queue screen asks, over every open case: how many per type and
-- state, the oldest, how many due soon and overdue; then a page of one
-- queue sorted by due date or age. cases_open (0002) covers type, state,
-- due_on; these add the age order and the 30-day intake/closure figures.
-- cases_queue covers the summary (an index-only scan); cases_open_age
-- serves a queue page in age order.
CREATE INDEX cases_queue ON cases(type, state, waiting_on, due_on, opened_at) WHERE closed_at = '';
CREATE INDEX cases_open_age ON cases(type, state, opened_at) WHERE closed_at = '';
-- A queue filtered by assignee.
CREATE INDEX cases_open_assignee ON cases(type, state, assigned_to) WHERE closed_at = '';
CREATE INDEX cases_opened_at ON cases(opened_at, type);
CREATE INDEX cases_closed_at ON cases(closed_at, type) WHERE closed_at != '';

-- A queued password notice can be held for a supervisor's review (the
-- member's address changed recently: the classic takeover pattern). hold is
-- the reason's key ('' when not held); a release keeps who released it so
-- the rule does not hold the same letter again.
ALTER TABLE letters ADD COLUMN hold        TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN held_at     TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN released_by TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN released_at TEXT NOT NULL DEFAULT '';

-- Requests that need a second person. Cancellation approvals live on their
-- case (state form_received); a letter reprint is asked for here, and the
-- approver (a supervisor other than the requester) makes it happen.
CREATE TABLE approval_requests (
	id           INTEGER PRIMARY KEY,
	kind         TEXT    NOT NULL CHECK (kind IN ('letter_reprint')),
	state        TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
	member_id    INTEGER NOT NULL REFERENCES members(id),
	case_id      INTEGER REFERENCES cases(id),
	letter_id    INTEGER REFERENCES letters(id),
	new_letter_id INTEGER REFERENCES letters(id),
	reason       TEXT    NOT NULL DEFAULT '',
	requested_by TEXT    NOT NULL,
	requested_at TEXT    NOT NULL,
	decided_by   TEXT    NOT NULL DEFAULT '',
	decided_at   TEXT    NOT NULL DEFAULT '',
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approval_requests_pending ON approval_requests(id) WHERE state = 'pending';
CREATE INDEX approval_requests_letter ON approval_requests(letter_id) WHERE letter_id IS NOT NULL;
