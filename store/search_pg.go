package store

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
)

// How Search's statements are planned on PostgreSQL. They are index
// walks whose best plan does not depend on the values typed (a key range
// in (key, id) order, stopped at a page), but PostgreSQL plans a prepared
// statement again at every execution for as long as a plan made for the
// values looks cheaper than the generic one, and for a range it always
// did: planning a card-number probe took 0.25-0.3 ms, running it 0.07 ms.
// So on PostgreSQL each value of a probe is written as a scalar subquery
// (genericParam): the planner sees no value when planning for the values
// either, both plans cost the same, and after its five trial plans
// PostgreSQL keeps the generic one (pg_prepared_statements counts them;
// TestSearchKeepsItsGenericPlans). The index is still used: the subquery
// runs once, before the walk. The trigram probe is the exception: whether
// to walk the ids and test each text (a common substring) or read the
// trigram index (a rare one) depends on the text, so it goes as an
// unnamed statement, planned for its value every time.

// genericParam is a placeholder whose value the planner does not see,
// typed as column col compares (citext for e-mail, text otherwise; ""
// for a text value).
func genericParam(col string) string {
	if col == "email" {
		return "(SELECT ?::citext)"
	}
	return "(SELECT ?::text)"
}

// queryPlannedEach runs q planned for its arguments at every execution:
// on PostgreSQL as an unnamed statement (one round trip, as a prepared
// one), on SQLite as any search query.
func (s *Store) queryPlannedEach(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if !s.pg {
		return s.query(ctx, q, args...)
	}
	return s.read.QueryContext(ctx, q, append([]any{pgx.QueryExecModeExec}, args...)...)
}
