package cardops

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"spdesk/store/luhn"
)

// Variant is how a virtual card behaves: by the profile, or misbehaving
// the way real cards do.
type Variant string

// The variants.
const (
	VariantGood      Variant = "good"       // standard card, all well
	VariantCredit    Variant = "credit"     // credit-function card, all well
	VariantBlocked   Variant = "blocked"    // password blocked: VERIFY answers 6983
	VariantTriesLeft Variant = "tries-left" // N tries left: VERIFY answers 63CN
	VariantExpired   Variant = "expired"    // expiry date in the past
	VariantBadMAC    Variant = "badmac"     // INTERNAL AUTHENTICATE answers a wrong MAC
	VariantForeign   Variant = "foreign"    // another issuer's card: foreign ATR, no application
	VariantCorrupt   Variant = "corrupt"    // card data TLV malformed
	VariantMute      Variant = "mute"       // gives its ATR, then never answers a command
)

// Variants lists every variant, for help texts.
func Variants() []Variant {
	return []Variant{VariantGood, VariantCredit, VariantBlocked, VariantTriesLeft, VariantExpired,
		VariantBadMAC, VariantForeign, VariantCorrupt, VariantMute}
}

// ParseVariant reads a variant name; tries-left takes a count as
// "tries-left:3" or "tries-left=3" (1-9), returned as the int. Other
// variants return 0.
func ParseVariant(s string) (Variant, int, error) {
	name, arg, hasArg := strings.Cut(strings.TrimSpace(strings.ToLower(s)), ":")
	if !hasArg {
		name, arg, hasArg = strings.Cut(name, "=")
	}
	v := Variant(name)
	if v == VariantTriesLeft {
		if !hasArg {
			return "", 0, fmt.Errorf("variant tries-left needs a count, e.g. tries-left:3")
		}
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n >= ProfileTries {
			return "", 0, fmt.Errorf("variant tries-left: count %q must be 1 to %d", arg, ProfileTries-1)
		}
		return v, n, nil
	}
	if knownVariant(v) {
		if hasArg {
			return "", 0, fmt.Errorf("variant %s takes no count", v)
		}
		return v, 0, nil
	}
	return "", 0, fmt.Errorf("unknown card variant %q (want one of %s)", s, variantList())
}

func knownVariant(v Variant) bool {
	for _, known := range Variants() {
		if v == known {
			return true
		}
	}
	return false
}

func variantList() string {
	var names []string
	for _, v := range Variants() {
		names = append(names, string(v))
	}
	return strings.Join(names, ", ")
}

// ForeignATR is the ATR of the foreign variant: a Japanese JPKI card
// (マイナンバーカード), which smartcard_list.txt names.
func ForeignATR() []byte {
	return []byte{0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05, 0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F}
}

// VirtualCardSpec is what a virtual card carries.
type VirtualCardSpec struct {
	CardData
	TriesLeft int    // 0..10; VariantBlocked forces 0
	MasterKey []byte // issuer master key the card key is derived from
	Variant   Variant
	// Slow, when set, makes the card drag every answer out: each command
	// is answered 61xx ("more data") and so is every GET RESPONSE but the
	// last of slowChain, each answer after this long. Every single answer
	// comes within a transmit deadline a little longer than Slow, yet the
	// whole test takes many times that: the misbehaviour only an overall
	// deadline catches. Any variant can be slow.
	Slow time.Duration
}

// slowChain is how many GET RESPONSEs a slow card asks for per command:
// the most a Session follows (maxGetResponse) but one, so each command
// still ends well.
const slowChain = maxGetResponse - 1

// VirtualCard is an in-memory card speaking the profile exactly: every
// status word and out-of-order rule of DESIGN.md, and an answer to
// anything else a PC/SC tool probes with. Plug it into a [VirtualReader] or
// into pcscd with [ServeVPCD]. Safe for concurrent use.
type VirtualCard struct {
	spec    VirtualCardSpec
	atr     []byte
	data    []byte // card data file
	cardKey []byte

	mu        sync.Mutex
	triesLeft int
	appOK     bool      // application selected
	efOK      bool      // card data EF selected
	commands  int       // commands received, answered or not
	pending   *Response // a slow card's answer, held back for GET RESPONSE
	chained   int       // GET RESPONSEs answered for pending so far

	// onCommand, if set, sees each command before it is processed; tests
	// use it to pull the card out mid-test.
	onCommand func(cmd []byte)
}

