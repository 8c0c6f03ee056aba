package store

import "testing"

// rebind numbers placeholders and leaves a ? in a literal, a quoted name
// or a comment alone.
func TestRebindNumbersPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`UPDATE m SET a = ?, b = ? WHERE id = ?`, `UPDATE m SET a = $1, b = $2 WHERE id = $3`},
		{`SELECT '?', 'it''s ?', "we?ird" FROM t WHERE x = ?`, `SELECT '?', 'it''s ?', "we?ird" FROM t WHERE x = $1`},
		{"SELECT ? -- why?\n, ? /* what? */ , ?", "SELECT $1 -- why?\n, $2 /* what? */ , $3"},
		{`VALUES (?,?),(?,?)`, `VALUES ($1,$2),($3,$4)`},
		{`WHERE a < ?1 AND b >= ?1 AND c <= ?2 AND d = ?`, `WHERE a < $1 AND b >= $1 AND c <= $2 AND d = $3`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
