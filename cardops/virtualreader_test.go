package cardops

import (
	"context"
	"testing"
	"time"
)

// nextEvent waits (bounded) for the next event.
func nextEvent(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("event channel closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return Event{}
}

func TestVirtualReaderEvents(t *testing.T) {
	good := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("", good)
	r.Insert(good)
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := r.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What is already there comes first.
	if e := nextEvent(t, ch); e.Kind != EventReaderAttached || e.Reader != DefaultVirtualReaderName {
		t.Fatalf("first event %v", e)
	}
	if e := nextEvent(t, ch); e.Kind != EventCardInserted || e.ATR.String() != HexBytes(ProfileATR()).String() {
		t.Fatalf("second event %v", e)
	}
	r.Remove()
	r.Remove() // nothing to remove: no event
	r.Detach()
	r.Attach()
	foreign := newTestCard(t, VariantForeign, 0)
	r.Insert(foreign)
	r.Insert(good) // swap: removal then insertion
	want := []EventKind{EventCardRemoved, EventReaderRemoved, EventReaderAttached, EventCardInserted, EventCardRemoved, EventCardInserted}
	for i, w := range want {
		if e := nextEvent(t, ch); e.Kind != w {
			t.Fatalf("event %d = %v, want %s", i, e, w)
		}
	}
	cancel()
	for range ch { // closes once ctx is done
	}
	if r.Detach(); r.Insert(good) {
		t.Error("inserted into a detached reader")
	}
	if got, _ := r.Readers(); len(got) != 0 {
		t.Errorf("detached reader listed: %+v", got)
	}
}

func TestVirtualReaderConnect(t *testing.T) {
	good := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("tray reader", good)
	if _, err := r.Connect("tray reader"); KindOf(err) != KindNoCard {
		t.Errorf("empty reader: %v", err)
	}
	if _, err := r.Connect("other"); KindOf(err) != KindNoReader {
		t.Errorf("unknown reader: %v", err)
	}
	r.Insert(good)
	c, err := r.Connect("tray reader")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := r.Readers(); !st[0].InUse || !st[0].CardPresent {
		t.Errorf("status %+v", st)
	}
	if _, err := r.Connect("tray reader"); KindOf(err) != KindReaderBusy {
		t.Errorf("second connection: %v", err)
	}
	r.Remove()
	r.Insert(good)
	// A connection from before the removal is dead, even though the same
	// card is back.
	if _, err := c.Transmit(mustHex(t, apduSelectApp)); KindOf(err) != KindRemoved {
		t.Errorf("stale connection: %v", err)
	}
	c.Close()
	if c2, err := r.Connect("tray reader"); err != nil {
		t.Errorf("reconnect after removal: %v", err)
	} else {
		c2.Close()
	}
	if len(r.Tray()) != 1 || r.Inserted() != good {
		t.Error("tray or inserted card wrong")
	}
}

func TestVirtualReaderMuteBlocksUntilRemoved(t *testing.T) {
	mute := newTestCard(t, VariantMute, 0)
	r := NewVirtualReader("", mute)
	r.Insert(mute)
	c, err := r.Connect(r.Name())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.Transmit(mustHex(t, apduSelectApp))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("mute card answered: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	r.Remove()
	select {
	case err := <-done:
		if KindOf(err) != KindRemoved {
			t.Errorf("after removal: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("transmit still blocked after removal")
	}
}
