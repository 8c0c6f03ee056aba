-- Search as callers speak (issue 15).
--
-- Fold now writes variant kanji in their standard form (髙→高) and drops
-- variation selectors, so every key written before is rewritten: the keys
-- are emptied here and the trigram index cleared, and Open's repair
-- (repairSearchText) folds every member again in Go, as a load does.
--
-- sound_key is the second reading key (SoundKey: long vowels, small kana,
-- ヂ/ジ, ヅ/ズ, ヴ/ブ); birth dates and postal codes are searched by index;
-- former names get the same keys as names, so a name before a change
-- still finds its member.
ALTER TABLE members ADD COLUMN sound_key TEXT NOT NULL DEFAULT '';
-- sound_key is '' where it equals kana_key (about half the members):
-- the search probes kana_key with the sound too, and the index skips them.
CREATE INDEX members_sound  ON members(sound_key) WHERE sound_key <> '';
CREATE INDEX members_birth  ON members(birth_date);
CREATE INDEX members_postal ON members(postal_code);

ALTER TABLE member_former_names ADD COLUMN name_key  TEXT NOT NULL DEFAULT '';
ALTER TABLE member_former_names ADD COLUMN kana_key  TEXT NOT NULL DEFAULT '';
ALTER TABLE member_former_names ADD COLUMN sound_key TEXT NOT NULL DEFAULT '';
CREATE INDEX member_former_names_name  ON member_former_names(name_key);
CREATE INDEX member_former_names_kana  ON member_former_names(kana_key);
CREATE INDEX member_former_names_sound ON member_former_names(sound_key) WHERE sound_key <> '';

INSERT INTO member_fts(member_fts) VALUES ('delete-all');