// NewVirtualCard builds a card from spec, checking the data as the profile
// requires. The corrupt variant then breaks its data file on purpose.
func NewVirtualCard(spec VirtualCardSpec) (*VirtualCard, error) {
	if spec.Variant == "" {
		spec.Variant = VariantGood
	}
	if !knownVariant(spec.Variant) {
		return nil, fmt.Errorf("virtual card: unknown variant %q", spec.Variant)
	}
	if spec.Slow < 0 {
		return nil, fmt.Errorf("virtual card: negative answer delay %v", spec.Slow)
	}
	if spec.TriesLeft < 0 || spec.TriesLeft > ProfileTries {
		return nil, fmt.Errorf("virtual card: tries left %d outside 0..%d", spec.TriesLeft, ProfileTries)
	}
	if spec.Variant == VariantTriesLeft && (spec.TriesLeft == 0 || spec.TriesLeft == ProfileTries) {
		return nil, fmt.Errorf("virtual card: variant tries-left needs 1..%d tries, not %d", ProfileTries-1, spec.TriesLeft)
	}
	if len(spec.MasterKey) == 0 {
		return nil, errors.New("virtual card: no master key")
	}
	data, err := spec.CardData.Encode()
	if err != nil {
		return nil, fmt.Errorf("virtual card: %w", err)
	}
	c := &VirtualCard{
		spec:      spec,
		atr:       ProfileATR(),
		data:      data,
		cardKey:   CardKey(spec.MasterKey, spec.CardNo),
		triesLeft: spec.TriesLeft,
	}
	switch spec.Variant {
	case VariantBlocked:
		c.triesLeft = 0
	case VariantForeign:
		c.atr = ForeignATR()
	case VariantCorrupt:
		// The expiry's length byte runs past the end of the file: the
		// fault a torn write leaves behind.
		c.data = append(append([]byte(nil), data...), 0x5F, 0x24, 0x20, 0x29)
	}
	return c, nil
}

// VirtualCardFor builds a demo card of a variant, as `spdesk card virtual`
// does: tries is the count for VariantTriesLeft; empty cardNo and memberNo
// take demo numbers; a nil masterKey is DemoMasterKey. Issued a year before
// now and valid five years (the expired variant: issued six years ago);
// the credit variant's company is "JCB".
func VirtualCardFor(v Variant, tries int, cardNo, memberNo string, masterKey []byte, now time.Time) (*VirtualCard, error) {
	if cardNo == "" {
		cardNo = "980000000000001" + string(luhn.Digit("980000000000001"))
	}
	if memberNo == "" {
		memberNo = "100000001" + string(luhn.Digit("100000001"))
	}
	if masterKey == nil {
		masterKey = DemoMasterKey()
	}
	today := DateOnly(now)
	issued := today.AddDate(-1, 0, 0)
	if v == VariantExpired {
		issued = today.AddDate(-6, 0, 0)
	}
	spec := VirtualCardSpec{
		CardData: CardData{
			CardNo: cardNo, MemberNo: memberNo, Kind: CardStandard,
			Issued: issued, Expires: issued.AddDate(5, 0, -1),
		},
		TriesLeft: ProfileTries,
		MasterKey: masterKey,
		Variant:   v,
	}
	if v == VariantCredit {
		spec.Kind, spec.Company = CardCredit, "JCB"
	}
	if v == VariantTriesLeft {
		spec.TriesLeft = tries
	}
	return NewVirtualCard(spec)
}

// Spec is what the card was built from.
func (c *VirtualCard) Spec() VirtualCardSpec { return c.spec }

// ATR is the card's answer to reset.
func (c *VirtualCard) ATR() []byte { return append([]byte(nil), c.atr...) }

// Commands is how many command APDUs the card has received.
func (c *VirtualCard) Commands() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.commands
}

// TriesLeft is the card's current password try counter.
func (c *VirtualCard) TriesLeft() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.triesLeft
}

// Reset is a power-on or reset: nothing stays selected.
func (c *VirtualCard) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.appOK, c.efOK = false, false
}

