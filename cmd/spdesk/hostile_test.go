package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"spdesk/store"
	"spdesk/store/luhn"
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
		m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: "山田" + p, GivenName: p + "太郎",
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

// jsonText is s as encoding/json carries it: each byte that is not
// UTF-8 becomes U+FFFD.
func jsonText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
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
		if want := jsonText(m.Name()); !names[want] {
			t.Errorf("JSON lacks the stored name %q", want)
		}
	}
}

// FuzzSearchRender stores random bytes as a member's name (at store
// level), finds the member by number with the search `spdesk search`
// runs, and prints it both ways. Neither output holds a control
// character; the table is exactly the one for the name made safe; the
// JSON reads back to the stored name (broken bytes aside, which JSON
// cannot carry).
func FuzzSearchRender(f *testing.F) {
	for _, p := range textsafe.Samples {
		f.Add("山田" + p)
	}
	f.Add("")
	f.Add("\x00\t\n\r\u2028\ufeff")
	f.Add("\xc2")
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	l, err := s.NewLoader(ctx)
	if err != nil {
		f.Fatal(err)
	}
	no := "000009001" + string(luhn.Digit("000009001"))
	if err := l.Add(&store.Member{No: no, FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ",
		BirthDate: store.MakeDate(1980, 1, 2), PostalCode: "1234567", Address: "東京都", Phone: "09012345678",
		Email: "f@example.jp", JoinedOn: store.MakeDate(2020, 4, 1), FeeMethod: store.FeePostal,
		PasswordState: store.PasswordOK, Status: store.MemberActive}, nil); err != nil {
		f.Fatal(err)
	}
	if err := l.Finish(); err != nil {
		f.Fatal(err)
	}
	render := func(t *testing.T, name string) (plain, js string) {
		m, err := s.MemberByNo(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(ctx, time.Now(), func(tx *store.Tx) error {
			return tx.UpdateMemberName(m.ID, m.Version, name, name, "ヤマダ", "タロウ")
		}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, no, 50)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("search %s: %d hits, %v", no, len(res.Hits), err)
		}
		var pb, jb bytes.Buffer
		cmd := &cobra.Command{}
		cmd.SetOut(&pb)
		if err := printHits(cmd, res); err != nil {
			t.Fatal(err)
		}
		if err := printJSON(&jb, toJSON(res), true); err != nil {
			t.Fatal(err)
		}
		return pb.String(), jb.String()
	}
	f.Fuzz(func(t *testing.T, name string) {
		plain, js := render(t, name)
		for what, out := range map[string]string{"table": plain, "JSON": js} {
			if c, bad := rawControl(out); bad {
				t.Fatalf("%s for %q holds %s: %q", what, name, c, out)
			}
		}
		var res searchJSON
		if err := json.Unmarshal([]byte(js), &res); err != nil || len(res.Members) != 1 {
			t.Fatalf("JSON for %q: %v\n%s", name, err, js)
		}
		if want := jsonText(name + " " + name); res.Members[0].Name != want {
			t.Errorf("JSON name %q, stored %q", res.Members[0].Name, want)
		}
		safePlain, _ := render(t, textsafe.Show(name))
		if plain != safePlain {
			t.Errorf("table for %q differs from the one for it made safe:\n%s\n%s", name, plain, safePlain)
		}
	})
}
