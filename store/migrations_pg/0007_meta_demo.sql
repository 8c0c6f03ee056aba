-- PostgreSQL's 0007: facts about the database, and the demo's accounts
-- only in a demo (why: SQLite's 0007). The triggers are PL/pgSQL.
CREATE TABLE meta (
	key   text NOT NULL PRIMARY KEY,
	value text NOT NULL
);

CREATE FUNCTION meta_kind_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.key = 'kind' THEN
		RAISE EXCEPTION 'the kind of database is fixed when it is created';
	END IF;
	IF TG_OP = 'INSERT' AND NEW.key = 'kind' AND (EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM operators)
		OR EXISTS (SELECT 1 FROM audit)) THEN
		RAISE EXCEPTION 'the kind of database is recorded only when it is created';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER meta_kind BEFORE INSERT OR UPDATE OR DELETE ON meta FOR EACH ROW EXECUTE FUNCTION meta_kind_fixed();

CREATE FUNCTION operators_demo_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (TG_OP = 'INSERT' OR NEW.disabled = 0) AND lower(NEW.login) IN ('demo-operator', 'demo-supervisor')
		AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'kind' AND value = 'demo') THEN
		RAISE EXCEPTION 'demo accounts exist only in a demo database';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER operators_demo_only BEFORE INSERT OR UPDATE ON operators FOR EACH ROW EXECUTE FUNCTION operators_demo_only();

UPDATE operators SET disabled = 1, version = version + 1
WHERE disabled = 0 AND lower(login) IN ('demo-operator', 'demo-supervisor');
