package cardops

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func testOptions() Options {
	return Options{Now: func() time.Time { return testNow }, Timeout: time.Second}
}

// activeDB is the database's view of a card it knows as active.
func activeDB(r *Result) DBCard {
	return DBCard{Found: true, MemberNo: r.MemberNo, Status: DBActive, Kind: r.Kind.String()}
}

// variantCase is one variant and what the card test must make of it, shared
// by the in-process and the PC/SC tests.
type variantCase struct {
	variant Variant
	tries   int
	kind    ErrorKind
	verdict VerdictCode
	check   func(t *testing.T, r *Result)
}

var variantCases = []variantCase{
	{VariantGood, 0, KindNone, VerdictOK, func(t *testing.T, r *Result) {
		if !r.ATRValid || !r.Profile || !r.Genuine || r.TriesLeft != 10 || r.Blocked || r.Kind != CardStandard {
			t.Errorf("good card: %+v", r)
		}
	}},
	{VariantCredit, 0, KindNone, VerdictOK, func(t *testing.T, r *Result) {
		if r.Kind != CardCredit || r.Company != "JCB" {
			t.Errorf("credit card: kind %v company %q", r.Kind, r.Company)
		}
	}},
	{VariantBlocked, 0, KindBlocked, VerdictBlocked, func(t *testing.T, r *Result) {
		if !r.Blocked || r.TriesLeft != 0 || !r.Genuine {
			t.Errorf("blocked card: %+v", r)
		}
	}},
	{VariantTriesLeft, 3, KindTriesLeft, VerdictOK, func(t *testing.T, r *Result) {
		if r.TriesLeft != 3 || r.Blocked {
			t.Errorf("tries-left card: %+v", r)
		}
	}},
	{VariantExpired, 0, KindExpired, VerdictExpired, nil},
	{VariantBadMAC, 0, KindBadMAC, VerdictNotGenuine, func(t *testing.T, r *Result) {
		if r.Genuine || r.CardNo == "" {
			t.Errorf("badmac card: %+v", r)
		}
	}},
	{VariantForeign, 0, KindForeign, VerdictForeign, func(t *testing.T, r *Result) {
		if r.Profile || !r.ATRValid {
			t.Errorf("foreign card: %+v", r)
		}
		if DefaultATRList() != nil && len(r.CardNames) == 0 {
			t.Error("foreign card not named from smartcard_list.txt")
		}
	}},
	{VariantCorrupt, 0, KindCorrupt, VerdictUnreadable, func(t *testing.T, r *Result) {
		if !r.Profile || r.CardNo != "" || r.TriesLeft != 10 {
			t.Errorf("corrupt card: %+v", r)
		}
	}},
}

func checkVariant(t *testing.T, tc variantCase, r *Result) {
	t.Helper()
	if r.ErrorKind != tc.kind {
		t.Errorf("error kind %q, want %q; steps %+v", r.ErrorKind, tc.kind, r.Steps)
	}
	if got := Verdict(r, activeDB(r), testNow); got != tc.verdict {
		t.Errorf("verdict %q, want %q", got, tc.verdict)
	}
	if r.Verdict != tc.verdict {
		t.Errorf("card-side verdict %q, want %q", r.Verdict, tc.verdict)
	}
	if tc.check != nil {
		tc.check(t, r)
	}
}

func TestCardTestVirtualVariants(t *testing.T) {
	for _, tc := range variantCases {
		t.Run(string(tc.variant), func(t *testing.T) {
			card := newTestCard(t, tc.variant, tc.tries)
			r := NewVirtualReader("", card)
			r.Insert(card)
			res := RunCardTest(context.Background(), r, "", testOptions())
			checkVariant(t, tc, res)
			if card.TriesLeft() != res.TriesLeft && res.TriesLeft >= 0 {
				t.Error("the card test spent a password try")
			}
		})
	}
}

func TestCardTestMuteVirtual(t *testing.T) {
	mute := newTestCard(t, VariantMute, 0)
	good := newTestCard(t, VariantGood, 0)
	// Its own reader name: the stuck-reader registry is process-wide.
	r := NewVirtualReader("mute test reader", mute, good)
	r.Insert(mute)
	opt := testOptions()
	opt.Timeout = 100 * time.Millisecond
	start := time.Now()
	res := RunCardTest(context.Background(), r, "", opt)
	if res.ErrorKind != KindMute || res.Verdict != VerdictUnreadable {
		t.Fatalf("mute: kind %q verdict %q", res.ErrorKind, res.Verdict)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("mute card held the test %v", d)
	}
	if res.Reader != r.Name() || !res.ATRValid || res.Profile {
		t.Errorf("mute result: %+v", res)
	}
	// Operator removes it; the reader is usable again.
	r.Remove()
	r.Insert(good)
	if res := RunCardTest(context.Background(), r, "", testOptions()); res.Verdict != VerdictOK {
		t.Errorf("after the mute card: %q %+v", res.Verdict, res.Steps)
	}
}

