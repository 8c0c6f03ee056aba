-- The call log (issue 12): every call an operator takes is a record, most
-- of them questions that change nothing else, and cases get notes of their
-- own. Notes are searchable like the knowledge base: the same folded text
-- and trigram tokenizer as kb_fts.

-- A call: who called (member_id NULL for a caller not identified), who
-- answered, when, and its wrap-up. ended_at = '' while the call is open;
-- the wrap-up sets ended_at, outcome and note at once.
CREATE TABLE calls (
	id         INTEGER PRIMARY KEY,
	member_id  INTEGER REFERENCES members(id),
	operator   TEXT    NOT NULL,
	started_at TEXT    NOT NULL,
	ended_at   TEXT    NOT NULL DEFAULT '',
	outcome    TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'answered', 'procedure_started', 'call_back',
	                                                          'transferred')),
	note       TEXT    NOT NULL DEFAULT '',    -- as typed
	note_fold  TEXT    NOT NULL DEFAULT '',    -- store.Fold(note): what call_fts indexes
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX calls_member ON calls(member_id, started_at) WHERE member_id IS NOT NULL;
CREATE INDEX calls_started ON calls(started_at);
CREATE INDEX calls_open ON calls(operator) WHERE ended_at = '';

-- A call's reasons: codes of the catalog in workflows (calls.go), one or
-- more per wrapped-up call, in the order the operator gave them (pos).
CREATE TABLE call_reasons (
	call_id INTEGER NOT NULL REFERENCES calls(id),
	reason  TEXT    NOT NULL,
	pos     INTEGER NOT NULL,
	PRIMARY KEY (call_id, reason)
) WITHOUT ROWID;

-- What a call touched: cases (by id) and knowledge-base articles (by their
-- id; articles are replaced as a set when the binary changes, so no key).
CREATE TABLE call_cases (
	call_id INTEGER NOT NULL REFERENCES calls(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	PRIMARY KEY (call_id, case_id)
) WITHOUT ROWID;
CREATE INDEX call_cases_case ON call_cases(case_id);

CREATE TABLE call_articles (
	call_id    INTEGER NOT NULL REFERENCES calls(id),
	article_id TEXT    NOT NULL,
	PRIMARY KEY (call_id, article_id)
) WITHOUT ROWID;

-- A note on a case, apart from the note a step carries.
CREATE TABLE case_notes (
	id        INTEGER PRIMARY KEY, -- case_note_fts rowid
	case_id   INTEGER NOT NULL REFERENCES cases(id),
	operator  TEXT    NOT NULL,
	at        TEXT    NOT NULL,
	note      TEXT    NOT NULL,
	note_fold TEXT    NOT NULL
);
CREATE INDEX case_notes_case ON case_notes(case_id, id);

-- rowid = calls.id, and case_notes.id.
CREATE VIRTUAL TABLE call_fts USING fts5(
	text,
	content = '',
	contentless_delete = 1,
	detail = full,
	tokenize = 'trigram case_sensitive 1'
);
CREATE VIRTUAL TABLE case_note_fts USING fts5(
	text,
	content = '',
	contentless_delete = 1,
	detail = full,
	tokenize = 'trigram case_sensitive 1'
);
