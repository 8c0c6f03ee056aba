// Package store keeps spdesk's data: the SQLite schema and its migrations,
// the record types, and one method per question the rest of the program
// asks. SQL lives here and nowhere else, so a PostgreSQL backend can later
// stand behind the same methods.
//
// The store decides nothing: the business rules, the case state machines
// and the audit trail belong to package workflows, which writes through
// Store.Write. Reads may be called from anywhere.
package store
