package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// caseTypesMigration is the index of 0014, the migration that rebuilds
// cases for suspected_fraud and card_renewal.
func caseTypesMigration(t *testing.T) int {
	t.Helper()
	for i, mig := range migrations {
		if strings.Contains(mig, "-- rebuild:begin") && strings.Contains(mig, "'suspected_fraud'") {
			return i
		}
	}
	t.Fatal("no migration rebuilds cases for suspected_fraud")
	return -1
}

// dumpRows is every row of query as text, in order.
func dumpRows(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// caseSchema is what a database holds of and around cases: its columns,
// indexes and triggers (their SQL), every foreign key that points at it,
// and the rows of cases and of the tables that refer to them.
func caseSchema(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]string{
		"columns": dumpRows(t, db, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info('cases') ORDER BY cid`),
		"indexes and triggers": dumpRows(t, db, `SELECT type, name, sql FROM sqlite_schema
			WHERE type IN ('index', 'trigger') AND (tbl_name = 'cases' OR sql LIKE '%cases%') ORDER BY name`),
		"references": dumpRows(t, db, `SELECT m.name, f."from", f."table", f."to" FROM sqlite_schema m,
			pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'cases' ORDER BY m.name, f."from"`),
		"cases": dumpRows(t, db, `SELECT * FROM cases ORDER BY id`),
	}
	for _, r := range dumpRows(t, db, `SELECT m.name || ' ' || f."from" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = 'cases' ORDER BY m.name, f."from"`) {
		table, col, _ := strings.Cut(strings.Trim(r, "[]"), " ")
		out["rows of "+table+"."+col] = dumpRows(t, db, fmt.Sprintf(`SELECT %[1]s, count(*) FROM %[2]s GROUP BY %[1]s ORDER BY %[1]s`, col, table))
	}
	return out
}

// TestCaseTypesMigrationKeepsEverything upgrades a database at the schema
// before 0014, holding cases of every old type with the audit rows,
// letters, calls and notes that point at them, and finds every row,
// column, index, trigger and reference as it was; the new types are then
// accepted, an unknown type is still refused, and foreign keys are on and
// enforced again.
func TestCaseTypesMigrationKeepsEverything(t *testing.T) {
	ctx := context.Background()
	mig := caseTypesMigration(t)
	all := migrations
	migrations = all[:mig]                    // a binary of the schema before 0014
	s, ms := testStoreAt(t, sqliteFile(t), 6) // the rebuild is SQLite's: PostgreSQL alters the CHECK in place
	migrations = all
	var ids []int64
	var mids []int64
	for _, mm := range ms[:6] {
		m, err := s.MemberByNo(ctx, mm.No)
		if err != nil {
			t.Fatal(err)
		}
		mids = append(mids, m.ID)
	}
	err := s.Write(ctx, kbNow, func(tx *Tx) error {
		for i, typ := range []CaseType{CaseLostCard, CaseBrokenCard, CasePasswordReset, CaseNameChange,
			CaseContactChange, CaseCancellation} {
			m, err := tx.Member(mids[i])
			if err != nil {
				return err
			}
			cards, err := tx.CardsOfMember(m.ID)
			if err != nil {
				return err
			}
			c := Case{Type: typ, State: StateOpened, MemberID: m.ID, OpenedBy: "op", AssignedTo: "op",
				WaitingOn: "us", DueOn: MakeDate(2026, 6, 3), Note: fmt.Sprintf("メモ %d", i)}
			if typ == CaseLostCard || typ == CaseBrokenCard {
				c.CardID, c.State = cards[0].ID, StateCardSuspended
			}
			if i%2 == 0 {
				c.Credit, c.Company = true, "JCB"
			}
			if err := tx.InsertCase(&c); err != nil {
				return err
			}
			// Every column holds something, so a column the copy drops
			// or moves shows.
			c.NewCardID = cards[0].ID
			c.IdentityPassed, c.IdentityResult = true, `{"phone":"match","passed":true}`
			c.IdentityCheckedAt, c.IdentityCheckedBy = tx.Now, "checker"
			c.NoRefundNotice, c.RequestedBy, c.ApprovedBy = i == 5, "req", "appr"
			c.AssignedTo = fmt.Sprintf("op%d", i)
			if i%2 == 1 { // some closed, some open, for the partial indexes
				c.State, c.ClosedAt, c.WithdrawReason = StateWithdrawn, tx.Now, "called back"
			}
			if err := tx.UpdateCase(&c); err != nil {
				return err
			}
			ids = append(ids, c.ID)
			if err := tx.AppendAudit(&AuditEvent{Operator: "op", Action: string(typ) + ".open", MemberID: m.ID,
				CaseID: c.ID, ToState: c.State, Before: "{}", After: "{}"}); err != nil {
				return err
			}
			l := Letter{Kind: LetterChangeForm, MemberID: m.ID, CaseID: c.ID, QueuedBy: "op"}
			if err := tx.InsertLetter(&l); err != nil {
				return err
			}
			if err := tx.InsertCaseNote(&CaseNote{CaseID: c.ID, Operator: "op", Note: "折り返し連絡"}); err != nil {
				return err
			}
			call := Call{MemberID: m.ID, Operator: "op"}
			if err := tx.InsertCall(&call); err != nil {
				return err
			}
			call.Outcome, call.Reasons, call.Cases = OutcomeProcedure, []string{"other"}, []int64{c.ID}
			if err := tx.WrapUpCall(&call); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	before := caseSchema(t, path)
	if len(before["cases"]) != 6 || len(before["references"]) < 4 {
		t.Fatalf("setup: %d cases, references %v", len(before["cases"]), before["references"])
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	var v int
	if err := s.write.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema %d (%v), want %d", v, err, SchemaVersion())
	}
	after := caseSchema(t, path)
	for k, b := range before {
		a := after[k]
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s changed by the upgrade:\nbefore:\n%s\nafter:\n%s", k, strings.Join(b, "\n"), strings.Join(a, "\n"))
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d kinds of facts after, %d before", len(after), len(before))
	}
	var fkOn int
	if err := s.write.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fkOn); err != nil || fkOn != 1 {
		t.Fatalf("foreign keys %d after the migration (%v)", fkOn, err)
	}
	m, err := s.MemberByNo(ctx, ms[0].No)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, kbNow, func(tx *Tx) error {
		for _, typ := range []CaseType{CaseSuspectedFraud, CaseCardRenewal} {
			c := Case{Type: typ, State: StateOpened, MemberID: m.ID, OpenedBy: "op", AssignedTo: "op"}
			if err := tx.InsertCase(&c); err != nil {
				t.Errorf("%s refused after the upgrade: %v", typ, err)
			}
		}
		if err := tx.InsertCase(&Case{Type: "stolen_identity", State: StateOpened, MemberID: m.ID, OpenedBy: "op",
			AssignedTo: "op"}); err == nil {
			t.Error("an unknown case type was accepted")
		}
		if err := tx.InsertCase(&Case{Type: CaseCardRenewal, State: StateOpened, MemberID: 999999, OpenedBy: "op",
			AssignedTo: "op"}); err == nil {
			t.Error("a case of a member that does not exist was accepted")
		}
		if err := tx.InsertCaseNote(&CaseNote{CaseID: 999999, Operator: "op", Note: "x"}); err == nil {
			t.Error("a note on a case that does not exist was accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The old cases read back whole through the store.
	for _, id := range ids {
		if c, err := s.CaseByID(ctx, id); err != nil || c.OpenedBy != "op" || c.DueOn != MakeDate(2026, 6, 3) {
			t.Errorf("case %d after the upgrade: %+v %v", id, c, err)
		}
	}
}
