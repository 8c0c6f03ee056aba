package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// auditFile is a closed database holding n audit rows: operators alice and
// bob in turn, actions lost_card.report and case.withdraw in turn, one
// hour apart from 2025-06-02 00:00 UTC.
func auditFile(t *testing.T, n int) string {
	t.Helper()
	path := testDB(t)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	appendAudit(t, s, 0, n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func appendAudit(t *testing.T, s *Store, from, n int) {
	t.Helper()
	start := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	for i := from; i < from+n; i++ {
		e := &AuditEvent{Operator: []string{"alice", "bob"}[i%2], Action: []string{"lost_card.report", "case.withdraw"}[i%2],
			After: fmt.Sprintf(`{"n":%d}`, i), Note: "note"}
		if err := s.Write(context.Background(), start.Add(time.Duration(i)*time.Hour), func(tx *Tx) error {
			return tx.AppendAudit(e)
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, path string) AuditVerdict {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAuditTriggersRefuseUpdateAndDelete(t *testing.T) {
	path := auditFile(t, 3)
	for _, q := range []string{
		`UPDATE audit SET note = 'changed' WHERE id = 2`,
		`UPDATE audit SET hash = '' `,
		`DELETE FROM audit WHERE id = 3`,
		`DELETE FROM audit`,
	} {
		t.Run(q, func(t *testing.T) {
			// Another program, with a plain SQLite connection.
			err := rawExecErr(t, path, q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: err = %v, want the append-only refusal", q, err)
			}
			// spdesk's own write transaction.
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.Write(context.Background(), time.Now(), func(tx *Tx) error { _, err := tx.tx.Exec(q); return err })
			if !refusedAppendOnly(err) {
				t.Fatalf("%s in a store transaction: err = %v", q, err)
			}
			if n, _ := s.CountAudit(context.Background()); n != 3 {
				t.Fatalf("%d rows after a refused %s, want 3", n, q)
			}
		})
	}
	if v := verify(t, path); !v.OK() || v.Rows != 3 {
		t.Fatalf("verdict after refused edits: %+v", v)
	}
}

// rawExecErr runs q on a plain connection, as another program would: on
// PostgreSQL the superuser's, which has every privilege, so only the
// trigger stands in the way.
func rawExecErr(t *testing.T, path, q string) error {
	var db *sql.DB
	if IsURL(path) {
		db = rawPGAs(t, path, "postgres", nil)
	} else {
		db = rawDB(t, path)
	}
	defer db.Close()
	_, err := db.Exec(q)
	return err
}

// refusedAppendOnly: the trigger's refusal, or on PostgreSQL the
// application role's missing privilege, which comes first.
func refusedAppendOnly(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "append-only") ||
		strings.Contains(err.Error(), "permission denied for table audit"))
}

func TestVerifyAuditFindsTheFirstBrokenRow(t *testing.T) {
	drop := []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`}
	for _, tc := range []struct {
		name  string
		edit  []string
		id    int64
		kind  string
		rows  int64
		words string
	}{
		{"note edited", []string{`UPDATE audit SET note = 'nothing happened' WHERE id = 4`}, 4, AuditBrokenContent, 3, "changed after"},
		{"operator edited", []string{`UPDATE audit SET operator = 'mallory' WHERE id = 1`}, 1, AuditBrokenContent, 0, "row 1"},
		{"time rewritten to the same instant", []string{`UPDATE audit SET at = replace(at, '.000000Z', 'Z') WHERE id = 5`}, 5, AuditBrokenContent, 4, "row 5"},
		{"rehashed row breaks the next link", []string{`UPDATE audit SET note = 'x' WHERE id = 3`, "rehash 3"}, 4, AuditBrokenLink, 3, "row 3 was rewritten"},
		{"row deleted", []string{`DELETE FROM audit WHERE id = 6`}, 7, AuditBrokenGap, 5, "rows 6 to 6 are missing"},
		{"first rows deleted", []string{`DELETE FROM audit WHERE id <= 2`}, 3, AuditBrokenGap, 0, "rows 1 to 2"},
		{"NULL id made 0", []string{`PRAGMA foreign_keys = OFF`, `UPDATE audit SET member_id = 0 WHERE id = 2`}, 2, AuditBrokenField, 1, "member_id is 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := auditFile(t, 8)
			if v := verify(t, path); !v.OK() || v.Rows != 8 || v.LastID != 8 || v.Head == "" {
				t.Fatalf("before the edit: %+v", v)
			}
			for _, q := range append(drop, tc.edit...) {
				if id, ok := strings.CutPrefix(q, "rehash "); ok {
					var n int64
					fmt.Sscan(id, &n)
					rehash(t, path, n)
					continue
				}
				rawExec(t, path, q)
			}
			v := verify(t, path)
			if v.OK() {
				t.Fatal("verify passed an edited trail")
			}
			b := *v.Break
			if b.ID != tc.id || b.Kind != tc.kind || v.Rows != tc.rows || !strings.Contains(b.String(), tc.words) {
				t.Fatalf("break = %+v (%s), rows %d; want row %d %s after %d rows, saying %q", b, b, v.Rows, tc.id, tc.kind, tc.rows, tc.words)
			}
		})
	}
}

// rehash gives row id the hash its (edited) fields have, as a careful
// forger would: only the next row's link then breaks.
func rehash(t *testing.T, path string, id int64) {
	db := rawDB(t, path)
	defer db.Close()
	var at, op, action, from, to, before, after, note, prev string
	var refs [5]int64
	if err := db.QueryRow(`SELECT at, operator, action, coalesce(member_id,0), coalesce(case_id,0), coalesce(card_id,0),
		coalesce(letter_id,0), coalesce(batch_id,0), from_state, to_state, before, after, note, prev_hash
		FROM audit WHERE id = ?`, id).Scan(&at, &op, &action, &refs[0], &refs[1], &refs[2], &refs[3], &refs[4],
		&from, &to, &before, &after, &note, &prev); err != nil {
		t.Fatal(err)
	}
	h := auditHash(prev, id, at, op, action, refs[0], refs[1], refs[2], refs[3], refs[4], from, to, before, after, note)
	if _, err := db.Exec(`UPDATE audit SET hash = ? WHERE id = ?`, h, id); err != nil {
		t.Fatal(err)
	}
}

func TestAuditHeadAnchorsTheEnd(t *testing.T) {
	path := auditFile(t, 5)
	v := verify(t, path)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if id, err := s.AuditIDOfHash(context.Background(), v.Head); err != nil || id != 5 {
		t.Fatalf("AuditIDOfHash(head) = %d, %v", id, err)
	}
	if _, err := s.AuditIDOfHash(context.Background(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown head: %v", err)
	}
}

func TestAuditPageFilters(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	appendAudit(t, s, 0, 30)
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		f    AuditFilter
		want int
	}{
		{"all", AuditFilter{}, 30},
		{"operator", AuditFilter{Operator: "alice"}, 15},
		{"procedure", AuditFilter{Action: "lost_card"}, 15},
		{"action", AuditFilter{Action: "case.withdraw"}, 15},
		{"prefix is whole words", AuditFilter{Action: "lost"}, 0},
		{"dates", AuditFilter{From: day.Add(10 * time.Hour), To: day.Add(20 * time.Hour)}, 10},
		{"both", AuditFilter{Operator: "bob", Action: "lost_card"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := s.CountAuditMatching(ctx, tc.f, 0)
			if err != nil || n != int64(tc.want) {
				t.Fatalf("count = %d, %v; want %d", n, err, tc.want)
			}
			var got []int64
			for before := int64(0); ; {
				page, err := s.AuditPage(ctx, tc.f, before, 7)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				for _, e := range page {
					if len(got) > 0 && e.ID >= got[len(got)-1] {
						t.Fatalf("not newest first: %d after %d", e.ID, got[len(got)-1])
					}
					got = append(got, e.ID)
				}
				before = page[len(page)-1].ID
			}
			if len(got) != tc.want {
				t.Fatalf("paged %d rows, want %d", len(got), tc.want)
			}
		})
	}
	// An export bounded by the id it counted at reads exactly those rows.
	n := 0
	if err := s.EachAudit(ctx, AuditFilter{Operator: "alice"}, 10, func(e AuditRow) error {
		if e.Operator != "alice" || e.ID > 10 {
			t.Errorf("row %+v", e)
		}
		n++
		return nil
	}); err != nil || n != 5 {
		t.Fatalf("EachAudit: %d rows, %v", n, err)
	}
}

// TestAuditHashIsSpdeskAuditV1 pins the canonical encoding: every trail
// ever written must keep verifying, so this hash may never change.
func TestAuditHashIsSpdeskAuditV1(t *testing.T) {
	at := time.Date(2025, 6, 2, 1, 0, 0, 0, time.UTC)
	e := AuditEvent{PrevHash: "ab12", ID: 7, At: at, Operator: "佐藤", Action: "lost_card.report", MemberID: 42,
		CardID: 9, BatchID: 3, FromState: "opened", ToState: "card_suspended", Before: `{"card_status":"active"}`,
		After: `{"card_status":"suspended"}`, Note: "note: 12:34"}
	const want = "6acabbc735ae308b87bd9ea136abdfc3a65e7ce4e3e01194877ac8ea7f3165f9"
	if got := AuditHash(e); got != want {
		t.Fatalf("AuditHash = %s, want %s", got, want)
	}
	// A field's bytes cannot move into its neighbour: the lengths differ.
	e2 := e
	e2.Operator, e2.Action = "佐藤l", "ost_card.report"
	if AuditHash(e2) == want {
		t.Fatal("moving a byte between fields kept the hash")
	}
}
