package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"spdesk/store"
	"spdesk/workflows/textsafe"
)

// hostileDB writes members whose names and addresses hold each escape
// sequence of the review, the way an import would (the store's loader:
// the workflows refuse such text). Member i has family name "山田" +
// Samples[i] and given name Samples[i] + "太郎".
func hostileDB(t *testing.T) (string, []store.Member) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "hostile.db")
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ms []store.Member
	for i, p := range textsafe.Samples {
		body := fmt.Sprintf("%09d", 7000+i)
		m := &store.Member{No: body + string(store.LuhnDigit(body)), FamilyName: "山田" + p, GivenName: p + "太郎",
			FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: "1234567",
			Address: "東京都" + p, Phone: "09012345678", Email: fmt.Sprintf("h%d@example.jp", i),
			JoinedOn: store.MakeDate(2020, 4, 1), FeeMethod: store.FeePostal, PasswordState: store.PasswordOK,
			Status: store.MemberActive}
		if err := l.Add(m, nil); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, *m)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	return db, ms
}

// rawControl is the first character of out a terminal would obey (or
// could mistake for one), other than the line feed.
func rawControl(out string) (string, bool) {
	for i, r := range out {
		if r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") {
			return fmt.Sprintf("byte 0x%02X at %d", out[i], i), true
		}
		if r != '\n' && textsafe.Bad(r) {
			return fmt.Sprintf("%U at %d", r, i), true
		}
	}
	return "", false
}

// TestSearchPrintsHostileTextSafely runs the real binary's search, plain
// and --json, over members holding escape sequences: the output holds no
// control character, the plain table shows the marks, and the JSON reads
// back to the stored names.
func TestSearchPrintsHostileTextSafely(t *testing.T) {
	db, ms := hostileDB(t)
	out, stderr, ok := run(t, nil, "search", "--db", db, "山田")
	if !ok {
		t.Fatalf("search: %s", stderr)
	}
	if c, bad := rawControl(out); bad {
		t.Fatalf("plain search output holds %s:\n%q", c, out)
	}
	if !strings.Contains(out, "␛]0;pwned-title␇") || !strings.Contains(out, "␛[2J") ||
		!strings.Contains(out, fmt.Sprintf("%d shown", len(ms))) {
		t.Fatalf("plain search output does not show the members with marks:\n%s", out)
	}

	out, stderr, ok = run(t, nil, "search", "--db", db, "--json", "山田")
	if !ok {
		t.Fatalf("search --json: %s", stderr)
	}
	if c, bad := rawControl(out); bad {
		t.Fatalf("JSON search output holds %s:\n%q", c, out)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	names := map[string]bool{}
	for _, m := range res.Members {
		names[m.Name] = true
	}
	for _, m := range ms {
		if want := strings.ToValidUTF8(m.Name(), "\uFFFD"); !names[want] {
			t.Errorf("JSON lacks the stored name %q", want)
		}
	}
}
