package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"spdesk/internal/kanjivar"
	"spdesk/store/luhn"
)

// variantStore loads members whose names are given, each with a unique
// number, birth date 1993-05-19 for the first and postal 1243149, in
// the pass's database (a file, or PostgreSQL on the PostgreSQL pass).
func variantStore(t *testing.T, names [][4]string) (*Store, []Member) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, testDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []Member
	for i, n := range names {
		no := "8" + string(rune('0'+i/10000000%10)) + string([]byte{byte('0' + i/1000000%10), byte('0' + i/100000%10), byte('0' + i/10000%10), byte('0' + i/1000%10), byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)})
		m := Member{No: no + string(luhn.Digit(no)), FamilyName: n[0], GivenName: n[1], FamilyKana: n[2], GivenKana: n[3],
			BirthDate: MakeDate(1980, 1, 1+i%28), PostalCode: "1000001", Address: "東京都千代田区1-1", Phone: "0300000000",
			Email: "x@example.org", JoinedOn: MakeDate(2010, 1, 1), FeeMethod: FeePostal}
		if i == 0 {
			m.BirthDate, m.PostalCode = MakeDate(1993, 5, 19), "1243149"
		}
		cn := "4" + m.No + "00000"
		if err := l.Add(&m, []Card{{No: cn + string(luhn.Digit(cn)), Kind: CardStandard, IssuedOn: MakeDate(2024, 1, 1), ExpiresOn: MakeDate(2028, 12, 31)}}); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	return s, out
}

func finds(t *testing.T, s *Store, q string, want Member) Hit {
	t.Helper()
	r, err := s.Search(context.Background(), q, 1000)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	for _, h := range r.Hits {
		if h.Member.No == want.No {
			return h
		}
	}
	t.Errorf("Search(%q) = %v, want %s (%s%s)", q, hitNos(r), want.No, want.FamilyName, want.GivenName)
	return Hit{}
}

// TestVariantKanjiFindEachOther: for every pair the issue lists and for
// 200 pairs sampled from the generated table, either form finds a member
// registered under the other.
func TestVariantKanjiFindEachOther(t *testing.T) {
	pairs := [][2]string{{"髙", "高"}, {"﨑", "崎"}, {"齋", "斎"}, {"齊", "斎"}, {"斉", "斎"}, {"邊", "辺"}, {"邉", "辺"},
		{"澤", "沢"}, {"濱", "浜"}, {"廣", "広"}, {"嶋", "島"}, {"冨", "富"}, {"德", "徳"}, {"眞", "真"}, {"瀨", "瀬"},
		{"國", "国"}, {"櫻", "桜"}, {"葛\U000E0100", "葛"}}
	all := kanjivar.Pairs()
	for i := 0; i < 200; i++ {
		p := all[i*len(all)/200]
		pairs = append(pairs, [2]string{string(p[0]), string(p[1])})
	}
	var names [][4]string
	for _, p := range pairs {
		names = append(names, [4]string{p[0] + "橋", "太郎", "タカハシ", "タロウ"}, [4]string{p[1] + "橋", "次郎", "タカハシ", "ジロウ"})
	}
	s, ms := variantStore(t, names)
	for i, p := range pairs {
		variant, standard := ms[2*i], ms[2*i+1]
		for _, q := range []string{p[0] + "橋", p[1] + "橋"} {
			finds(t, s, q, variant)
			finds(t, s, q, standard)
		}
	}
}

