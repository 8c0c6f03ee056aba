package cardops

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"errors"
	"fmt"
	"time"
)

// Options tune a card test. The zero value works: demo master key,
// DefaultTimeout, the whole test within TestDeadlineFactor of it, the wall
// clock, pcsc-tools' ATR list if installed.
type Options struct {
	MasterKey []byte
	Timeout   time.Duration // per transmit; also bounds connect
	// Deadline bounds the whole test (0: TestDeadlineFactor × Timeout).
	// Timeout alone does not: a card may answer every command just in
	// time and ask for "more data" again and again.
	Deadline time.Duration
	// Now gives today for the expiry check: the calendar day in the
	// returned time's own location, so callers pass a Tokyo time (card
	// expiry days are Tokyo days). Nil is time.Now, the machine's zone.
	Now   func() time.Time
	Names *ATRList // names foreign cards
}

// TestDeadlineFactor × the transmit timeout is the default deadline of a
// whole card test: a good card needs about ten commands of milliseconds
// each, so this leaves a slow but honest card room and stops a card that
// drags every answer out. The console has used the same figure.
const TestDeadlineFactor = 8

// ErrTestDeadline is the cause of a card test stopped at its overall
// deadline (Options.Deadline): the card kept answering, too slowly.
// AdviceFor has its own advice for it.
var ErrTestDeadline = errors.New("the whole card test took longer than its limit")

// Step names, stable for UI catalogs.
const (
	StepReader   = "reader"
	StepConnect  = "connect"
	StepATR      = "atr"
	StepSelect   = "select_application"
	StepReadData = "read_card_data"
	StepTries    = "tries_left"
	StepGenuine  = "genuine"
	StepExpiry   = "expiry"
)

