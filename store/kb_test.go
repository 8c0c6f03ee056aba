package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var kbNow = time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)

func kbArticles() []Article {
	return []Article{
		{ID: "code-52", Lang: "ja", Title: "結果コード52", Tags: []string{"ファイアウォール"}, Codes: []int{52},
			Body: "ファイアウォールの設定と接続タイプを確認します。"},
		{ID: "code-52", Lang: "en", Title: "Result code 52", Tags: []string{"firewall"}, Codes: []int{52},
			Body: "Check the firewall and the connection type."},
		{ID: "firewall-setup", Lang: "en", Title: "Firewall setup", Tags: []string{"firewall", "port"},
			Body: "Open the ports the software needs."},
		{ID: "reader-order", Lang: "en", Title: "Extra card reader", Tags: []string{"reader"}, Procedure: "reader_order",
			Body: "A second reader is lent for 2,500 yen before tax, Mac or PC."},
	}
}

func ids(arts []Article) string {
	var s []string
	for _, a := range arts {
		s = append(s, a.ID+"."+a.Lang)
	}
	return strings.Join(s, " ")
}

func TestSearchArticles(t *testing.T) {
	ctx := context.Background()
	s, _ := testStore(t, 10)
	if h, err := s.KBHash(ctx); err != nil || h != "" {
		t.Fatalf("fresh hash %q, %v", h, err)
	}
	if err := s.ReplaceArticles(ctx, kbNow, "h1", kbArticles()); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.KBHash(ctx); h != "h1" {
		t.Fatalf("hash %q", h)
	}
	for _, tc := range []struct{ q, lang, want string }{
		// the title that starts with the query first, then the other match
		{"firewall", "en", "firewall-setup.en code-52.en"},
		{"FIREWALL   connection", "en", "code-52.en"}, // words ANDed, case folded
		{"ふぁいあうぉーる", "ja", "code-52.ja"},              // hiragana finds katakana
		{"ﾌｧｲｱｳｫｰﾙ", "ja", "code-52.ja"},              // half-width too
		{"Ma", "en", "reader-order.en"},               // under three characters: plain match
		{"2,500", "en", "reader-order.en"},
		{"nothing-like-this", "en", ""},
		{"reader extra", "en", "reader-order.en"},
		{"100%", "en", ""}, // LIKE wildcards are literal
		{"", "ja", "code-52.ja"},
	} {
		got, err := s.SearchArticles(ctx, tc.q, tc.lang)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		if ids(got) != tc.want {
			t.Errorf("search %q in %s = %q, want %q", tc.q, tc.lang, ids(got), tc.want)
		}
	}
	all, err := s.Articles(ctx)
	if err != nil || ids(all) != "code-52.en code-52.ja firewall-setup.en reader-order.en" {
		t.Fatalf("articles %q, %v", ids(all), err)
	}
	if all[0].Codes[0] != 52 || all[2].Tags[1] != "port" || all[3].Procedure != "reader_order" || all[3].Body == "" {
		t.Fatalf("fields not read back: %+v", all)
	}
	got, _ := s.SearchArticles(ctx, "reader", "en")
	if len(got) != 1 || got[0].Procedure != "reader_order" || got[0].Tags[0] != "reader" {
		t.Fatalf("fields not read back: %+v", got)
	}
	got, _ = s.SearchArticles(ctx, "52", "en")
	if len(got) != 1 || len(got[0].Codes) != 1 || got[0].Codes[0] != 52 {
		t.Fatalf("codes not read back: %+v", got)
	}

	// Replacing drops what is gone, from the index too.
	if err := s.ReplaceArticles(ctx, kbNow, "h2", kbArticles()[:2]); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SearchArticles(ctx, "firewall", "en"); ids(got) != "code-52.en" {
		t.Fatalf("after replace: %q", ids(got))
	}
	// A failed replace (duplicate id and lang) keeps the old set whole.
	dup := append(kbArticles(), kbArticles()[0])
	if err := s.ReplaceArticles(ctx, kbNow, "h3", dup); err == nil {
		t.Fatal("duplicate article accepted")
	}
	if h, _ := s.KBHash(ctx); h != "h2" {
		t.Fatalf("hash after failed replace %q", h)
	}
	if got, _ := s.SearchArticles(ctx, "", "en"); ids(got) != "code-52.en" {
		t.Fatalf("after failed replace: %q", ids(got))
	}
}

