package workflows

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/store/luhn"
)

// testParams keep argon2id cheap in tests; production uses
// RecommendedPasswordParams.
var testParams = PasswordParams{Time: 1, Memory: 256, Threads: 1}

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// env is a service on a fresh database file with a pool of members.
type env struct {
	t      testing.TB
	ctx    context.Context
	path   string
	st     *store.Store
	svc    *Service
	clock  *testClock
	std    []int64 // members with one active standard card
	credit []int64 // members with one active credit-function card
}

// Known answers of every pool member.
const (
	tBirth  = "1980-01-02"
	tPostal = "1234567"
	tPhone  = "09012345678"
	tEmail  = "taro.yamada@example.jp"
)

var jst = time.FixedZone("JST", 9*3600)

func newEnv(t testing.TB, nStd, nCredit int) *env {
	t.Helper()
	return newEnvWith(t, nStd, nCredit, store.OpenOptions{Create: true})
}

// newEnvWith is newEnv on a file created as o says (a demo: demo_test.go).
func newEnvWith(t testing.TB, nStd, nCredit int, o store.OpenOptions) *env {
	t.Helper()
	return newEnvAt(t, testDB(t, o), nStd, nCredit, o)
}

// newFileEnv is newEnv on a SQLite file on every pass, for a test about
// the file itself (its bytes, its mode, its WAL) or about bytes only a
// SQLite file can hold (PostgreSQL refuses invalid UTF-8).
func newFileEnv(t testing.TB, nStd, nCredit int) *env {
	t.Helper()
	return newEnvAt(t, sqliteFile(t), nStd, nCredit, store.OpenOptions{Create: true})
}

func newEnvAt(t testing.TB, path string, nStd, nCredit int, o store.OpenOptions) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), path: path,
		clock: &testClock{t: time.Date(2025, 6, 2, 10, 0, 0, 0, jst)}} // a Monday
	var err error
	if e.st, err = store.OpenWith(e.ctx, path, o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.st.Close() })
	e.std, e.credit = loadMembers(t, e.st, 0, nStd, nCredit)
	if e.svc, err = New(e.st, WithClock(e.clock), WithPasswordParams(testParams)); err != nil {
		t.Fatal(err)
	}
	e.seedAccounts() // accounts_test.go: the test operators' accounts
	return e
}

// loadMembers adds nStd + nCredit members numbered from base.
func loadMembers(t testing.TB, st *store.Store, base, nStd, nCredit int) (std, credit []int64) {
	t.Helper()
	ctx := context.Background()
	l, err := st.NewLoader(ctx, store.WithAppend())
	if err != nil {
		t.Fatal(err)
	}
	for i := range nStd + nCredit {
		n := base + i + 1
		body := fmt.Sprintf("%09d", n)
		m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: "山田", GivenName: "太郎",
			FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: tPostal,
			Address: "東京都千代田区丸の内1-1-1", Phone: tPhone, Email: tEmail, JoinedOn: store.MakeDate(2020, 4, 1),
			FeeMethod: store.FeePostal, PasswordState: store.PasswordOK, Status: store.MemberActive}
		cb := fmt.Sprintf("4980%011d", n)
		card := store.Card{No: cb + string(luhn.Digit(cb)), Kind: store.CardStandard, Status: store.CardActive,
			IssuedOn: store.MakeDate(2022, 4, 1), ExpiresOn: store.MakeDate(2027, 3, 31)}
		if i >= nStd {
			card.Kind, card.Company = store.CardCredit, "JCB"
		}
		if err := l.Add(m, []store.Card{card}); err != nil {
			t.Fatal(err)
		}
		if i < nStd {
			std = append(std, m.ID)
		} else {
			credit = append(credit, m.ID)
		}
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	return std, credit
}

// member takes an unused pool member.
func (e *env) member(credit bool) int64 {
	e.t.Helper()
	pool := &e.std
	if credit {
		pool = &e.credit
	}
	if len(*pool) == 0 {
		e.t.Fatal("member pool exhausted")
	}
	id := (*pool)[0]
	*pool = (*pool)[1:]
	return id
}

func (e *env) card(memberID int64) store.Card {
	e.t.Helper()
	cards, err := e.st.CardsOfMember(e.ctx, memberID)
	if err != nil {
		e.t.Fatalf("cards of %d: %v", memberID, err)
	}
	for _, c := range cards {
		if c.Status == store.CardActive {
			return c
		}
	}
	e.t.Fatalf("member %d has no active card", memberID)
	return store.Card{}
}

func (e *env) memberRec(id int64) store.Member {
	e.t.Helper()
	m, err := e.st.MemberByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) caseRec(id int64) store.Case {
	e.t.Helper()
	c, err := e.st.CaseByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) auditCount() int64 {
	e.t.Helper()
	n, err := e.st.CountAudit(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func stepOf(c store.Case) StepRequest { return StepRequest{CaseID: c.ID, CaseVersion: c.Version} }

func goodAnswers() IdentityAnswers { return IdentityAnswers{BirthDate: tBirth, Phone: tPhone} }

// must fails the test on err and returns the result's case:
// must(t)(svc.OpenCase(...)).
func must(t testing.TB) func(Result, error) store.Case {
	return func(r Result, err error) store.Case {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return r.Case
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}
