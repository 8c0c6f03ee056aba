package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store's SQL is written once, with SQLite's ? placeholders and
// integer booleans. On PostgreSQL every statement passes through this
// connection wrapper, which numbers the placeholders ($1, $2, ...) and
// sends a Go bool as 0 or 1, so one query text serves both databases and
// a query added to the store needs nothing more to run on either.

// openPG opens a database/sql pool on cfg through the wrapper; link
// (nil: none) learns whether the server answers (link.go).
func openPG(cfg *pgx.ConnConfig, link *linkState) *sql.DB {
	return sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg), link})
}

type pgConnector struct {
	driver.Connector
	link *linkState
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		c.link.connectFailed(ctx)
		return nil, err
	}
	c.link.saw(ctx, nil)
	return &pgConn{conn.(*stdlib.Conn), c.link}, nil
}

// pgConn is a pgx connection taking ?-style SQL. Its other methods
// (BeginTx, Ping, ResetSession, IsValid, CheckNamedValue) are pgx's.
type pgConn struct {
	*stdlib.Conn
	link *linkState
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, rebind(query))
	c.link.saw(ctx, err)
	if err != nil {
		return nil, err
	}
	return pgStmt{st.(*stdlib.Stmt)}, nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.Conn.ExecContext(ctx, rebind(query), intBools(args))
	c.link.saw(ctx, err)
	return r, err
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.Conn.QueryContext(ctx, rebind(query), intBools(args))
	c.link.saw(ctx, err)
	return r, err
}

type pgStmt struct{ *stdlib.Stmt }

func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.ExecContext(ctx, intBools(args))
}

func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.QueryContext(ctx, intBools(args))
}

// intBools stores booleans the way the schema does on both databases: an
// integer 0 or 1 (SQLite has no boolean type).
func intBools(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			v := int64(0)
			if b {
				v = 1
			}
			args[i].Value = v
		}
	}
	return args
}

// rebind numbers the ? placeholders of query for PostgreSQL, leaving
// alone a ? inside a string literal, a quoted name or a comment.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // '' inside a literal
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			end := len(query)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(query[i:end])
			i = end - 1
		case c == '?':
			// ?NNN is SQLite's numbered parameter: PostgreSQL's $NNN. A
			// plain ? after it takes the next number, as in SQLite.
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				k, _ := strconv.Atoi(query[i+1 : j])
				n = max(n, k)
				b.WriteByte('$')
				b.WriteString(query[i+1 : j])
				i = j - 1
				continue
			}
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
