// Package loginsvc is a small stand-in for the Safety Pass login service,
// for the demo and the tests: it receives spdesk's events over HTTP,
// checks each signature and timestamp window (package webhook), drops a
// duplicate by its id, refuses a gap in a card's or member's sequence,
// and keeps what a login service would act on: which cards are stopped
// and which passwords were replaced. Its answer, {"id": N}, is what the
// deliverer records as the login service's confirmation. It never reads
// spdesk's database.
package loginsvc

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"spdesk/workflows/webhook"
)

// Event is the part of an spdesk event the login service uses.
type Event struct {
	ID           int64     `json:"id"`
	Type         string    `json:"type"`
	Subject      string    `json:"subject"`
	Seq          int64     `json:"seq"`
	At           time.Time `json:"at"`
	MemberNo     string    `json:"member_no"`
	CardNo       string    `json:"card_no"`
	State        string    `json:"state"`
	PasswordHash string    `json:"password_hash"`
}

// Receiver is the login service's end. The zero value is not usable;
// New makes one.
type Receiver struct {
	secret    []byte
	Tolerance time.Duration    // the timestamp window, either way (default webhook.Tolerance)
	Now       func() time.Time // its clock (default time.Now)

	mu         sync.Mutex
	seen       map[int64]bool   // event ids applied: a duplicate is acknowledged, not applied again
	last       map[string]int64 // subject → last applied seq
	applied    []Event          // in the order applied
	cards      map[string]string
	passwords  map[string]string
	duplicates int
	rejected   map[string]int // reason → count
}

// New makes a receiver that trusts secret.
func New(secret []byte) *Receiver {
	return &Receiver{secret: secret, seen: map[int64]bool{}, last: map[string]int64{}, cards: map[string]string{},
		passwords: map[string]string{}, rejected: map[string]int{}}
}

// ServeHTTP takes one delivery.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	now, tol := time.Now, r.Tolerance
	if r.Now != nil {
		now = r.Now
	}
	if tol == 0 {
		tol = webhook.Tolerance
	}
	id := req.Header.Get(webhook.HeaderID)
	if err := webhook.Verify(r.secret, id, req.Header.Get(webhook.HeaderTimestamp), req.Header.Get(webhook.HeaderSignature),
		body, now(), tol); err != nil {
		r.reject(reason(err))
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil || strconv.FormatInt(ev.ID, 10) != id {
		r.reject("malformed")
		http.Error(w, "the body is not the event the id names", http.StatusBadRequest)
		return
	}
	if status, why := r.apply(ev); status != http.StatusOK {
		http.Error(w, why, status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]int64{"id": ev.ID})
}

func reason(err error) string {
	switch {
	case errors.Is(err, webhook.ErrTooOld):
		return "window"
	case errors.Is(err, webhook.ErrBadSignature):
		return "signature"
	}
	return "headers"
}

func (r *Receiver) reject(why string) {
	r.mu.Lock()
	r.rejected[why]++
	r.mu.Unlock()
}

// apply acts on ev once; a duplicate is acknowledged without acting, a
// gap in its subject's sequence is refused (409) so the sender retries.
func (r *Receiver) apply(ev Event) (int, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[ev.ID] || ev.Seq <= r.last[ev.Subject] {
		r.duplicates++
		return http.StatusOK, ""
	}
	if ev.Seq != r.last[ev.Subject]+1 {
		r.rejected["gap"]++
		return http.StatusConflict, "out of order: expected seq " + strconv.FormatInt(r.last[ev.Subject]+1, 10)
	}
	r.seen[ev.ID], r.last[ev.Subject] = true, ev.Seq
	r.applied = append(r.applied, ev)
	if ev.CardNo != "" {
		r.cards[ev.CardNo] = ev.State
	}
	if ev.PasswordHash != "" {
		r.passwords[ev.MemberNo] = ev.PasswordHash
	}
	return http.StatusOK, ""
}

// Applied lists the events acted on, in the order they were.
func (r *Receiver) Applied() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.applied...)
}

// CardState is the state the login service holds for a card ("" if it
// never heard of it).
func (r *Receiver) CardState(cardNo string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cards[cardNo]
}

// PasswordHash is the latest hash received for a member.
func (r *Receiver) PasswordHash(memberNo string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.passwords[memberNo]
}

// Duplicates counts deliveries of an event already applied.
func (r *Receiver) Duplicates() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.duplicates
}

// Rejected counts refused deliveries by reason: "signature", "window",
// "headers", "malformed", "gap".
func (r *Receiver) Rejected(why string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rejected[why]
}