// Process answers one command APDU. answered is false when the card stays
// silent (the mute variant): the caller must then wait, as a reader would,
// until the card is removed.
func (c *VirtualCard) Process(apdu []byte) (resp []byte, answered bool) {
	if hook := c.onCommandHook(); hook != nil {
		hook(apdu)
	}
	if c.spec.Slow > 0 && c.spec.Variant != VariantMute {
		time.Sleep(c.spec.Slow) // outside the lock: Commands stays readable
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.commands++
	if c.spec.Variant == VariantMute {
		return nil, false
	}
	if c.spec.Slow > 0 {
		return c.processSlow(apdu).Bytes(), true
	}
	r := c.process(apdu)
	return r.Bytes(), true
}

// processSlow answers as process does, but only at the end of a chain of
// 61xx answers: the command and the GET RESPONSEs before the last get
// "more data" and nothing else. c.mu is held.
func (c *VirtualCard) processSlow(apdu []byte) Response {
	more := func() Response {
		n := 0
		if c.pending != nil {
			n = len(c.pending.Data)
		}
		return sw(uint16(swMoreDataFamily)<<8 | uint16(byte(n))) // 6100 is "256 or fewer"
	}
	if len(apdu) >= 2 && apdu[0]&0xFC == 0x00 && apdu[1] == insGetResponse && c.pending != nil {
		if c.chained++; c.chained < slowChain {
			return more()
		}
		r := *c.pending
		c.pending, c.chained = nil, 0
		return r
	}
	r := c.process(apdu)
	c.pending, c.chained = &r, 0
	return more()
}

// setOnCommand installs the test hook; see onCommand.
func (c *VirtualCard) setOnCommand(f func(cmd []byte)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onCommand = f
}

func (c *VirtualCard) onCommandHook() func([]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.onCommand
}

func sw(code uint16) Response { return Response{SW: code} }

// process dispatches one command; c.mu is held.
func (c *VirtualCard) process(apdu []byte) Response {
	// Class and instruction are judged before the length fields, as a
	// card's dispatcher does.
	if len(apdu) < 4 {
		return sw(SWWrongLength)
	}
	if apdu[0] != 0x00 {
		return sw(SWCLANotSupported)
	}
	switch apdu[1] {
	case 0xA4, 0xB0, 0x20, 0x88, insGetResponse:
	default:
		return sw(SWINSNotSupported)
	}
	cmd, err := ParseCommand(apdu)
	if err != nil {
		return sw(SWWrongLength)
	}
	switch cmd.INS {
	case 0xA4:
		return c.selectFile(cmd)
	case 0xB0:
		return c.readBinary(cmd)
	case 0x20:
		return c.verify(cmd)
	case 0x88:
		return c.internalAuthenticate(cmd)
	default: // GET RESPONSE: this card never leaves data waiting
		return sw(SWNotAllowed)
	}
}

func (c *VirtualCard) hasApplication() bool { return c.spec.Variant != VariantForeign }

func (c *VirtualCard) selectFile(cmd Command) Response {
	switch {
	case cmd.P1 == 0x04 && (cmd.P2 == 0x00 || cmd.P2 == 0x0C): // by DF name
		if c.hasApplication() && string(cmd.Data) == string(ProfileAID()) {
			c.appOK, c.efOK = true, false
			return sw(SWOK) // no FCI
		}
		// Another application (opensc probes several under our RID):
		// not here, and as ISO 7816-4 has it a failed SELECT leaves the
		// current selection as it was.
		return sw(SWNotFound)
	case cmd.P1 == 0x02: // EF under the current DF
		if len(cmd.Data) != 2 {
			return sw(SWWrongLength)
		}
		if !c.appOK || cmd.Data[0] != 0x01 || cmd.Data[1] != 0x01 {
			return sw(SWNotFound)
		}
		c.efOK = true
		return sw(SWOK)
	default:
		// MF, paths, parents: the profile has no file there.
		return sw(SWNotFound)
	}
}

func (c *VirtualCard) readBinary(cmd Command) Response {
	if len(cmd.Data) > 0 {
		return sw(SWWrongLength)
	}
	if !c.efOK || cmd.P1&0x80 != 0 { // no current EF; short EF ids unsupported
		return sw(SWNotAllowed)
	}
	off := int(cmd.P1)<<8 | int(cmd.P2)
	if off > len(c.data) {
		return sw(SWWrongOffset)
	}
	avail := min(len(c.data)-off, maxShortNe)
	switch {
	case cmd.Ne == maxShortNe || (cmd.Ne > 0 && cmd.Ne <= avail):
		// Le 00 means "up to 256": return what there is.
		n := min(cmd.Ne, avail)
		return Response{Data: append([]byte(nil), c.data[off:off+n]...), SW: SWOK}
	default: // no Le, or more than there is
		return sw(uint16(swWrongLeFamily)<<8 | uint16(byte(avail)))
	}
}

func (c *VirtualCard) verify(cmd Command) Response {
	if !c.appOK {
		return sw(SWSecurityStatus)
	}
	if cmd.P1 != 0x00 || cmd.P2 != 0x81 {
		return sw(SWNotFound) // no such password
	}
	if len(cmd.Data) > 0 && cmd.Ne > 0 {
		return sw(SWWrongLength) // VERIFY returns no data
	}
	if c.triesLeft == 0 {
		return sw(SWBlocked)
	}
	if len(cmd.Data) > 0 {
		// A presented password: this card knows none, so it is wrong,
		// and it costs a try exactly as on a real card.
		c.triesLeft--
		if c.triesLeft == 0 {
			return sw(SWBlocked)
		}
	}
	return sw(swTriesLeftFamily | uint16(c.triesLeft))
}

func (c *VirtualCard) internalAuthenticate(cmd Command) Response {
	if !c.appOK {
		return sw(SWSecurityStatus)
	}
	if cmd.P1 != 0x00 || cmd.P2 != 0x00 {
		return sw(SWNotFound) // no such key
	}
	if len(cmd.Data) != ChallengeLen {
		return sw(SWWrongLength)
	}
	if cmd.Ne != maxShortNe && cmd.Ne != ChallengeLen {
		return sw(uint16(swWrongLeFamily)<<8 | ChallengeLen)
	}
	mac := CardMAC(c.cardKey, cmd.Data)
	if c.spec.Variant == VariantBadMAC {
		// A copy made without the issuer's key: right length, wrong
		// bytes.
		mac = CardMAC(CardKey([]byte("not the issuer's master key"), c.spec.CardNo), cmd.Data)
	}
	return Response{Data: mac, SW: SWOK}
}
