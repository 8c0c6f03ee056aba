// Package delivery owns pushing the outbox to the login service: each
// event POSTed as JSON, signed (package webhook), at least once, in order
// per card or member, retried with exponential backoff and jitter, and
// parked after MaxAttempts failures for a supervisor to re-queue. A
// delivery counts only when the receiver answers 2xx with the event's id
// ({"id": N}); the deliverer records that moment as the event's
// confirmation, which the desk shows ("login service confirmed 14:02:11").
// One deliverer works at a time, by a lease in the database.
package delivery

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"spdesk/store"
	"spdesk/workflows/webhook"
)

// Config says where and how to deliver. Zero fields take the defaults.
type Config struct {
	URL         string
	Secret      []byte
	Client      *http.Client  // default: 10 s timeout per attempt
	MaxAttempts int           // failures before an event is parked (default 24: about two hours of outage)
	BaseBackoff time.Duration // the first retry's delay (default 1 s), doubled per failure
	MaxBackoff  time.Duration // the longest delay (default 10 min)
	LeaseTTL    time.Duration // how long a dead deliverer's lease holds others off (default 15 s)
	Workers     int           // events of different cards sent at once (default 4)
	Now         func() time.Time
	Log         *slog.Logger
	// Holder names this deliverer in the lease (default host:pid:random).
	Holder string
}

// LeaseName is the lease every deliverer of a database competes for.
const LeaseName = "deliver"

// Deliverer pushes the outbox of one store to one URL.
type Deliverer struct {
	st  *store.Store
	cfg Config
}

// New makes a deliverer; Run starts it.
func New(st *store.Store, cfg Config) *Deliverer {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 24
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 10 * time.Minute
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 15 * time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Holder == "" {
		host, _ := os.Hostname()
		cfg.Holder = fmt.Sprintf("%s:%d:%08x", host, os.Getpid(), jitterSeed())
	}
	return &Deliverer{st: st, cfg: cfg}
}

// Run delivers until ctx ends. Another deliverer holding the lease is
// waited for (onWait reports it). The lease is renewed beside the work,
// so a long batch against a slow receiver does not lose it; if it is lost
// all the same (this process was stopped longer than the lease), Run
// stops with an error rather than work beside the new holder. The lease
// is given back at the end.
func (d *Deliverer) Run(ctx context.Context, onWait func(holder string, until time.Time)) error {
	for {
		now := d.cfg.Now()
		ok, holder, until, err := d.st.TakeLease(ctx, LeaseName, d.cfg.Holder, now, d.cfg.LeaseTTL)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("deliver: take the lease: %w", err)
		}
		if ok {
			break
		}
		if onWait != nil {
			onWait(holder, until)
		}
		sleep(ctx, min(max(until.Sub(now), 0)+10*time.Millisecond, d.cfg.LeaseTTL))
	}
	defer d.st.ReleaseLease(context.WithoutCancel(ctx), LeaseName, d.cfg.Holder, d.cfg.Now())
	work, cancel := context.WithCancel(ctx)
	defer cancel()
	lost := make(chan error, 1)
	go func() {
		tick := time.NewTicker(d.cfg.LeaseTTL / 3)
		defer tick.Stop()
		for {
			select {
			case <-work.Done():
				return
			case <-tick.C:
			}
			ok, holder, _, err := d.st.TakeLease(work, LeaseName, d.cfg.Holder, d.cfg.Now(), d.cfg.LeaseTTL)
			if work.Err() != nil {
				return
			}
			if err != nil || !ok {
				lost <- fmt.Errorf("deliver: lost the lease (to %q): %v", holder, err)
				cancel()
				return
			}
		}
	}()
	err := d.loop(work)
	select {
	case e := <-lost:
		return e
	default:
	}
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func (d *Deliverer) loop(ctx context.Context) error {
	for ctx.Err() == nil {
		n, err := d.Once(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		wait := d.cfg.LeaseTTL / 3
		if due, ok, err := d.st.NextEventDue(ctx); err == nil && ok {
			wait = min(wait, max(due.Sub(d.cfg.Now()), time.Millisecond))
		}
		if err := d.st.WaitForEvents(ctx, wait); err != nil {
			return err
		}
	}
	return nil
}

// Once sends every event deliverable now, each card's or member's in
// order (the store hands out one per subject at a time), and returns how
// many it tried. Events of different subjects go out in parallel.
func (d *Deliverer) Once(ctx context.Context) (int, error) {
	evs, err := d.st.DeliverableEvents(ctx, d.cfg.Now(), 16*d.cfg.Workers)
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, d.cfg.Workers)
	for _, ev := range evs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := d.deliver(ctx, ev); err != nil {
				mu.Lock()
				first = cmpErr(first, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return len(evs), first
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// deliver makes one attempt at ev and records its outcome.
func (d *Deliverer) deliver(ctx context.Context, ev store.Event) error {
	why := d.post(ctx, ev)
	now := d.cfg.Now()
	if why == nil {
		return d.st.ConfirmEvent(ctx, ev.ID, now)
	}
	if ctx.Err() != nil {
		return nil // stopping: the attempt does not count
	}
	attempts := ev.Attempts + 1
	park := attempts >= d.cfg.MaxAttempts
	next := now.Add(Backoff(d.cfg.BaseBackoff, d.cfg.MaxBackoff, attempts))
	d.cfg.Log.Warn("event not delivered", "event", ev.ID, "type", ev.Type, "attempt", attempts, "parked", park, "cause", why.Error())
	return d.st.FailEvent(ctx, ev.ID, now, next, truncate(why.Error(), 300), park)
}

// Body is the JSON an event is sent as: the event, no more.
func Body(ev store.Event) ([]byte, error) { return json.Marshal(ev) }

// Ack is what a receiver answers to confirm an event.
type Ack struct {
	ID int64 `json:"id"`
}

func (d *Deliverer) post(ctx context.Context, ev store.Event) error {
	body, err := Body(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	id := strconv.FormatInt(ev.ID, 10)
	ts := d.cfg.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.HeaderID, id)
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(d.cfg.Secret, id, ts, body))
	resp, err := d.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	var ack Ack
	if err := json.Unmarshal(b, &ack); err != nil || ack.ID != ev.ID {
		return errors.New("answered 2xx without acknowledging the event's id")
	}
	return nil
}

// Backoff is the delay before retry number attempt (1, 2, …): base
// doubled per earlier failure, at most max, with jitter taking it
// anywhere between half and all of that, so a receiver back from an
// outage is not hit by every deliverer at once.
func Backoff(base, max time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + time.Duration(jitterSeed()%uint64(half))
}

func jitterSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