func TestCardTestRemovedMidway(t *testing.T) {
	card := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("", card)
	r.Insert(card)
	card.setOnCommand(func(cmd []byte) {
		if len(cmd) > 1 && cmd[1] == 0xB0 { // pulled out during READ BINARY
			r.Remove()
		}
	})
	res := RunCardTest(context.Background(), r, "", testOptions())
	if res.ErrorKind != KindRemoved || res.Verdict != VerdictNoCard {
		t.Errorf("removed midway: kind %q verdict %q steps %+v", res.ErrorKind, res.Verdict, res.Steps)
	}
}

func TestCardTestNoReaderNoCardBusy(t *testing.T) {
	good := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("", good)
	if res := RunCardTest(context.Background(), r, "", testOptions()); res.ErrorKind != KindNoCard || res.Verdict != VerdictNoCard || res.Reader != r.Name() {
		t.Errorf("empty reader: %+v", res)
	}
	r.Insert(good)
	if res := RunCardTest(context.Background(), r, "elsewhere", testOptions()); res.ErrorKind != KindNoReader {
		t.Errorf("named reader missing: %+v", res)
	}
	held, _ := r.Connect(r.Name())
	if res := RunCardTest(context.Background(), r, r.Name(), testOptions()); res.ErrorKind != KindReaderBusy || res.Verdict != VerdictNoReader {
		t.Errorf("busy reader: %+v", res)
	}
	held.Close()
	r.Detach()
	if res := RunCardTest(context.Background(), r, "", testOptions()); res.ErrorKind != KindNoReader || res.Verdict != VerdictNoReader {
		t.Errorf("no reader: %+v", res)
	}
	if res := RunCardTest(context.Background(), nil, "", testOptions()); res.ErrorKind != KindNoReader {
		t.Errorf("nil provider: %+v", res)
	}
}

// oneCard is a Provider with a single scripted card.
type oneCard struct{ card Card }

func (p oneCard) Readers() ([]ReaderStatus, error) {
	return []ReaderStatus{{Name: "script", CardPresent: true, ATR: p.card.ATR()}}, nil
}
func (p oneCard) Connect(string) (Card, error)                { return p.card, nil }
func (p oneCard) Watch(context.Context) (<-chan Event, error) { return nil, errors.New("not watched") }

type atrCard struct {
	scriptCard
	atr []byte
}

func (c *atrCard) ATR() []byte { return c.atr }

func TestCardTestWrongAIDAndBadATR(t *testing.T) {
	// Our ATR, but no application: a broken Safety Pass card.
	res := RunCardTest(context.Background(), oneCard{&scriptCard{script: []scriptStep{{answer: []byte{0x6A, 0x82}}}}}, "", testOptions())
	if res.ErrorKind != KindWrongAID || res.Verdict != VerdictUnreadable {
		t.Errorf("wrong AID: %q %q", res.ErrorKind, res.Verdict)
	}
	// A good card behind a wrong TCK: read, but unreadable by verdict.
	good := newTestCard(t, VariantGood, 0)
	atr := ProfileATR()
	atr[len(atr)-1] ^= 0xFF
	var script []scriptStep
	for _, a := range []string{apduSelectApp, apduSelectEF, apduRead, apduTries} {
		resp, _ := good.Process(mustHex(t, a))
		script = append(script, scriptStep{answer: resp})
	}
	res = RunCardTest(context.Background(), oneCard{&atrCard{scriptCard{script: script}, atr}}, "", testOptions())
	if res.ATRValid || res.ErrorKind != KindBadATR || res.Verdict != VerdictUnreadable || res.CardNo == "" {
		t.Errorf("bad TCK: valid %v kind %q verdict %q card %q", res.ATRValid, res.ErrorKind, res.Verdict, res.CardNo)
	}
}

func TestCardTestChallengeIsFresh(t *testing.T) {
	card := newTestCard(t, VariantGood, 0)
	var challenges []string
	card.setOnCommand(func(cmd []byte) {
		if len(cmd) > 21 && cmd[1] == 0x88 {
			challenges = append(challenges, HexBytes(cmd[5:21]).String())
		}
	})
	r := NewVirtualReader("", card)
	r.Insert(card)
	for i := 0; i < 3; i++ {
		if res := RunCardTest(context.Background(), r, "", testOptions()); !res.Genuine {
			t.Fatalf("run %d not genuine", i)
		}
	}
	if len(challenges) != 3 || challenges[0] == challenges[1] || challenges[1] == challenges[2] {
		t.Errorf("challenges not fresh: %q", challenges)
	}
}

func TestCardTestOtherMasterKey(t *testing.T) {
	card := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("", card)
	r.Insert(card)
	opt := testOptions()
	opt.MasterKey = make([]byte, 32) // a deployment whose key this demo card was not made with
	if res := RunCardTest(context.Background(), r, "", opt); res.Genuine || res.Verdict != VerdictNotGenuine {
		t.Errorf("foreign-key card judged genuine: %+v", res)
	}
}

