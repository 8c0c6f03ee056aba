-- PostgreSQL's 0016: the search's key indexes end in the member id.
-- Search walks each key range in (key, id) order and stops at a page
-- (probeUnion in search_run.go). SQLite's indexes end in the rowid, so
-- it reads a page's entries and no more. A PostgreSQL btree on the key
-- alone gives no order among equal keys, so the database read and sorted
-- every member of the first key it met (all 33,000 花子 when 花 was
-- typed, from the table, one page each) before it could return 50. With
-- the id in the index it reads the page's entries, from the index alone
-- once vacuumed. Each index is built again under its own name; on a
-- million members this takes some seconds per index.
DROP INDEX members_name;
CREATE INDEX members_name ON members(name_key, id);
DROP INDEX members_given;
CREATE INDEX members_given ON members(given_key, id);
DROP INDEX members_kana;
CREATE INDEX members_kana ON members(kana_key, id);
DROP INDEX members_given_kana;
CREATE INDEX members_given_kana ON members(given_kana_key, id);
DROP INDEX members_sound;
CREATE INDEX members_sound ON members(sound_key, id) WHERE sound_key <> '';
DROP INDEX members_phone4;
CREATE INDEX members_phone4 ON members(phone4, id);
DROP INDEX members_birth;
CREATE INDEX members_birth ON members(birth_date, id);
DROP INDEX member_former_names_name;
CREATE INDEX member_former_names_name ON member_former_names(name_key, member_id);
DROP INDEX member_former_names_kana;
CREATE INDEX member_former_names_kana ON member_former_names(kana_key, member_id);
DROP INDEX member_former_names_sound;
CREATE INDEX member_former_names_sound ON member_former_names(sound_key, member_id) WHERE sound_key <> '';
