package kanjivar

import (
	"maps"
	"os"
	"testing"

	"spdesk/internal/kanjivar/vardata"
)

// TestTableMatchesData builds the table again from the Debian data sets
// (make test installs unicode-data and kanjidic-xml) and checks the
// committed table.go is exactly what go generate writes.
func TestTableMatchesData(t *testing.T) {
	for _, f := range []string{vardata.Files.UnihanVariants, vardata.Files.UnihanOther, vardata.Files.Kanjidic} {
		if _, err := os.Stat(f); err != nil {
			why := f + " is missing: apt-get install unicode-data kanjidic-xml (make test-deps does)"
			if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
				t.Fatal(why)
			}
			t.Skip(why)
		}
	}
	got, err := vardata.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, table) {
		for r, s := range got {
			if table[r] != s {
				t.Errorf("data says %c→%c, table.go has %c", r, s, table[r])
			}
		}
		for r, s := range table {
			if _, ok := got[r]; !ok {
				t.Errorf("table.go has %c→%c, the data does not", r, s)
			}
		}
		t.Fatal("table.go is stale: run go generate ./internal/kanjivar")
	}
}

// TestNamePairs: the old and variant forms that occur in names fold to
// the form in everyday use; standard kanji stay themselves.
func TestNamePairs(t *testing.T) {
	for from, to := range map[rune]rune{
		'髙': '高', '﨑': '崎', '齋': '斎', '齊': '斎', '斉': '斎', '邊': '辺', '邉': '辺', '澤': '沢', '濱': '浜',
		'廣': '広', '嶋': '島', '冨': '富', '德': '徳', '眞': '真', '瀨': '瀬', '國': '国', '櫻': '桜',
	} {
		if got := Rune(from); got != to {
			t.Errorf("Rune(%c) = %c, want %c", from, got, to)
		}
	}
	for _, r := range "高崎斎辺沢浜広島富徳真瀬国桜埼佐藤鈴木あア1a" {
		if got := Rune(r); got != r {
			t.Errorf("Rune(%c) = %c, want it unchanged", r, got)
		}
	}
	for target := range maps.Values(table) {
		if _, ok := table[target]; ok {
			t.Errorf("%c is both a target and mapped: chains must end", target)
		}
	}
	if !IsSelector(0xE0100) || !IsSelector(0xFE0F) || IsSelector('葛') {
		t.Error("IsSelector")
	}
}
