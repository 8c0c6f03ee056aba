package cardops

import (
	"context"
	"sync"
)

// DefaultVirtualReaderName names the in-process reader.
const DefaultVirtualReaderName = "spdesk Virtual Reader 00"

// VirtualReader is an in-process reader implementing [Provider], with a
// tray of virtual cards beside it. Cards are inserted and removed by method
// call, and the reader itself can be detached and attached again; Watch
// sees the same events PC/SC would give. Like a real reader it behaves to
// its user as hardware does: a mute card blocks Transmit until it is
// removed, a second connection while one is open is refused as "in use",
// and a connection from before a removal is dead.
type VirtualReader struct {
	name string
	fan  fanout

	mu       sync.Mutex
	attached bool
	tray     []*VirtualCard
	card     *VirtualCard  // inserted card, or nil
	gen      uint64        // bumped on every insertion and removal
	gone     chan struct{} // closed when the inserted card is removed
	inUse    bool          // a connection is open
}

// NewVirtualReader returns an attached, empty reader with the cards in its
// tray. An empty name is DefaultVirtualReaderName.
func NewVirtualReader(name string, tray ...*VirtualCard) *VirtualReader {
	if name == "" {
		name = DefaultVirtualReaderName
	}
	return &VirtualReader{name: name, attached: true, tray: tray}
}

// Name is the reader's name.
func (r *VirtualReader) Name() string { return r.name }

// Tray lists the cards beside the reader, inserted or not.
func (r *VirtualReader) Tray() []*VirtualCard {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*VirtualCard(nil), r.tray...)
}

// AddToTray puts a card beside the reader.
func (r *VirtualReader) AddToTray(c *VirtualCard) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tray = append(r.tray, c)
}

// Inserted is the card in the reader, or nil.
func (r *VirtualReader) Inserted() *VirtualCard {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.card
}

// Insert puts c into the reader (taking out any card already there) and
// powers it up. It reports false if the reader is detached.
func (r *VirtualReader) Insert(c *VirtualCard) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.attached {
		return false
	}
	r.removeLocked()
	c.Reset()
	r.card = c
	r.gen++
	r.gone = make(chan struct{})
	r.fan.publish(Event{Kind: EventCardInserted, Reader: r.name, ATR: c.ATR()})
	return true
}

// Remove takes the card out, if any. A transmit blocked on a mute card
// returns, as on real hardware.
func (r *VirtualReader) Remove() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.removeLocked()
}

func (r *VirtualReader) removeLocked() {
	if r.card == nil {
		return
	}
	r.card = nil
	r.gen++
	r.inUse = false
	close(r.gone)
	r.fan.publish(Event{Kind: EventCardRemoved, Reader: r.name})
}

// Detach unplugs the reader (removing its card first).
func (r *VirtualReader) Detach() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.attached {
		return
	}
	r.removeLocked()
	r.attached = false
	r.fan.publish(Event{Kind: EventReaderRemoved, Reader: r.name})
}

// Attach plugs the reader back in.
func (r *VirtualReader) Attach() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.attached {
		return
	}
	r.attached = true
	r.fan.publish(Event{Kind: EventReaderAttached, Reader: r.name})
}

// Readers implements Provider.
func (r *VirtualReader) Readers() ([]ReaderStatus, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.attached {
		return nil, nil
	}
	st := ReaderStatus{Name: r.name, InUse: r.inUse}
	if r.card != nil {
		st.CardPresent, st.ATR = true, r.card.ATR()
	}
	return []ReaderStatus{st}, nil
}

// Connect implements Provider.
func (r *VirtualReader) Connect(reader string) (Card, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case !r.attached || reader != r.name:
		return nil, newError(KindNoReader, "connect", "no reader %q", reader)
	case r.card == nil:
		return nil, newError(KindNoCard, "connect", "reader %q is empty", reader)
	case r.inUse:
		return nil, newError(KindReaderBusy, "connect", "reader %q is in use", reader)
	}
	r.inUse = true
	return &virtualConn{r: r, card: r.card, gen: r.gen, gone: r.gone}, nil
}

// Watch implements Provider.
func (r *VirtualReader) Watch(ctx context.Context) (<-chan Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var initial []Event
	if r.attached {
		initial = append(initial, Event{Kind: EventReaderAttached, Reader: r.name})
		if r.card != nil {
			initial = append(initial, Event{Kind: EventCardInserted, Reader: r.name, ATR: r.card.ATR()})
		}
	}
	// Subscribing under r.mu makes the snapshot and the subscription
	// atomic against Insert/Remove, which publish under r.mu.
	return r.fan.subscribe(ctx, initial, nil), nil
}

// virtualConn is one connection to the inserted card; it dies with the
// insertion it was made for.
type virtualConn struct {
	r    *VirtualReader
	card *VirtualCard
	gen  uint64
	gone chan struct{}

	closeOnce sync.Once
}

func (c *virtualConn) Reader() string { return c.r.name }
func (c *virtualConn) ATR() []byte    { return c.card.ATR() }

func (c *virtualConn) current() bool {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	return c.r.gen == c.gen
}

func (c *virtualConn) Transmit(cmd []byte) ([]byte, error) {
	if !c.current() {
		return nil, newError(KindRemoved, "transmit", "the card was removed")
	}
	resp, answered := c.card.Process(cmd)
	if !answered {
		<-c.gone // silent until pulled out, like the real thing
		return nil, newError(KindRemoved, "transmit", "the card was removed")
	}
	if !c.current() {
		// Removed while it was working: the answer never reaches us.
		return nil, newError(KindRemoved, "transmit", "the card was removed")
	}
	return resp, nil
}

func (c *virtualConn) Close() error {
	c.closeOnce.Do(func() {
		c.r.mu.Lock()
		defer c.r.mu.Unlock()
		if c.r.gen == c.gen {
			c.r.inUse = false
		}
	})
	return nil
}