func TestSearchByRomajiDateAndPostal(t *testing.T) {
	s, ms := variantStore(t, [][4]string{{"佐藤", "愛子", "サトウ", "アイコ"}, {"大野", "一郎", "オオノ", "イチロウ"},
		{"佐藤", "花子", "サトー", "ハナコ"}, {"千々和", "実", "チヂワ", "ミノル"}, {"佐藤", "健", "サトウ", "ケン"}})
	sato := ms[0]
	for _, q := range []string{"satou", "sato", "satō", "SATO AIKO", "satou aiko", "Satô Aiko", "aiko", "さとう　あいこ"} {
		finds(t, s, q, sato)
	}
	finds(t, s, "オーノ", ms[1])
	finds(t, s, "ohno", ms[1])
	finds(t, s, "チジワ", ms[3])
	finds(t, s, "tijiwa", ms[3])
	// The exact reading comes before the one that only sounds alike.
	r, _ := s.Search(context.Background(), "サトウ", 50)
	if len(r.Hits) < 3 || r.Hits[len(r.Hits)-1].Member.No != ms[2].No {
		t.Errorf("サトウ: %v, want サトー (%s) last", hitNos(r), ms[2].No)
	}
	for _, q := range []string{"1993-05-19", "1993/5/19", "19930519", "平成5年5月19日", "H5.5.19", "Ｈ５．５．１９"} {
		if h := finds(t, s, q, sato); h.MatchedOn != MatchBirthDate {
			t.Errorf("%s matched on %s", q, h.MatchedOn)
		}
	}
	for _, q := range []string{"〒124-3149", "124-3149", "〒1243149", "〒124"} {
		if h := finds(t, s, q, sato); h.MatchedOn != MatchPostalCode {
			t.Errorf("%s matched on %s", q, h.MatchedOn)
		}
	}
	// A date and a postal code together both hold.
	r, err := s.Search(context.Background(), "1993-05-19 〒124-3149", 50)
	if err != nil || len(r.Hits) != 1 || r.Hits[0].MatchedOn != MatchBirthDate || !slices.Equal(r.Hits[0].Also, []MatchedOn{MatchPostalCode}) {
		t.Errorf("date and postal code: %+v, %v", r.Hits, err)
	}
	if r, _ := s.Search(context.Background(), "1993-05-19 〒100-0001", 50); len(r.Hits) != 0 {
		t.Errorf("date and another postal code: %v", hitNos(r))
	}
	for _, q := range []string{"佐藤 1993-05-19", "さとう 〒124", "sato H5.5.19", "1993-05-19 佐藤 〒124-3149"} {
		r, err := s.Search(context.Background(), q, 50)
		if err != nil || len(r.Hits) != 1 || r.Hits[0].Member.No != sato.No {
			t.Errorf("Search(%q) = %v, %v; want only %s", q, hitNos(r), err, sato.No)
			continue
		}
		if h := r.Hits[0]; h.MatchedOn != MatchName && h.MatchedOn != MatchReading || len(h.Also) == 0 {
			t.Errorf("%q: matched on %s, also %v", q, h.MatchedOn, h.Also)
		}
	}
}

func TestSearchBadInputHints(t *testing.T) {
	s, _ := variantStore(t, [][4]string{{"佐藤", "愛子", "サトウ", "アイコ"}})
	for q, want := range map[string]HintCode{
		"平成31年5月1日": HintOutsideEra, "2023-02-29": HintNoSuchDay, "〒12345": HintPostalLength, "〒12": HintPostalLength,
		"xqzv": HintRomaji, "\U000E0100\U000E0101": HintNothing, "佐藤 2023-02-29": HintNoSuchDay, "〒1234-56789": HintPostalLength,
	} {
		r, err := s.Search(context.Background(), q, 50)
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		if !slices.ContainsFunc(r.Hints, func(h Hint) bool { return h.Code == want }) {
			t.Errorf("Search(%q) hints %v, want %s", q, r.Hints, want)
		}
	}
	// Mixed scripts are searched, not refused.
	if _, err := s.Search(context.Background(), "佐とうAiko ｻﾄｳ 〒", 50); err != nil {
		t.Error(err)
	}
}

// TestFormerNameFindsMember: a name before a change finds the member and
// says it was a former name, until when.
func TestFormerNameFindsMember(t *testing.T) {
	s, ms := variantStore(t, [][4]string{{"鈴木", "花子", "スズキ", "ハナコ"}})
	m := ms[0]
	ctx := context.Background()
	until := MakeDate(2024, 6, 1)
	err := s.Write(ctx, time.Now(), func(tx *Tx) error {
		if err := tx.InsertFormerName(m.ID, FormerName{FamilyName: "山田", GivenName: "花子", FamilyKana: "ヤマダ", GivenKana: "ハナコ", Until: until}); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"山田", "山田花子", "やまだ", "yamada hanako"} {
		h := finds(t, s, q, m)
		if h.MatchedOn != MatchFormerName || h.Former == nil || h.Former.Until != until || h.Former.FamilyName != "山田" {
			t.Errorf("%s: matched on %s, former %+v", q, h.MatchedOn, h.Former)
		}
	}
	if h := finds(t, s, "鈴木", m); h.MatchedOn != MatchName || h.Former != nil {
		t.Errorf("current name: %s %+v", h.MatchedOn, h.Former)
	}
}
