package delivery

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/store/luhn"
	"spdesk/workflows"
	"spdesk/workflows/loginsvc"
	"spdesk/workflows/webhook"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test")

// desk is a database with members and a service making changes on it.
type desk struct {
	t   testing.TB
	ctx context.Context
	st  *store.Store
	svc *workflows.Service
	ids []int64
}

func newDesk(t testing.TB, n int) *desk {
	t.Helper()
	return newDeskAt(t, filepath.Join(t.TempDir(), "spdesk.db"), n)
}

// newDeskAt is newDesk on the database db: a file, or a postgres:// URL.
func newDeskAt(t testing.TB, db string, n int) *desk {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	l, err := st.NewLoader(ctx, store.WithAppend())
	if err != nil {
		t.Fatal(err)
	}
	d := &desk{t: t, ctx: ctx, st: st}
	for i := range n {
		body := fmt.Sprintf("%09d", i+1)
		m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: "山田", GivenName: "太郎",
			FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: "1234567",
			Address: "東京都千代田区丸の内1-1-1", Phone: "09012345678", Email: "t@example.jp", JoinedOn: store.MakeDate(2020, 4, 1),
			FeeMethod: store.FeePostal}
		cb := fmt.Sprintf("4980%011d", i+1)
		card := store.Card{No: cb + string(luhn.Digit(cb)), Kind: store.CardStandard, Status: store.CardActive,
			IssuedOn: store.MakeDate(2022, 4, 1), ExpiresOn: store.MakeDate(2030, 3, 31)}
		if err := l.Add(m, []store.Card{card}); err != nil {
			t.Fatal(err)
		}
		d.ids = append(d.ids, m.ID)
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	if d.svc, err = workflows.New(st); err != nil {
		t.Fatal(err)
	}
	return d
}

// suspendAndResume stops member i's card and starts it again: two events
// of one card that must arrive in order. It returns the card's ID.
func (d *desk) suspendAndResume(i int, resume bool) int64 {
	d.t.Helper()
	cards, err := d.st.CardsOfMember(d.ctx, d.ids[i])
	if err != nil {
		d.t.Fatal(err)
	}
	card := cards[0]
	if err := d.st.Write(d.ctx, time.Now(), func(tx *store.Tx) error {
		if err := tx.SetCardStatus(card.ID, card.Version, store.CardSuspended); err != nil {
			return err
		}
		if resume {
			return tx.SetCardStatus(card.ID, card.Version+1, store.CardActive)
		}
		return nil
	}); err != nil {
		d.t.Fatal(err)
	}
	return card.ID
}

// faulty is the login service behind a door that fails on purpose: the
// first fails attempts of each event answer 500, one stalls past the
// client's timeout, one is applied but answered 500 (so it comes again).
type faulty struct {
	recv     *loginsvc.Receiver
	fails    int
	stallID  int64
	stall    time.Duration
	applyID  int64 // applied, then answered 500: a duplicate follows
	mu       sync.Mutex
	attempts map[string]int
	total    atomic.Int64
}

func (f *faulty) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.total.Add(1)
	id := r.Header.Get(webhook.HeaderID)
	f.mu.Lock()
	f.attempts[id]++
	n := f.attempts[id]
	f.mu.Unlock()
	switch {
	case n <= f.fails:
		http.Error(w, "down", http.StatusInternalServerError)
		return
	case id == fmt.Sprint(f.stallID) && n == f.fails+1:
		time.Sleep(f.stall)
	case id == fmt.Sprint(f.applyID) && n == f.fails+1:
		f.recv.ServeHTTP(httptest.NewRecorder(), r)
		http.Error(w, "lost the answer", http.StatusInternalServerError)
		return
	}
	f.recv.ServeHTTP(w, r)
}