// TestKBMigrationKeepsLetterReferences upgrades a working database to
// 0006 again: its letters are pointed at by audit rows (append-only, with
// triggers), and after the letters rebuild every reference still holds.
func TestKBMigrationKeepsLetterReferences(t *testing.T) {
	ctx := context.Background()
	kbMig := -1
	for i, mig := range migrations {
		if strings.Contains(mig, "-- rebuild:begin") && strings.Contains(mig, "kb_articles") {
			kbMig = i
		}
	}
	if kbMig < 0 {
		t.Fatal("no migration rebuilds letters for kb_articles")
	}
	// Later migrations cannot be undone by hand: this test's store stops
	// at 0006, so the tables 0006 made can be dropped to go back before it.
	all := migrations
	migrations = all[:kbMig+1]
	t.Cleanup(func() { migrations = all })
	s, ms := testStoreAt(t, sqliteFile(t), 3) // SQLite's rebuild of letters
	m, err := s.MemberByNo(ctx, ms[0].No)
	if err != nil {
		t.Fatal(err)
	}
	var letterID int64
	err = s.Write(ctx, kbNow, func(tx *Tx) error {
		l := Letter{Kind: LetterPasswordNotice, MemberID: m.ID, Secret: "Pw", QueuedBy: "op"}
		if err := tx.InsertLetter(&l); err != nil {
			return err
		}
		letterID = l.ID
		// As 0006's spdesk wrote it: AppendAudit writes the seal column
		// of 0008, which this store stops before.
		_, err := tx.tx.Exec(`INSERT INTO audit (id, at, operator, action, member_id, letter_id, hash)
			VALUES (1, ?, 'op', 'letter.queue', ?, ?, 'h')`, fmtTime(tx.Now), m.ID, l.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	// Back to the version before 0006, with its letters table as it was.
	rawExec(t, path, `DROP TABLE reader_orders`, `DROP TABLE kb_articles`, `DROP TABLE kb_fts`, `DROP TABLE kb_meta`,
		fmt.Sprintf(`PRAGMA user_version = %d`, kbMig))
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	var fkTarget string
	if err := s.write.QueryRowContext(ctx, `SELECT "table" FROM pragma_foreign_key_list('audit') WHERE "from" = 'letter_id'`).
		Scan(&fkTarget); err != nil || fkTarget != "letters" {
		t.Fatalf("audit.letter_id references %q (%v), want letters", fkTarget, err)
	}
	var fkOn int
	if err := s.write.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fkOn); err != nil || fkOn != 1 {
		t.Fatalf("foreign keys left %d after the migration (%v)", fkOn, err)
	}
	err = s.Write(ctx, kbNow, func(tx *Tx) error {
		l := Letter{Kind: LetterReaderShipment, MemberID: m.ID, QueuedBy: "op"}
		if err := tx.InsertLetter(&l); err != nil {
			return err
		}
		o := ReaderOrder{MemberID: m.ID, LetterID: l.ID, System: ReaderMac, PriceYen: 2500, FeeYen: 25,
			ShipBy: MakeDate(2026, 6, 5), OrderedBy: "op"}
		if err := tx.InsertReaderOrder(&o); err != nil {
			return err
		}
		got, err := tx.ReaderOrderOfLetter(l.ID)
		if err != nil || got.ShipBy != o.ShipBy || got.System != ReaderMac || got.FeeYen != 25 {
			t.Errorf("order read back %+v, %v", got, err)
		}
		// the old letter and its secret survived the copy
		var secret string
		if err := tx.tx.QueryRow(`SELECT secret FROM letters WHERE id = ?`, letterID).Scan(&secret); err != nil || secret != "Pw" {
			t.Errorf("old letter: %q, %v", secret, err)
		}
		// and references are enforced again
		bad := ReaderOrder{MemberID: m.ID, LetterID: 999999, System: ReaderWindows, ShipBy: o.ShipBy, OrderedBy: "op"}
		if err := tx.InsertReaderOrder(&bad); err == nil {
			t.Error("an order for a letter that does not exist was accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if os, err := s.ReaderOrdersOfMember(ctx, m.ID); err != nil || len(os) != 1 {
		t.Fatalf("orders of member: %v %v", os, err)
	}
}

// TestKBMigrationKeepsEveryLetterColumn guards the letters rebuild in 0006,
// which names its columns: a column an earlier migration adds to letters
// must be carried over, not silently dropped.
func TestKBMigrationKeepsEveryLetterColumn(t *testing.T) {
	kbMig := -1
	for i, mig := range migrations {
		if strings.Contains(mig, "-- rebuild:begin") && strings.Contains(mig, "kb_articles") {
			kbMig = i
		}
	}
	if kbMig < 0 {
		t.Fatal("0006 not found")
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db")+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	cols := func() string {
		rows, err := db.Query(`SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info('letters') ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var name, typ, dflt string
			var notnull, pk int
			if err := rows.Scan(&name, &typ, &notnull, &dflt, &pk); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %s %d %s %d", name, typ, notnull, dflt, pk))
		}
		return strings.Join(out, "\n")
	}
	for i := 0; i < kbMig; i++ {
		if _, err := db.Exec(migrations[i]); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	before := cols()
	if _, err := db.Exec("PRAGMA foreign_keys=OFF"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[kbMig]); err != nil {
		t.Fatalf("0006: %v", err)
	}
	if after := cols(); after != before {
		t.Fatalf("letters columns changed by the rebuild:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestSearchArticlesByResultCode: callers say a result code many ways;
// each finds the article that carries the code, in both languages (the
// old search read エラー52 as one word and found nothing).
func TestSearchArticlesByResultCode(t *testing.T) {
	ctx := context.Background()
	s, _ := testStore(t, 10)
	arts := append(kbArticles(), Article{ID: "code-100", Lang: "en", Title: "Result code 100",
		Codes: []int{100}, Body: "The software is not running; also see code 52 for the firewall."})
	if err := s.ReplaceArticles(ctx, kbNow, "h1", arts); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ja", "en"} {
		for _, q := range []string{"エラー52", "エラー 52", "ｴﾗｰ52", "えらー５２", "error 52", "Error52", "ERROR-52",
			"code 52", "Code:52", "E52", "e 52", "52番", "５２番", "エラー５２", "結果コード52", "ｺｰﾄﾞ52", "result code 52",
			"error code 52", "No.52", "#52"} {
			got, err := s.SearchArticles(ctx, q, lang)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if want := "code-52." + lang; ids(got) != want {
				t.Errorf("search %q in %s = %q, want %q", q, lang, ids(got), want)
			}
		}
	}
	// Other words still narrow the search, and a code no article carries
	// falls back to the digits as text.
	for _, tc := range []struct{ q, lang, want string }{
		{"error 52 firewall", "en", "code-52.en"},
		{"error 52 printer", "en", ""},
		{"エラー100", "en", "code-100.en"},
		{"error 500", "en", "reader-order.en"}, // no code 500: "500" as text (2,500 yen)
		{"reader 2,500", "en", "reader-order.en"},
	} {
		got, err := s.SearchArticles(ctx, tc.q, tc.lang)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		if ids(got) != tc.want {
			t.Errorf("search %q in %s = %q, want %q", tc.q, tc.lang, ids(got), tc.want)
		}
	}
}
