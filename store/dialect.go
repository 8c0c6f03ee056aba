package store

import "strings"

// The few pieces of SQL that differ between SQLite and PostgreSQL, apart
// from the schema (migrations, migrations_pg) and opening (store.go,
// open_pg.go). Placeholders need nothing: write ? everywhere
// (dialect_pg_driver.go numbers them for PostgreSQL).

// matchText is the condition "the folded text in table (member_fts or
// kb_fts) holds text", and its argument: an FTS5 trigram phrase on
// SQLite, a LIKE served by the pg_trgm index on PostgreSQL. text must be
// folded and at least three characters long (a trigram).
func (s *Store) matchText(table, text string) (cond string, arg any) {
	if s.pg {
		return table + `.text LIKE ? ESCAPE '\'`, "%" + likeEscape(text) + "%"
	}
	return table + " MATCH ?", ftsPhrase(text)
}

// noIndex before a column is SQLite's unary +, which keeps its planner
// from walking that column's index (a combined search's name part must
// narrow the date's range, not replace it). PostgreSQL has no unary + on
// text, and plans by cost: dialectSQL drops the mark there.
const noIndex = "/*no index*/+"

// dialectSQL is a search statement as the store's database takes it.
func (s *Store) dialectSQL(q string) string {
	if s.pg {
		return strings.ReplaceAll(q, noIndex, "")
	}
	return q
}
