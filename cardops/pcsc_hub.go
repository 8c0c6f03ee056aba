//go:build cgo && !nopcsc

package cardops

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/ebfe/scard"
)

// pnpReader is pcsc-lite's pseudo reader whose state changes when a reader
// is attached or removed; the reader count is kept in the high 16 bits.
const pnpReader = `\\?PnP?\Notification`

// Retry back-off while pcscd is down.
const (
	hubRetryMin = 100 * time.Millisecond
	hubRetryMax = 2 * time.Second
)

// hub is the process-wide PC/SC watcher. There is exactly one because
// ebfe/scard's GetStatusChange is not safe to call from two goroutines at
// once (it writes a package-level map without a lock, and keeps only the
// last caller's reader-name buffers alive for the C side). So one goroutine
// waits in GetStatusChange, keeps a snapshot of every reader, and fans
// events out; it runs while someone watches and stops when nobody does.
var hub pcscHub

type pcscHub struct {
	mu       sync.Mutex
	fan      fanout
	refs     int
	run      *hubRun
	prevDone chan struct{} // done of the latest run

	// Guarded by mu, written by the running loop.
	snap     map[string]ReaderStatus
	counters map[string]scard.StateFlag // pcsc-lite's per-reader event counter
	down     error                      // pcscd unreachable, else nil
}

// hubRun is one life of the watcher loop.
type hubRun struct {
	stop  chan struct{} // closed to ask the loop to end
	done  chan struct{} // closed when it has
	ready chan struct{} // closed once the first snapshot (or failure) is in

	mu  sync.Mutex
	ctx *scard.Context // current context, for Cancel; nil while none
}

// acquire counts a user and makes sure a loop runs; it returns the run to
// wait on for the first snapshot.
func (h *pcscHub) acquire() *hubRun {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs++
	if h.run == nil {
		prev := h.prevDone
		r := &hubRun{stop: make(chan struct{}), done: make(chan struct{}), ready: make(chan struct{})}
		h.run = r
		h.prevDone = r.done
		go h.loop(r, prev)
	}
	return h.run
}

// release drops a user; the last one stops the loop.
func (h *pcscHub) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs--
	if h.refs > 0 || h.run == nil {
		return
	}
	r := h.run
	h.run = nil
	close(r.stop)
	go r.cancelUntilDone()
}

