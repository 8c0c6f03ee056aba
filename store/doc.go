// Package store keeps spdesk's data: the schema and its migrations, the
// record types, and one method per question the rest of the program asks.
// SQL lives here and nowhere else. The database is a SQLite file (a desk,
// the demo, tests) or a PostgreSQL database (a center: open_pg.go), behind
// the same methods and the same query texts: write ? placeholders and
// integer booleans; dialect.go holds the little SQL that differs, and
// migrations_pg has PostgreSQL's migration for each number in migrations.
//
// The store decides nothing: the business rules, the case state machines
// and the audit trail belong to package workflows, which writes through
// Store.Write. Reads may be called from anywhere.
package store
