package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/workflows/loginsvc"
	"spdesk/workflows/webhook"
)

// eventLines parses `spdesk events list --json`.
func eventLines(t *testing.T, out string) []store.Event {
	t.Helper()
	var evs []store.Event
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev store.Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// stoppedAndReset reads, from the file itself, every stopped card's
// number and state and every member whose password was replaced.
func stoppedAndReset(t *testing.T, db string) (cards map[string]string, reset map[string]bool) {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sc, err := s.StoppedCards(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cards = map[string]string{}
	for _, c := range sc {
		cards[c.CardNo] = string(c.Status)
	}
	reset = map[string]bool{}
	n, err := s.CountMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= n; id++ {
		m, err := s.MemberByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.PasswordState == store.PasswordIssued {
			reset[m.No] = true
		}
	}
	return cards, reset
}

// Done when: seed --demo, then events list shows an event for every
// stopped card and every reset password in the demo data.
func TestEventsListCoversTheDemo(t *testing.T) {
	db := demoDB(t)
	out, stderr, ok := run(t, nil, "events", "list", "--db", db, "--json")
	if !ok {
		t.Fatalf("events list: %s", stderr)
	}
	evs := eventLines(t, out)
	cards, reset := stoppedAndReset(t, db)
	if len(cards) == 0 || len(reset) == 0 {
		t.Fatalf("the demo has %d stopped cards and %d reset passwords", len(cards), len(reset))
	}
	lastCard, lastPw := map[string]store.Event{}, map[string]store.Event{}
	for _, ev := range evs {
		if ev.CardNo != "" {
			lastCard[ev.CardNo] = ev
		}
		if ev.Type == store.EventPasswordReset || ev.Type == store.EventPasswordLocked {
			lastPw[ev.MemberNo] = ev
		}
		if strings.Contains(ev.PasswordHash, "$") && !strings.HasPrefix(ev.PasswordHash, "$argon2id$") {
			t.Errorf("event %d carries %q, not an argon2id hash", ev.ID, ev.PasswordHash)
		}
	}
	for no, st := range cards {
		if ev, ok := lastCard[no]; !ok || ev.State != st {
			t.Errorf("card %s…%s is %s; its last event: %+v", no[:4], no[12:], st, ev.Type)
		}
	}
	for no := range reset {
		if ev, ok := lastPw[no]; !ok || ev.Type != store.EventPasswordReset {
			t.Errorf("member %s's password was reset; last password event %q", no, ev.Type)
		}
	}
	// The cursor: --since the 10th prints the rest.
	out, _, _ = run(t, nil, "events", "list", "--db", db, "--json", "--since", "10")
	if rest := eventLines(t, out); len(rest) != len(evs)-10 || rest[0].ID != evs[10].ID {
		t.Errorf("--since 10: %d events from %d, want %d from %d", len(rest), rest[0].ID, len(evs)-10, evs[10].ID)
	}
}

func writeSecret(t *testing.T, mode os.FileMode) (string, []byte) {
	t.Helper()
	secret := []byte("a shared secret of more than 32 bytes for the test")
	p := filepath.Join(t.TempDir(), "webhook.secret")
	if err := os.WriteFile(p, secret, mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, mode)
	return p, secret
}

// The revocation list is signed with the secret file and verifies; a
// secret file others may read, or none, is refused.
func TestRevocationsAreSigned(t *testing.T) {
	db := demoDB(t)
	file, secret := writeSecret(t, 0o600)
	out, stderr, ok := run(t, nil, "revocations", "--db", db, "--json", "--secret-file", file)
	if !ok {
		t.Fatalf("revocations: %s", stderr)
	}
	body, err := webhook.VerifyDocument(secret, []byte(out), time.Now(), time.Minute)
	if err != nil {
		t.Fatalf("the list does not verify: %v", err)
	}
	var list struct {
		LastEventID int64               `json:"last_event_id"`
		Cards       []store.StoppedCard `json:"cards"`
	}
	if err := json.Unmarshal(body, &list); err != nil || list.LastEventID == 0 {
		t.Fatalf("body %s: %v", body, err)
	}
	cards, _ := stoppedAndReset(t, db)
	if len(list.Cards) != len(cards) {
		t.Errorf("%d cards listed, %d stopped", len(list.Cards), len(cards))
	}
	if _, err := webhook.VerifyDocument([]byte("another secret, also more than 32 bytes"), []byte(out), time.Now(), 0); err == nil {
		t.Error("the list verifies under another secret")
	}
	open, _ := writeSecret(t, 0o644)
	for _, f := range []string{open, filepath.Join(t.TempDir(), "missing")} {
		_, stderr, ok := run(t, nil, "revocations", "--db", db, "--json", "--secret-file", f)
		if ok || !strings.Contains(stderr, "secret file") {
			t.Errorf("secret file %s: ok=%v %s", f, ok, stderr)
		}
		_, stderr, ok = run(t, nil, "events", "deliver", "--db", db, "--url", "http://127.0.0.1:1", "--secret-file", f)
		if ok || !strings.Contains(stderr, "secret file") {
			t.Errorf("deliver with secret file %s: ok=%v %s", f, ok, stderr)
		}
	}
}

// Done when: the deliverer, killed with -9 at random points and started
// again, against a receiver that fails the first attempts, loses no
// event: every one arrives, verified, each card's in order.
func TestDeliverSurvivesKill9(t *testing.T) {
	db := demoDB(t)
	file, secret := writeSecret(t, 0o600)
	recv := loginsvc.New(secret)
	var fails = map[string]int{}
	var mu = make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(webhook.HeaderID)
		mu <- struct{}{}
		fails[id]++
		n := fails[id]
		<-mu
		if n <= 2 {
			http.Error(w, "warming up", http.StatusInternalServerError)
			return
		}
		recv.ServeHTTP(w, r)
	}))
	defer srv.Close()
	out, _, _ := run(t, nil, "events", "list", "--db", db, "--json")
	total := len(eventLines(t, out))
	undelivered := func() int {
		s, err := store.OpenReadOnly(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		n, _, err := s.CountUndelivered(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 14))
	deadline := time.Now().Add(90 * time.Second)
	for round := 0; undelivered() > 0; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events undelivered after %d rounds", undelivered(), total, round)
		}
		cmd := exec.Command(bin, "events", "deliver", "--db", db, "--url", srv.URL, "--secret-file", file, "--lease", "300ms")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no clean-up, the lease left to run out
		cmd.Wait()
		if strings.Contains(stderr.String(), "Error") {
			t.Fatalf("deliverer: %s", stderr.String())
		}
	}
	applied := recv.Applied()
	if len(applied) != total {
		t.Fatalf("%d of %d events applied", len(applied), total)
	}
	last := map[string]int64{}
	for _, ev := range applied {
		if ev.Seq != last[ev.Subject]+1 {
			t.Errorf("%s: seq %d after %d", ev.Subject, ev.Seq, last[ev.Subject])
		}
		last[ev.Subject] = ev.Seq
	}
	if recv.Rejected("signature") != 0 || recv.Rejected("gap") != 0 {
		t.Errorf("rejected: %d signatures, %d gaps", recv.Rejected("signature"), recv.Rejected("gap"))
	}
}

// The demo's in-process login service confirms the demo's stopped cards,
// so the desk has confirmations to show.
func TestDemoLoginServiceConfirms(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop, err := startDemoLoginService(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n, parked, err := s.CountUndelivered(ctx)
		if err != nil || parked != 0 {
			t.Fatalf("undelivered: %v, %d parked", err, parked)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events still undelivered", n)
		}
	}
	evs, _ := s.EventsAfter(ctx, 0, 1000)
	checked := 0
	for _, ev := range evs {
		if ev.Type != store.EventCardSuspended {
			continue
		}
		st, err := s.CardStopStatus(ctx, ev.CardID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Stopped() && (st.ConfirmedAt.IsZero() || st.ConfirmedAt.Before(st.StoppedAt)) {
			t.Errorf("card #%d: %+v", ev.CardID, st)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no suspended card in the demo")
	}
}