// cancelUntilDone interrupts the loop's GetStatusChange. SCardCancel only
// affects a call already waiting, so it is repeated until the loop has
// noticed stop: the loop checks stop between calls, and a cancel landing
// between the check and the call would otherwise be lost.
func (r *hubRun) cancelUntilDone() {
	for {
		r.mu.Lock()
		if r.ctx != nil {
			r.ctx.Cancel()
		}
		r.mu.Unlock()
		select {
		case <-r.done:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (r *hubRun) stopping() bool {
	select {
	case <-r.stop:
		return true
	default:
		return false
	}
}

// readers returns the current snapshot, starting the watcher if need be.
func (h *pcscHub) readers() ([]ReaderStatus, error) {
	r := h.acquire()
	defer h.release()
	<-r.ready
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.down != nil {
		return nil, h.down
	}
	out := make([]ReaderStatus, 0, len(h.snap))
	for _, st := range h.snap {
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b ReaderStatus) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out, nil
}

// watch subscribes to events; the first ones describe the snapshot.
func (h *pcscHub) watch(ctx context.Context) (<-chan Event, error) {
	r := h.acquire()
	select {
	case <-r.ready:
	case <-ctx.Done():
		h.release()
		return nil, ctx.Err()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var initial []Event
	if h.down != nil {
		initial = append(initial, Event{Kind: EventError, Err: h.down})
	}
	names := make([]string, 0, len(h.snap))
	for n := range h.snap {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		st := h.snap[n]
		initial = append(initial, Event{Kind: EventReaderAttached, Reader: n})
		if st.CardPresent {
			initial = append(initial, Event{Kind: EventCardInserted, Reader: n, ATR: st.ATR, Mute: st.Mute})
		}
	}
	// Under h.mu: the loop publishes under h.mu too, so no event falls
	// between the snapshot and the subscription.
	return h.fan.subscribe(ctx, initial, h.release), nil
}

// waitRemoved reports whether reader shows no card within d.
func (h *pcscHub) waitRemoved(reader string, d time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	events, err := h.watch(ctx)
	if err != nil {
		return false
	}
	present := false
	for e := range events {
		if e.Reader != reader {
			continue
		}
		switch e.Kind {
		case EventCardInserted:
			present = true // the snapshot: still there, so far
		case EventCardRemoved, EventReaderRemoved:
			cancel()
			for range events { // drain so the pump can finish
			}
			return true
		}
	}
	return !present
}

// publish records and fans out one event; h.mu is held.
func (h *pcscHub) publishLocked(e Event) { h.fan.publish(e) }

// loop is one life of the watcher: (re)connect to pcscd, then wait for
// changes until asked to stop.
func (h *pcscHub) loop(r *hubRun, prev chan struct{}) {
	defer close(r.done)
	if prev != nil {
		<-prev // never two GetStatusChange callers at once
	}
	readyOnce := sync.OnceFunc(func() { close(r.ready) })
	defer readyOnce()
	// Nobody has watched since the last run ended: start from nothing.
	h.mu.Lock()
	h.snap, h.counters, h.down = nil, nil, nil
	h.mu.Unlock()
	wait := hubRetryMin
	for !r.stopping() {
		ctx, err := scard.EstablishContext()
		if err == nil {
			r.mu.Lock()
			r.ctx = ctx
			r.mu.Unlock()
			err = h.watchContext(r, ctx, readyOnce)
			r.mu.Lock()
			r.ctx = nil
			r.mu.Unlock()
			ctx.Release()
			wait = hubRetryMin
		}
		if r.stopping() {
			return
		}
		// Whatever the code (no service, transport error, or "access
		// denied" from a pcscd shutting down), a watcher that cannot talk
		// to pcscd means the reader service is not there.
		h.setDown(&Error{Kind: KindPCSCDown, Op: "watch", Err: err})
		readyOnce()
		select {
		case <-r.stop:
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, hubRetryMax)
	}
}

// setDown records that pcscd is unreachable: every reader is gone.
func (h *pcscHub) setDown(err *Error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropAllLocked()
	if h.down == nil {
		h.publishLocked(Event{Kind: EventError, Err: err})
	}
	h.down = err
}

func (h *pcscHub) dropAllLocked() {
	for name := range h.snap {
		h.dropReaderLocked(name)
	}
}

func (h *pcscHub) dropReaderLocked(name string) {
	if h.snap[name].CardPresent {
		h.publishLocked(Event{Kind: EventCardRemoved, Reader: name})
	}
	h.publishLocked(Event{Kind: EventReaderRemoved, Reader: name})
	delete(h.snap, name)
	delete(h.counters, name)
}

// syncReaders brings the watched states in line with the reader list:
// the PnP pseudo reader first (told the current count, so it fires on the
// next change), then every reader, new ones as "unaware" so the next
// GetStatusChange reports them at once.
func (h *pcscHub) syncReaders(states []scard.ReaderState, names []string) []scard.ReaderState {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.snap == nil {
		h.snap = make(map[string]ReaderStatus)
		h.counters = make(map[string]scard.StateFlag)
	}
	next := []scard.ReaderState{{Reader: pnpReader, CurrentState: scard.StateFlag(len(names) << 16)}}
	for _, st := range states {
		if st.Reader == pnpReader {
			continue
		}
		if slices.Contains(names, st.Reader) {
			next = append(next, st)
		} else if _, known := h.snap[st.Reader]; known {
			h.dropReaderLocked(st.Reader)
		}
	}
	for _, n := range names {
		if _, known := h.snap[n]; known {
			continue
		}
		h.snap[n] = ReaderStatus{Name: n}
		h.publishLocked(Event{Kind: EventReaderAttached, Reader: n})
		next = append(next, scard.ReaderState{Reader: n, CurrentState: scard.StateUnaware})
	}
	return next
}

// applyChanges turns new reader states into snapshot updates and events,
// and reports whether the reader list must be read again.
func (h *pcscHub) applyChanges(states []scard.ReaderState) (relist bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range states {
		st := &states[i]
		ev := st.EventState
		st.CurrentState = ev &^ scard.StateChanged
		if st.Reader == pnpReader {
			if ev&scard.StateChanged != 0 {
				relist = true
			}
			continue
		}
		if ev&(scard.StateUnknown|scard.StateUnavailable) != 0 {
			relist = true // the reader is going away
			continue
		}
		old, known := h.snap[st.Reader]
		if !known {
			continue
		}
		present := ev&scard.StatePresent != 0
		mute := ev&scard.StateMute != 0
		// The high 16 bits count insertions and removals: a card swapped
		// between two wake-ups shows as "present" both times, but with a
		// new count.
		counter := ev >> 16
		swapped := old.CardPresent && present && counter != h.counters[st.Reader]
		cur := ReaderStatus{Name: st.Reader, CardPresent: present, Mute: present && mute,
			InUse: present && ev&(scard.StateExclusive|scard.StateInuse) != 0}
		if present && !mute && len(st.Atr) > 0 {
			cur.ATR = append(HexBytes(nil), st.Atr...)
		}
		if old.CardPresent && (!present || swapped) {
			h.publishLocked(Event{Kind: EventCardRemoved, Reader: st.Reader})
		}
		if present && (!old.CardPresent || swapped) {
			h.publishLocked(Event{Kind: EventCardInserted, Reader: st.Reader, ATR: cur.ATR, Mute: cur.Mute})
		}
		h.snap[st.Reader] = cur
		h.counters[st.Reader] = counter
	}
	return relist
}

// watchContext follows readers through one PC/SC context until an error
// (returned) or stop (nil).
func (h *pcscHub) watchContext(r *hubRun, ctx *scard.Context, ready func()) error {
	var states []scard.ReaderState
	relist := true
	first := true
	for !r.stopping() {
		if relist {
			names, err := ctx.ListReaders()
			if err != nil && !errors.Is(err, scard.ErrNoReadersAvailable) {
				return err
			}
			states = h.syncReaders(states, names)
			relist = false
		}
		timeout := time.Duration(-1) // infinite
		if first {
			timeout = 0 // fill the snapshot now, even with nothing to wait for
		}
		err := ctx.GetStatusChange(states, timeout)
		switch {
		case err == nil:
		case errors.Is(err, scard.ErrTimeout):
		case errors.Is(err, scard.ErrCancelled):
			continue // stop requested: the loop condition sees it
		case errors.Is(err, scard.ErrUnknownReader), errors.Is(err, scard.ErrReaderUnavailable):
			relist = true // a reader vanished between listing and waiting
			continue
		default:
			return err
		}
		relist = h.applyChanges(states)
		if first {
			first = false
			h.mu.Lock()
			h.down = nil
			h.mu.Unlock()
			ready()
		}
	}
	return nil
}
