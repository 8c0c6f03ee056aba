-- PostgreSQL's 0005: the audit trail is append-only (why: SQLite's 0005).
-- A trigger refuses UPDATE, DELETE and TRUNCATE whoever runs them, and
-- the privileges to do them are taken from everyone, the owner included:
-- an application role given only SELECT and INSERT (see the README) cannot
-- get them back, and the hash chain shows an edit made around both.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM CURRENT_USER;

CREATE INDEX audit_operator ON audit(operator, id);
CREATE INDEX audit_action ON audit(action, id);
CREATE INDEX audit_at ON audit(at);