func BenchmarkCardTestVirtual(b *testing.B) {
	card := newTestCard(b, VariantGood, 0)
	r := NewVirtualReader("", card)
	r.Insert(card)
	opt := testOptions()
	for b.Loop() {
		if res := RunCardTest(context.Background(), r, "", opt); res.Verdict != VerdictOK {
			b.Fatal(res.Verdict)
		}
	}
}

// busyAfterMute hands out a mute card once, then says "in use", as a
// driver does while our abandoned handle still holds the card.
type busyAfterMute struct {
	oneCard
	used bool
}

func (p *busyAfterMute) Connect(string) (Card, error) {
	if p.used {
		return nil, newError(KindReaderBusy, "connect", "sharing violation")
	}
	p.used = true
	return p.card, nil
}

func TestCardTestMuteNotBusy(t *testing.T) {
	c := &scriptCard{script: []scriptStep{{answer: nil}}, release: make(chan struct{})}
	defer close(c.release)
	p := &busyAfterMute{oneCard: oneCard{c}}
	opt := testOptions()
	opt.Timeout = 30 * time.Millisecond
	if res := RunCardTest(context.Background(), p, "", opt); res.ErrorKind != KindMute {
		t.Fatalf("first test: %q", res.ErrorKind)
	}
	if res := RunCardTest(context.Background(), p, "", opt); res.ErrorKind != KindMute || res.Verdict != VerdictUnreadable {
		t.Errorf("second test while the first still waits: %q %q", res.ErrorKind, res.Verdict)
	}
}

// slowCard is a good card that answers every command through a chain of
// 61xx "more data" answers, each after delay.
func slowCard(t *testing.T, delay time.Duration) *VirtualCard {
	t.Helper()
	spec := newTestCard(t, VariantGood, 0).Spec()
	spec.Slow = delay
	c, err := NewVirtualCard(spec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSlowCardIsHonest: given all the time it wants, the slow card is a
// good card; only its answers come in long chains.
func TestSlowCardIsHonest(t *testing.T) {
	card := slowCard(t, time.Millisecond)
	r := NewVirtualReader("slow honest reader", card)
	r.Insert(card)
	opt := testOptions()
	opt.Deadline = time.Hour
	res := RunCardTest(context.Background(), r, "", opt)
	if res.ErrorKind != KindNone || res.Verdict != VerdictOK || !res.Genuine {
		t.Fatalf("slow good card: kind %q verdict %q err %v", res.ErrorKind, res.Verdict, res.Err)
	}
	if n := card.Commands(); n < 5*slowChain {
		t.Errorf("the card got %d commands: it did not make the test follow its 61xx chains", n)
	}
}

// TestCardTestStopsAtItsDeadline: a card answering every command in time
// but asking for more data again and again is stopped at the test's
// overall deadline, with advice that says so. Before the deadline existed
// this card passed after 15 answers per command, minutes with a real
// transmit timeout.
func TestCardTestStopsAtItsDeadline(t *testing.T) {
	card := slowCard(t, 5*time.Millisecond)
	r := NewVirtualReader("slow card reader", card)
	r.Insert(card)
	opt := testOptions()                  // each answer is well within the 1 s transmit timeout
	opt.Deadline = 150 * time.Millisecond // the chains need over 400 ms
	res := RunCardTest(context.Background(), r, "", opt)
	if !errors.Is(res.Err, ErrTestDeadline) || res.ErrorKind != KindMute || res.Verdict != VerdictUnreadable {
		t.Fatalf("slow card: kind %q verdict %q err %v", res.ErrorKind, res.Verdict, res.Err)
	}
	last := res.Steps[len(res.Steps)-1]
	if last.OK || last.Kind != KindMute || !strings.Contains(last.Detail, "150ms") || !strings.Contains(last.Detail, "too slowly") {
		t.Errorf("the step cut off says %+v", last)
	}
	for _, s := range res.Steps {
		if s.Name == StepGenuine || s.Name == StepExpiry {
			t.Errorf("the test went on to %s after its deadline", s.Name)
		}
	}
	for _, lang := range []string{"ja", "en"} {
		got := AdviceFor(res, res.Verdict, lang)
		if got == "" || got != Advice("card.err.test_deadline", lang) || got == Advice("card.err.mute", lang) {
			t.Errorf("%s advice: %q", lang, got)
		}
	}
	rep := NewReport(res, DBCard{}, testNow, "en")
	if rep.Advice != Advice("card.err.test_deadline", "en") {
		t.Errorf("report advice %q", rep.Advice)
	}
}

// TestCardTestCallerDeadlineIsTheTestDeadline: the console gives the test
// a context with its own deadline; when that one runs out first the
// operator hears the same.
func TestCardTestCallerDeadlineIsTheTestDeadline(t *testing.T) {
	card := slowCard(t, 5*time.Millisecond)
	r := NewVirtualReader("slow card reader 2", card)
	r.Insert(card)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res := RunCardTest(ctx, r, "", testOptions())
	if !errors.Is(res.Err, ErrTestDeadline) || res.ErrorKind != KindMute {
		t.Fatalf("slow card under the caller's deadline: kind %q err %v", res.ErrorKind, res.Err)
	}
}
