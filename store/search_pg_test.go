package store

import (
	"context"
	"strings"
	"testing"
)

// On PostgreSQL every search statement but the trigram probe settles on
// its generic plan after PostgreSQL's five trial plans, instead of being
// planned again at each execution (which cost more than running it). One
// connection in the pool, so its prepared statements are the ones the
// searches used; each kind of query is run ten times. Enough members, and
// their statistics, for PostgreSQL's estimates to tell values apart.
func TestSearchKeepsItsGenericPlans(t *testing.T) {
	s, all := testStoreAt(t, testDBOn(t, true), 20000)
	ctx := context.Background()
	if _, err := s.write.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	s.read.SetMaxOpenConns(1)
	queries := []string{all[0].No, all[0].Phone[len(all[0].Phone)-4:], all[0].FamilyName, "さとう", "綾小路", "aya@example.org",
		"1980-05-05", "佐藤 1980-05-05", "〒100"}
	for range 10 {
		for _, q := range queries {
			if _, err := s.Search(ctx, q, 50); err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
		WHERE statement LIKE '%UNION ALL%' OR statement LIKE 'SELECT 0 AS n%' OR statement LIKE 'SELECT p.n%'
		OR statement LIKE 'SELECT count(*)%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var st string
		var generic, custom int
		if err := rows.Scan(&st, &generic, &custom); err != nil {
			t.Fatal(err)
		}
		n++
		if runs := generic + custom; runs > 5 && custom > 5 {
			t.Errorf("planned for its values %d times of %d: %.160s", custom, runs, strings.Join(strings.Fields(st), " "))
		}
	}
	if err := rows.Err(); err != nil || n < 5 {
		t.Fatalf("%d search statements prepared (%v), want at least 5", n, err)
	}
}
