package cardops

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// EventKind says what happened to a reader or card.
type EventKind string

// The event kinds.
const (
	EventReaderAttached EventKind = "reader_attached"
	EventReaderRemoved  EventKind = "reader_removed"
	EventCardInserted   EventKind = "card_inserted"
	EventCardRemoved    EventKind = "card_removed"
	// EventError reports a problem with the reader system itself, e.g.
	// pcscd stopped; Err has the details. Watching carries on and reports
	// the readers again when the system comes back.
	EventError EventKind = "error"
)

// Event is one change seen by [Provider.Watch].
type Event struct {
	Kind   EventKind `json:"kind"`
	Reader string    `json:"reader,omitempty"`
	// ATR of an inserted card (empty if it gave none).
	ATR HexBytes `json:"atr,omitempty"`
	// Mute: an inserted card that gave no ATR.
	Mute bool      `json:"mute,omitempty"`
	Err  error     `json:"-"`
	At   time.Time `json:"at"`
}

// String renders the event as one line, the format of `spdesk card watch`.
func (e Event) String() string {
	var b strings.Builder
	b.WriteString(e.At.Format("15:04:05.000"))
	b.WriteByte(' ')
	b.WriteString(string(e.Kind))
	if e.Reader != "" {
		fmt.Fprintf(&b, " %q", e.Reader)
	}
	if len(e.ATR) > 0 {
		b.WriteString(" ATR ")
		b.WriteString(e.ATR.Spaced())
	}
	if e.Mute {
		b.WriteString(" (card gives no ATR)")
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " [%s] %v", KindOf(e.Err), e.Err)
	}
	return b.String()
}

// fanout delivers events to any number of subscribers. Publishing never
// blocks: each subscriber has its own unbounded queue drained by a pump
// goroutine, so a slow screen cannot stall the reader watcher, and no event
// is dropped.
type fanout struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	mu    sync.Mutex
	queue []Event
	wake  chan struct{} // capacity 1: "the queue grew"
}

// subscribe registers a subscriber whose channel first yields initial,
// then every published event, and is closed once ctx is done. gone runs
// (without f.mu held) after the subscriber is removed.
func (f *fanout) subscribe(ctx context.Context, initial []Event, gone func()) <-chan Event {
	now := time.Now()
	for i := range initial {
		if initial[i].At.IsZero() {
			initial[i].At = now
		}
	}
	s := &subscriber{queue: initial, wake: make(chan struct{}, 1)}
	s.wake <- struct{}{}
	f.mu.Lock()
	if f.subs == nil {
		f.subs = make(map[*subscriber]struct{})
	}
	f.subs[s] = struct{}{}
	f.mu.Unlock()

	out := make(chan Event)
	go func() {
		defer func() {
			f.mu.Lock()
			delete(f.subs, s)
			f.mu.Unlock()
			close(out)
			if gone != nil {
				gone()
			}
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
			}
			for {
				s.mu.Lock()
				if len(s.queue) == 0 {
					s.mu.Unlock()
					break
				}
				e := s.queue[0]
				s.queue = s.queue[1:]
				s.mu.Unlock()
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// publish queues e for every subscriber. Callers that need publish to be
// atomic with their own state changes hold their own lock around it.
func (f *fanout) publish(e Event) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		s.mu.Lock()
		s.queue = append(s.queue, e)
		s.mu.Unlock()
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}
