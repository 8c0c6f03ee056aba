package loginsvc

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"spdesk/workflows/webhook"
)

var secret = []byte(strings.Repeat("z", 32))

func post(t *testing.T, url string, id int64, body string, key []byte, at time.Time) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader([]byte(body)))
	req.Header.Set(webhook.HeaderID, fmt.Sprint(id))
	req.Header.Set(webhook.HeaderTimestamp, fmt.Sprint(at.Unix()))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(key, fmt.Sprint(id), at.Unix(), []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A card's event that skips one is refused (409) until the missing one
// came; a wrong key, a stale timestamp and a body that is not the event
// the id names are refused too, and none of them is applied.
func TestReceiverRefusals(t *testing.T) {
	r := New(secret)
	srv := httptest.NewServer(r)
	defer srv.Close()
	ev := func(id, seq int64, state string) string {
		return fmt.Sprintf(`{"id":%d,"type":"card.%s","subject":"card:7","seq":%d,"card_no":"4980000000000007","state":%q}`, id, state, seq, state)
	}
	now := time.Now()
	if got := post(t, srv.URL, 2, ev(2, 2, "active"), secret, now); got != http.StatusConflict {
		t.Errorf("seq 2 before 1: %d", got)
	}
	if got := post(t, srv.URL, 1, ev(1, 1, "suspended"), []byte(strings.Repeat("w", 32)), now); got != http.StatusUnauthorized {
		t.Errorf("wrong key: %d", got)
	}
	if got := post(t, srv.URL, 1, ev(1, 1, "suspended"), secret, now.Add(-time.Hour)); got != http.StatusUnauthorized {
		t.Errorf("an hour old: %d", got)
	}
	if got := post(t, srv.URL, 9, ev(1, 1, "suspended"), secret, now); got != http.StatusBadRequest {
		t.Errorf("id 9 naming event 1: %d", got)
	}
	if len(r.Applied()) != 0 || r.CardState("4980000000000007") != "" {
		t.Fatalf("refused deliveries applied: %+v", r.Applied())
	}
	for _, p := range []struct {
		id, seq int64
		state   string
	}{{1, 1, "suspended"}, {2, 2, "active"}} {
		if got := post(t, srv.URL, p.id, ev(p.id, p.seq, p.state), secret, now); got != http.StatusOK {
			t.Fatalf("event %d: %d", p.id, got)
		}
	}
	if r.CardState("4980000000000007") != "active" || r.Rejected("gap") != 1 || r.Rejected("signature") != 1 || r.Rejected("window") != 1 {
		t.Errorf("state %q, rejected gap %d signature %d window %d", r.CardState("4980000000000007"),
			r.Rejected("gap"), r.Rejected("signature"), r.Rejected("window"))
	}
}
