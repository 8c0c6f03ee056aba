package store

import (
	"context"
	"errors"
	"testing"
)

func TestLoaderRefusesLoadedDatabaseAndLinksCards(t *testing.T) {
	s, all := testStore(t, 20)
	ctx := context.Background()
	if _, err := s.NewLoader(ctx); !errors.Is(err, ErrHasMembers) {
		t.Fatalf("second load without append: %v, want ErrHasMembers", err)
	}
	var progress []int
	l, err := s.NewLoader(ctx, WithAppend(), WithProgress(func(n int) { progress = append(progress, n) }))
	if err != nil {
		t.Fatal(err)
	}
	m, cards := genMember(2, 1)
	m.No = "9999999998"
	cards[0].No = "4999999999999988"
	cards = append(cards[:1], Card{No: "4999999999999996", Kind: CardStandard, IssuedOn: MakeDate(2024, 1, 1),
		ExpiresOn: MakeDate(2028, 12, 31), ReplacesCard: ReplacesPrevious})
	if err := l.Add(&m, cards); err != nil {
		t.Fatal(err)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	if m.ID != all[len(all)-1].ID+1 {
		t.Errorf("appended member got id %d after %d", m.ID, all[len(all)-1].ID)
	}
	got, err := s.CardByNo(ctx, "4999999999999996")
	if err != nil || got.ReplacesCard != cards[0].ID || got.ID != cards[1].ID {
		t.Fatalf("linked card %+v (%v), want it to replace #%d", got, err, cards[0].ID)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 1 {
		t.Errorf("progress calls %v", progress)
	}
	if r, err := s.Search(ctx, m.No, 50); err != nil || len(r.Hits) != 1 || len(r.Hits[0].Cards) != 2 {
		t.Errorf("appended member not searchable: %v %v", r, err)
	}
}

// A fresh load that dies before Finish leaves members without search text;
// the next Open gives it to them.
func TestOpenRepairsMissingSearchText(t *testing.T) {
	path := spdeskFile(t)
	rawExec(t, path, `DELETE FROM member_fts WHERE rowid > 10`)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, _ := genMember(1, 250)
	r, err := s.Search(context.Background(), m.Address[3:], 50)
	if err != nil || len(r.Hits) == 0 {
		t.Fatalf("member 250 not found by address after repair: %v %v", hitNos(r), err)
	}
}
