package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpgradeRefoldsEveryMember: a file written before migration 0011
// (keys folded without the variant table) is refolded when it opens, so
// its 髙橋 is found as 高橋, and its former names get their keys.
func TestUpgradeRefoldsEveryMember(t *testing.T) {
	ctx := context.Background()
	all := migrations
	at := -1
	for i, m := range migrations {
		if strings.Contains(m, "ADD COLUMN sound_key") {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no migration adds sound_key")
	}
	migrations = all[:at]
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		migrations = all
		t.Fatal(err)
	}
	l, err := s.NewLoader(ctx)
	if err == nil {
		for i := 1; i <= 50; i++ {
			m, cards := genMember(1, i)
			if i == 7 {
				m.FamilyName = "髙橋"
			}
			if err = l.Add(&m, cards); err != nil {
				break
			}
		}
		if err == nil {
			err = l.Finish()
		}
	}
	if err == nil {
		// The key as the fold before 0011 wrote it: 髙 kept.
		_, err = s.write.ExecContext(ctx, `UPDATE members SET name_key = family_name || given_name WHERE id = 7`)
	}
	if err == nil {
		// A former name kept by the old schema, without keys.
		_, err = s.write.ExecContext(ctx, `INSERT INTO member_former_names (member_id, family_name, given_name, family_kana,
			given_kana, until) VALUES (9, '澤田', '花子', 'サワダ', 'ハナコ', '2020-01-01')`)
	}
	s.Close()
	migrations = all
	if err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m7, _ := genMember(1, 7)
	for _, q := range []string{"高橋", "髙橋", "高橋" + m7.GivenName} {
		r, err := s.Search(ctx, q, 1000)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range r.Hits {
			found = found || h.Member.No == m7.No
		}
		if !found {
			t.Errorf("%s after the upgrade: %v, want %s", q, hitNos(r), m7.No)
		}
	}
	r, err := s.Search(ctx, "沢田", 50)
	if err != nil || len(r.Hits) == 0 || r.Hits[0].MatchedOn != MatchFormerName || r.Hits[0].Former.Until != MakeDate(2020, 1, 1) {
		t.Errorf("former name after the upgrade: %+v, %v", r.Hits, err)
	}
}
