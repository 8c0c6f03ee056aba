package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"spdesk/store"
)

// testNow is the clock of every test: cards expiring before it are expired.
var testNow = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

// openTestStore makes a real SQLite file in t.TempDir with a few members
// in the states the console shows.
// TODO(fixtures): switch to fixtures.LoadDemo once it is committed.
func openTestStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "spdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	people := []struct {
		fam, giv, fk, gk string
		pw               store.PasswordState
		st               store.MemberStatus
		card             store.CardStatus
		kind             store.CardKind
	}{
		{"佐藤", "健太", "サトウ", "ケンタ", store.PasswordOK, store.MemberActive, store.CardActive, store.CardStandard},
		{"佐藤", "花子", "サトウ", "ハナコ", store.PasswordLocked, store.MemberActive, store.CardSuspended, store.CardStandard},
		{"佐藤", "一郎", "サトウ", "イチロウ", store.PasswordOK, store.MemberCancellationPending, store.CardActive, store.CardCredit},
		{"鈴木", "美咲", "スズキ", "ミサキ", store.PasswordIssued, store.MemberActive, store.CardActive, store.CardStandard},
		{"高橋", "翔", "タカハシ", "ショウ", store.PasswordOK, store.MemberCancelled, store.CardRevoked, store.CardStandard},
	}
	for i, p := range people {
		no := fmt.Sprintf("10000000%d", i+1)
		no += string(store.LuhnDigit(no))
		cardNo := fmt.Sprintf("90000000000000%d", i+1)
		cardNo += string(store.LuhnDigit(cardNo))
		m := &store.Member{
			No: no, FamilyName: p.fam, GivenName: p.giv, FamilyKana: p.fk, GivenKana: p.gk,
			BirthDate: store.MakeDate(1980+i, time.Month(i+1), 10+i), PostalCode: "1000001",
			Address: "東京都千代田区千代田1-1", Phone: fmt.Sprintf("0901234%04d", 5670+i),
			Email: fmt.Sprintf("m%d@example.jp", i), JoinedOn: store.MakeDate(2020, 4, 1),
			FeeMethod: store.FeeCard, FeeCardBrand: "VISA", FeeCardLast4: "4242",
			PasswordState: p.pw, Status: p.st,
		}
		cards := []store.Card{{No: cardNo, Kind: p.kind, Status: p.card,
			IssuedOn: store.MakeDate(2020, 4, 10), ExpiresOn: store.MakeDate(2025, 4, 10)}}
		if p.kind == store.CardCredit {
			cards[0].Company = "JCB"
		}
		if err := l.Add(m, cards); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	return s
}
