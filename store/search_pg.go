package store

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/jackc/pgx/v5"
)

// How Search talks to PostgreSQL. Its statements are index walks whose
// best plan does not depend on the values typed (a key range in (key, id)
// order, stopped at a page), but PostgreSQL plans a prepared statement
// again for every execution while a plan made for the values looks
// cheaper than the generic one, and for these it always does: planning
// the ten-range union of a name search took longer than running it. So
// a search runs on one connection of the read pool set, for the search
// only, to use the generic plan (plan_cache_mode). The trigram probe is
// the exception: whether to walk the ids and test each text (a common
// substring) or read the trigram index (a rare one) depends on the text,
// so it goes as an unnamed statement, which PostgreSQL plans for its
// values whatever plan_cache_mode says (checked: the plan shows the
// pattern, not $1).

// searchConnKey carries the search's connection in its context.
type searchConnKey struct{}

// searchSession gives Search its connection on PostgreSQL, and the
// function that hands it back; on SQLite it changes nothing.
func (s *Store) searchSession(ctx context.Context) (context.Context, func(), error) {
	if !s.pg {
		return ctx, func() {}, nil
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return ctx, nil, err
	}
	// No arguments: one simple-protocol round trip.
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		conn.Close()
		return ctx, nil, err
	}
	return context.WithValue(ctx, searchConnKey{}, conn), func() {
		// Other reads must find the pool's connections as they were:
		// one that cannot be reset is closed instead of going back.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `RESET plan_cache_mode`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// searchConn is the search's PostgreSQL connection in ctx, if any. pgx
// prepares each statement once per connection and keeps it.
func searchConn(ctx context.Context) *sql.Conn {
	c, _ := ctx.Value(searchConnKey{}).(*sql.Conn)
	return c
}

// queryPlannedEach runs q planned for its arguments at every execution:
// on PostgreSQL as an unnamed statement (one round trip, as a prepared
// one), on SQLite as any search query.
func (s *Store) queryPlannedEach(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if !s.pg {
		return s.query(ctx, q, args...)
	}
	args = append([]any{pgx.QueryExecModeExec}, args...)
	if c := searchConn(ctx); c != nil {
		return c.QueryContext(ctx, q, args...)
	}
	return s.read.QueryContext(ctx, q, args...)
}
