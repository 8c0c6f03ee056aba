-- PostgreSQL's 0011: search variants (why: SQLite's 0011). SQLite empties
-- its trigram index there so Open rebuilds it with the new folding; a
-- PostgreSQL database has no member older than this migration (the port
-- came after it), so there is nothing to rebuild.
ALTER TABLE members ADD COLUMN sound_key text NOT NULL DEFAULT '';
CREATE INDEX members_sound  ON members(sound_key) WHERE sound_key <> '';
CREATE INDEX members_birth  ON members(birth_date);
CREATE INDEX members_postal ON members(postal_code);

ALTER TABLE member_former_names ADD COLUMN name_key  text NOT NULL DEFAULT '';
ALTER TABLE member_former_names ADD COLUMN kana_key  text NOT NULL DEFAULT '';
ALTER TABLE member_former_names ADD COLUMN sound_key text NOT NULL DEFAULT '';
CREATE INDEX member_former_names_name  ON member_former_names(name_key);
CREATE INDEX member_former_names_kana  ON member_former_names(kana_key);
CREATE INDEX member_former_names_sound ON member_former_names(sound_key) WHERE sound_key <> '';