// Step is one check of the card test.
type Step struct {
	Name    string        `json:"name"`
	OK      bool          `json:"ok"`
	Kind    ErrorKind     `json:"kind,omitempty"` // what a failed step found
	Detail  string        `json:"detail,omitempty"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Result is what the card itself shows. The final verdict also needs the
// database's view: see Verdict.
type Result struct {
	Reader   string   `json:"reader"`
	ATR      HexBytes `json:"atr"`
	ATRValid bool     `json:"atr_valid"`
	// CardNames are smartcard_list.txt's names for a card that is not
	// ours.
	CardNames []string `json:"card_names,omitempty"`
	// Profile: our application answered SELECT.
	Profile   bool      `json:"profile"`
	CardNo    string    `json:"card_no,omitempty"`
	MemberNo  string    `json:"member_no,omitempty"`
	Kind      CardKind  `json:"kind,omitempty"`
	Company   string    `json:"company,omitempty"`
	Issued    time.Time `json:"issued"`
	Expires   time.Time `json:"expires"`
	TriesLeft int       `json:"tries_left"` // -1 when unknown
	Blocked   bool      `json:"blocked"`
	Genuine   bool      `json:"genuine"`
	Steps     []Step    `json:"steps"`
	// ErrorKind is the most important finding: the failure that stopped
	// the test, else the worst of bad_atr, corrupt, bad_mac, expired,
	// blocked, tries_left; KindNone for a card in order.
	ErrorKind ErrorKind `json:"error_kind,omitempty"`
	Err       error     `json:"-"`
	// Verdict is what the card alone supports, as if the database knew
	// it as active; Verdict(result, db, today) gives the real one.
	Verdict  VerdictCode   `json:"verdict"`
	Duration time.Duration `json:"duration_ns"`
}

// DataRead reports whether the card data was read and valid.
func (r *Result) DataRead() bool { return r.CardNo != "" }

// RunCardTest tests the card in reader (the first reader holding a card if
// reader is empty) through p: connect, ATR and its TCK, SELECT of our
// application, the card data, password tries left (VERIFY without data,
// which spends no try) and genuineness (INTERNAL AUTHENTICATE with a fresh
// random challenge). It never returns nil; failures are in the Result.
func RunCardTest(ctx context.Context, p Provider, reader string, opt Options) *Result {
	t := &cardTest{opt: opt, r: &Result{Reader: reader, TriesLeft: -1}, start: time.Now()}
	if t.opt.MasterKey == nil {
		t.opt.MasterKey = DemoMasterKey()
	}
	if t.opt.Timeout <= 0 {
		t.opt.Timeout = DefaultTimeout
	}
	if t.opt.Now == nil {
		t.opt.Now = time.Now
	}
	if t.opt.Deadline <= 0 {
		t.opt.Deadline = TestDeadlineFactor * t.opt.Timeout
	}
	tctx, cancel := context.WithTimeout(ctx, t.opt.Deadline)
	defer cancel()
	t.run(tctx, p)
	t.overDeadline(tctx)
	r := t.r
	r.Verdict = Verdict(r, DBCard{Found: true, MemberNo: r.MemberNo, Status: DBActive}, t.opt.Now())
	r.Duration = time.Since(t.start)
	return r
}

type cardTest struct {
	opt      Options
	r        *Result
	start    time.Time
	last     time.Time
	findings []ErrorKind // non-fatal, in the order found
}

// step records a check; a failed one with a kind is a finding.
func (t *cardTest) step(name string, ok bool, kind ErrorKind, format string, args ...any) {
	now := time.Now()
	if t.last.IsZero() {
		t.last = t.start
	}
	s := Step{Name: name, OK: ok, Kind: kind, Detail: fmt.Sprintf(format, args...), Elapsed: now.Sub(t.last)}
	t.last = now
	t.r.Steps = append(t.r.Steps, s)
	if kind != KindNone {
		t.findings = append(t.findings, kind)
	}
}

// fail records a failed step that ends the test.
func (t *cardTest) fail(name string, err error) {
	kind := KindOf(err)
	t.step(name, false, KindNone, "%v", err)
	t.r.ErrorKind, t.r.Err = kind, err
	t.r.Steps[len(t.r.Steps)-1].Kind = kind
}

// overDeadline tells a test stopped by the deadline of ctx (ours or the
// caller's) from other failures: the step that was cut off says so, and
// the kind is KindMute (the card did not finish answering in time), so
// the operator is told to take it out.
func (t *cardTest) overDeadline(ctx context.Context) {
	if !errors.Is(t.r.Err, context.DeadlineExceeded) || ctx.Err() == nil {
		return
	}
	limit := t.opt.Deadline
	if dl, ok := ctx.Deadline(); ok && dl.Sub(t.start) < limit {
		limit = dl.Sub(t.start) // the caller's deadline came first
	}
	last := &t.r.Steps[len(t.r.Steps)-1]
	err := &Error{Kind: KindMute, Op: last.Name, Err: fmt.Errorf("%w (%v): the card answers too slowly",
		ErrTestDeadline, limit.Round(time.Millisecond))}
	last.Kind, last.Detail = KindMute, err.Err.Error()
	t.r.ErrorKind, t.r.Err = KindMute, err
}

// findingOrder ranks the non-fatal findings, worst first. The order matches
// Verdict: a card that cannot be read or trusted says so before anything
// about its expiry or password.
var findingOrder = []ErrorKind{KindCorrupt, KindBadATR, KindBadMAC, KindExpired, KindBlocked, KindTriesLeft}

func (t *cardTest) run(ctx context.Context, p Provider) {
	defer func() {
		if t.r.ErrorKind != KindNone {
			return
		}
		for _, k := range findingOrder {
			for _, f := range t.findings {
				if f == k {
					t.r.ErrorKind = k
					return
				}
			}
		}
	}()
	if p == nil {
		t.fail(StepReader, newError(KindNoReader, "card test", "no reader system"))
		return
	}
	if !t.pickReader(p) {
		return
	}
	reader := t.r.Reader
	card, err := callWithDeadline(ctx, "connect", t.opt.Timeout,
		func() (Card, error) { return p.Connect(reader) },
		func(c Card, err error) {
			stuckReaders.add(reader, -1)
			if err == nil {
				go c.Close()
			}
		})
	switch {
	case isGiveUp(err):
		stuckReaders.add(reader, +1)
	case KindOf(err) == KindReaderBusy && stuckReaders.stuck(reader):
		// Our own earlier connection is still waiting on this card.
		err = newError(KindMute, "connect", "the card has not answered an earlier command; remove it")
	}
	if err != nil {
		t.fail(StepConnect, err)
		return
	}
	s := NewSession(card, t.opt.Timeout)
	defer s.Close()
	t.step(StepConnect, true, KindNone, "connected")

	ours := t.checkATR(card.ATR())
	if !t.selectApp(ctx, s, ours) {
		return
	}
	if !t.readData(ctx, s) {
		return
	}
	if !t.triesLeft(ctx, s) {
		return
	}
	if t.r.DataRead() {
		if !t.genuine(ctx, s) {
			return
		}
		today := DateOnly(t.opt.Now())
		if today.After(t.r.Expires) {
			t.step(StepExpiry, false, KindExpired, "expired on %s", t.r.Expires.Format(time.DateOnly))
		} else {
			t.step(StepExpiry, true, KindNone, "valid through %s", t.r.Expires.Format(time.DateOnly))
		}
	}
}

func (t *cardTest) pickReader(p Provider) bool {
	readers, err := p.Readers()
	if err != nil {
		t.fail(StepReader, err)
		return false
	}
	var found *ReaderStatus
	for i := range readers {
		rd := &readers[i]
		if (t.r.Reader == "" && rd.CardPresent) || (t.r.Reader != "" && rd.Name == t.r.Reader) {
			found = rd
			break
		}
	}
	switch {
	case found == nil && len(readers) == 0:
		t.fail(StepReader, newError(KindNoReader, "card test", "no reader attached"))
		return false
	case found == nil && t.r.Reader == "":
		t.r.Reader = readers[0].Name
		t.fail(StepReader, newError(KindNoCard, "card test", "no card in any reader"))
		return false
	case found == nil:
		t.fail(StepReader, newError(KindNoReader, "card test", "no reader %q", t.r.Reader))
		return false
	case !found.CardPresent:
		t.r.Reader = found.Name
		t.fail(StepReader, newError(KindNoCard, "card test", "no card in %q", found.Name))
		return false
	}
	t.r.Reader = found.Name
	t.step(StepReader, true, KindNone, "%s", found.Name)
	return true
}

// checkATR records the ATR and reports whether it claims to be ours.
func (t *cardTest) checkATR(raw []byte) bool {
	t.r.ATR = append(HexBytes(nil), raw...)
	atr, err := ParseATR(raw)
	t.r.ATRValid = err == nil
	ours := IsProfileATR(atr)
	if !ours {
		names := t.opt.Names
		if names == nil {
			names = DefaultATRList()
		}
		t.r.CardNames = names.Lookup(raw)
	}
	switch {
	case err != nil && ours:
		t.step(StepATR, false, KindBadATR, "%v", err)
	case err != nil:
		// A foreign card's malformed ATR is its issuer's business; the
		// SELECT below decides what we say.
		t.step(StepATR, false, KindNone, "%v", err)
	case ours:
		t.step(StepATR, true, KindNone, "Safety Pass ATR, TCK correct")
	default:
		t.step(StepATR, true, KindNone, "not the Safety Pass ATR")
	}
	return ours
}

// selectApp SELECTs our application; the first command after every
// connect, since another program may have left the card in any state.
func (t *cardTest) selectApp(ctx context.Context, s *Session, ours bool) bool {
	resp, err := s.Exchange(ctx, cmdSelectApp)
	if err != nil {
		t.fail(StepSelect, err)
		return false
	}
	if !resp.OK() {
		kind := KindForeign
		if ours {
			kind = KindWrongAID
		}
		t.fail(StepSelect, swError(kind, "select application", resp.SW))
		return false
	}
	t.r.Profile = true
	t.step(StepSelect, true, KindNone, "application answered")
	return true
}

// readData reads and parses the card data; false means stop the test.
// Corrupt data is a finding, not a stop: tries left still tells the
// operator something.
func (t *cardTest) readData(ctx context.Context, s *Session) bool {
	resp, err := s.Exchange(ctx, cmdSelectEF)
	if err != nil {
		t.fail(StepReadData, err)
		return false
	}
	if !resp.OK() {
		t.step(StepReadData, false, KindCorrupt, "SELECT of the card data file answered %04X", resp.SW)
		return true
	}
	if resp, err = s.Exchange(ctx, cmdReadData); err != nil {
		t.fail(StepReadData, err)
		return false
	}
	if !resp.OK() {
		t.step(StepReadData, false, KindCorrupt, "READ BINARY answered %04X", resp.SW)
		return true
	}
	d, err := ParseCardData(resp.Data)
	if err != nil {
		t.step(StepReadData, false, KindCorrupt, "%v", err)
		return true
	}
	r := t.r
	r.CardNo, r.MemberNo, r.Kind, r.Company = d.CardNo, d.MemberNo, d.Kind, d.Company
	r.Issued, r.Expires = d.Issued, d.Expires
	t.step(StepReadData, true, KindNone, "card %s, member %s, %s", d.CardNo, d.MemberNo, d.Kind)
	return true
}

func (t *cardTest) triesLeft(ctx context.Context, s *Session) bool {
	resp, err := s.Exchange(ctx, cmdTriesLeft)
	if err != nil {
		t.fail(StepTries, err)
		return false
	}
	switch {
	case resp.SW == SWBlocked:
		t.r.Blocked, t.r.TriesLeft = true, 0
		t.step(StepTries, false, KindBlocked, "password blocked")
	case resp.SW&0xFFF0 == swTriesLeftFamily:
		n := int(resp.SW & 0x000F)
		t.r.TriesLeft = n
		switch {
		case n == 0:
			t.r.Blocked = true
			t.step(StepTries, false, KindBlocked, "password blocked")
		case n < ProfileTries:
			t.step(StepTries, false, KindTriesLeft, "%d of %d tries left", n, ProfileTries)
		default:
			t.step(StepTries, true, KindNone, "%d of %d tries left", n, ProfileTries)
		}
	default:
		t.step(StepTries, false, KindCorrupt, "VERIFY without data answered %04X", resp.SW)
	}
	return true
}

func (t *cardTest) genuine(ctx context.Context, s *Session) bool {
	challenge := make([]byte, ChallengeLen)
	if _, err := rand.Read(challenge); err != nil {
		t.fail(StepGenuine, newError(KindIO, "challenge", "%v", err))
		return false
	}
	resp, err := s.Exchange(ctx, cmdInternalAuth(challenge))
	if err != nil {
		t.fail(StepGenuine, err)
		return false
	}
	if !resp.OK() || len(resp.Data) != ChallengeLen {
		t.step(StepGenuine, false, KindBadMAC, "INTERNAL AUTHENTICATE answered %d bytes, %04X", len(resp.Data), resp.SW)
		return true
	}
	want := CardMAC(CardKey(t.opt.MasterKey, t.r.CardNo), challenge)
	if !hmac.Equal(resp.Data, want) {
		t.step(StepGenuine, false, KindBadMAC, "the card's answer does not match the issuer key")
		return true
	}
	t.r.Genuine = true
	t.step(StepGenuine, true, KindNone, "answer matches the issuer key")
	return true
}
