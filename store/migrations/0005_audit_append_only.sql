-- The audit trail is append-only: a row, once written, is never changed or
-- removed, by spdesk or by anyone with a SQLite shell. The triggers make
-- UPDATE and DELETE fail inside SQLite itself; the hash chain (prev_hash,
-- hash: see store/audit.go) makes an edit done around them (triggers
-- dropped, file patched) visible to `spdesk audit verify`.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only: DELETE refused');
END;

-- The audit screen filters by operator, action and date range, newest
-- first and paged by id; member and case have their indexes since 0002.
CREATE INDEX audit_operator ON audit(operator, id);
CREATE INDEX audit_action ON audit(action, id);
CREATE INDEX audit_at ON audit(at);
