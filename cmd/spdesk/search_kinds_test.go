package main

import (
	"path/filepath"
	"testing"

	"spdesk/fixtures"
	"spdesk/internal/jpdate"
	"spdesk/internal/kanjivar"
	"spdesk/internal/romaji"
	"spdesk/store"
)

// TestSearchJSONFindsEachNewKind seeds members with spdesk seed and finds
// one member by each kind issue 15 added: the standard form of an old
// kanji surname, romaji, a birth date in era form, a postal code, a name
// with a birth date, and a former name, which says until when.
func TestSearchJSONFindsEachNewKind(t *testing.T) {
	db := filepath.Join(t.TempDir(), "seeded.db")
	const n = 3000
	if _, stderr, ok := run(t, nil, "seed", "--db", db, "--members", "3000"); !ok {
		t.Fatal(stderr)
	}
	var variant, plain, married store.Member
	var former store.FormerName
	err := fixtures.ScaleWithFormer(1, n, func(m *store.Member, _ []store.Card, f *store.FormerName) error {
		std := []rune(m.FamilyName)
		for i, r := range std {
			std[i] = kanjivar.Rune(r)
		}
		switch {
		case variant.No == "" && string(std) != m.FamilyName:
			variant = *m
		case plain.No == "" && m.FamilyName == "佐藤":
			plain = *m
		case married.No == "" && f != nil:
			married, former = *m, *f
		}
		return nil
	})
	if err != nil || variant.No == "" || plain.No == "" || married.No == "" {
		t.Fatalf("no member for a kind in the seed: %v %q %q %q", err, variant.No, plain.No, married.No)
	}
	std := []rune(variant.FamilyName)
	for i, r := range std {
		std[i] = kanjivar.Rune(r)
	}
	bd := jpdate.Of(plain.BirthDate.Time)
	for _, c := range []struct {
		q, no, matched, also string
	}{
		{string(std) + variant.GivenName, variant.No, "name", ""},
		{romaji.Hepburn(plain.FamilyKana) + " " + romaji.Hepburn(plain.GivenKana), plain.No, "reading", ""},
		{jpdate.FormatEra(bd), plain.No, "birth_date", ""},
		{"〒" + plain.PostalCode[:3] + "-" + plain.PostalCode[3:], plain.No, "postal_code", ""},
		{plain.FamilyName + " " + bd.String(), plain.No, "name", "birth_date"},
		{former.FamilyName + former.GivenName, married.No, "former_name", ""},
	} {
		res := searchJSONOf(t, db, c.q)
		found := false
		for _, h := range res.Members {
			if h.MemberNo != c.no {
				continue
			}
			found = true
			if h.MatchedOn != c.matched || c.also != "" && (len(h.Also) != 1 || h.Also[0] != c.also) {
				t.Errorf("%q: matched on %q also %v, want %q %q", c.q, h.MatchedOn, h.Also, c.matched, c.also)
			}
			if c.matched == "former_name" && (h.FormerName == nil || h.FormerName.Until != former.Until.String()) {
				t.Errorf("%q: former name %+v, want until %s", c.q, h.FormerName, former.Until)
			}
		}
		if !found {
			t.Errorf("%q did not find %s: %d members", c.q, c.no, len(res.Members))
		}
	}
	if res := searchJSONOf(t, db, "2023-02-29"); len(res.Hints) != 1 || res.Hints[0].Code != "no_such_day" {
		t.Errorf("2023-02-29: hints %+v", res.Hints)
	}
}
