-- Letters sent to a printer (issue 16): each time a batch's PDF goes to a
-- CUPS queue with lp, the job CUPS gave it. A batch may be sent again (a
-- printer that refused, a jam), so a batch has any number of jobs; the
-- newest is the one its state is asked for.
CREATE TABLE print_jobs (
	id       INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES letter_batches(id),
	printer  TEXT    NOT NULL, -- the CUPS queue
	job      TEXT    NOT NULL, -- CUPS's request id, e.g. office-12
	pages    INTEGER NOT NULL, -- pages in the PDF sent
	sent_at  TEXT    NOT NULL,
	sent_by  TEXT    NOT NULL
);
CREATE INDEX print_jobs_batch ON print_jobs(batch_id, id);