func runUntil(t testing.TB, d *Deliverer, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	rctx, stop := context.WithCancel(ctx)
	go func() { errc <- d.Run(rctx, nil) }()
	for !done() {
		if ctx.Err() != nil {
			stop()
			t.Fatal("not delivered within 60 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func (d *desk) undelivered() int {
	d.t.Helper()
	n, _, err := d.st.CountUndelivered(d.ctx)
	if err != nil {
		d.t.Fatal(err)
	}
	return n
}

// Against a receiver that fails the first attempts, stalls and loses an
// answer, every event arrives, each signature verifies (the receiver
// refuses any that does not), each card's events in order, a duplicate
// is dropped by its id, and every confirmation is in the database.
func TestDeliverThroughFailures(t *testing.T) {
	d := newDesk(t, 12)
	var cards []int64
	for i := range 12 {
		cards = append(cards, d.suspendAndResume(i, i%2 == 0))
	}
	recv := loginsvc.New(secret)
	f := &faulty{recv: recv, fails: 2, stallID: 3, stall: 2 * time.Second, applyID: 5, attempts: map[string]int{}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	dl := New(d.st, Config{URL: srv.URL, Secret: secret, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
		Client: &http.Client{Timeout: 500 * time.Millisecond}})
	runUntil(t, dl, func() bool { return d.undelivered() == 0 })

	all, _ := d.st.EventsAfter(d.ctx, 0, 100)
	if len(all) != 18 || len(recv.Applied()) != 18 {
		t.Fatalf("%d events, %d applied", len(all), len(recv.Applied()))
	}
	last := map[string]int64{}
	for _, ev := range recv.Applied() {
		if ev.Seq != last[ev.Subject]+1 {
			t.Errorf("%s: seq %d after %d", ev.Subject, ev.Seq, last[ev.Subject])
		}
		last[ev.Subject] = ev.Seq
	}
	if recv.Duplicates() < 1 || recv.Rejected("gap") != 0 || recv.Rejected("signature") != 0 {
		t.Errorf("duplicates %d, gaps %d, bad signatures %d", recv.Duplicates(), recv.Rejected("gap"), recv.Rejected("signature"))
	}
	for i, id := range cards {
		st, err := d.st.CardStopStatus(d.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 && (!st.Stopped() || st.ConfirmedAt.IsZero()) {
			t.Errorf("card #%d: stop not confirmed: %+v", id, st)
		}
	}
	for _, ev := range all {
		if ev.ConfirmedAt.IsZero() || ev.Attempts < 3 {
			t.Errorf("event %d: confirmed %v after %d attempts (the first two fail)", ev.ID, ev.ConfirmedAt, ev.Attempts)
		}
	}
}

// A wrong secret is refused by the receiver every time: the event is
// parked after MaxAttempts, holds back its card's later events, and goes
// once re-queued with the right secret.
func TestWrongSecretParksUntilRetried(t *testing.T) {
	d := newDesk(t, 2)
	d.suspendAndResume(0, true)
	recv := loginsvc.New(secret)
	srv := httptest.NewServer(recv)
	defer srv.Close()
	wrong := New(d.st, Config{URL: srv.URL, Secret: []byte("another secret of 32 bytes or more....."), MaxAttempts: 3,
		BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	runUntil(t, wrong, func() bool {
		p, _ := d.st.ParkedEvents(d.ctx)
		return len(p) == 1
	})
	p, _ := d.st.ParkedEvents(d.ctx)
	if p[0].Seq != 1 || p[0].Attempts != 3 || p[0].LastError != "HTTP 401" || recv.Rejected("signature") != 3 {
		t.Fatalf("parked %+v, rejected %d", p[0], recv.Rejected("signature"))
	}
	if n, _ := wrong.Once(d.ctx); n != 0 || len(recv.Applied()) != 0 {
		t.Fatalf("the card's second event went before its parked first (%d sent)", n)
	}
	if err := d.st.Write(d.ctx, time.Now(), func(tx *store.Tx) error { return tx.RequeueEvent(p[0].ID) }); err != nil {
		t.Fatal(err)
	}
	right := New(d.st, Config{URL: srv.URL, Secret: secret})
	runUntil(t, right, func() bool { return d.undelivered() == 0 })
	if a := recv.Applied(); len(a) != 2 || a[0].Type != store.EventCardSuspended || a[1].Type != store.EventCardResumed {
		t.Fatalf("applied %+v", a)
	}
}

// The receiver refuses a request whose timestamp is outside its window
// (a clock far off, or a replay of a captured request) and takes one
// within it.
func TestReceiverWindowAndReplay(t *testing.T) {
	d := newDesk(t, 1)
	d.suspendAndResume(0, false)
	recv := loginsvc.New(secret)
	srv := httptest.NewServer(recv)
	defer srv.Close()
	skewed := New(d.st, Config{URL: srv.URL, Secret: secret, MaxAttempts: 1,
		Now: func() time.Time { return time.Now().Add(-10 * time.Minute) }})
	if _, err := skewed.Once(d.ctx); err != nil {
		t.Fatal(err)
	}
	if recv.Rejected("window") != 1 || len(recv.Applied()) != 0 {
		t.Fatalf("a request 10 min old was taken (window rejections %d)", recv.Rejected("window"))
	}
	p, _ := d.st.ParkedEvents(d.ctx)
	d.st.Write(d.ctx, time.Now(), func(tx *store.Tx) error { return tx.RequeueEvent(p[0].ID) })
	slightly := New(d.st, Config{URL: srv.URL, Secret: secret,
		Now: func() time.Time { return time.Now().Add(-4 * time.Minute) }})
	if _, err := slightly.Once(d.ctx); err != nil || len(recv.Applied()) != 1 {
		t.Fatalf("a clock 4 min behind is within the window: %v, %d applied", err, len(recv.Applied()))
	}
	// The same signed request again: acknowledged, not applied twice.
	ev, _ := d.st.Event(d.ctx, p[0].ID)
	body, _ := Body(ev)
	ts := time.Now().Unix()
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytesReader(body))
		req.Header.Set(webhook.HeaderID, fmt.Sprint(ev.ID))
		req.Header.Set(webhook.HeaderTimestamp, fmt.Sprint(ts))
		req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, fmt.Sprint(ev.ID), ts, body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("replayed delivery: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	if len(recv.Applied()) != 1 || recv.Duplicates() != 2 {
		t.Errorf("applied %d, duplicates %d", len(recv.Applied()), recv.Duplicates())
	}
}

// Two deliverers on one database: one works, the other waits for the
// lease and says who holds it.
func TestSecondDelivererWaits(t *testing.T) {
	d := newDesk(t, 1)
	recv := loginsvc.New(secret)
	srv := httptest.NewServer(recv)
	defer srv.Close()
	ctx, cancel := context.WithCancel(d.ctx)
	defer cancel()
	first := New(d.st, Config{URL: srv.URL, Secret: secret, Holder: "first", LeaseTTL: 30 * time.Second})
	go first.Run(ctx, nil)
	for {
		if ok, holder, _, _ := d.st.TakeLease(d.ctx, LeaseName, "probe", time.Now(), 0); !ok && holder == "first" {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	waited := make(chan string, 1)
	second := New(d.st, Config{URL: srv.URL, Secret: secret, Holder: "second"})
	go second.Run(ctx, func(holder string, _ time.Time) {
		select {
		case waited <- holder:
		default:
		}
	})
	if h := <-waited; h != "first" {
		t.Fatalf("second waited for %q", h)
	}
	d.suspendAndResume(0, false)
	for d.undelivered() != 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if len(recv.Applied()) != 1 || recv.Duplicates() != 0 {
		t.Errorf("applied %d, duplicates %d: both deliverers sent", len(recv.Applied()), recv.Duplicates())
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// Each delay lies between half and all of base doubled per failure, and
// with the defaults even the shortest draw of every delay keeps retrying
// through an hour's outage before an event is parked.
func TestBackoffRidesOutAnHour(t *testing.T) {
	d := New(nil, Config{})
	var least time.Duration
	for a := 1; a < d.cfg.MaxAttempts; a++ {
		full := min(d.cfg.BaseBackoff<<(a-1), d.cfg.MaxBackoff)
		for range 20 {
			if got := Backoff(d.cfg.BaseBackoff, d.cfg.MaxBackoff, a); got < full/2 || got > full {
				t.Fatalf("attempt %d: %v outside [%v, %v]", a, got, full/2, full)
			}
		}
		least += full / 2
	}
	if least < time.Hour {
		t.Errorf("the defaults park an event after %v of failures at the soonest", least)
	}
}
