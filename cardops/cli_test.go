package cardops

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestFormatReaders(t *testing.T) {
	if got := FormatReaders(nil); got != "no reader attached\n" {
		t.Errorf("no readers: %q", got)
	}
	got := FormatReaders([]ReaderStatus{
		{Name: "A"},
		{Name: "B", CardPresent: true, ATR: ProfileATR(), InUse: true},
		{Name: "C", CardPresent: true, Mute: true},
	})
	want := "A\tempty\nB\tcard present, ATR 3B 8B 80 01 53 41 46 45 54 59 50 41 53 53 01 06 (in use)\nC\tcard present, gives no ATR\n"
	if got != want {
		t.Errorf("FormatReaders =\n%s\nwant\n%s", got, want)
	}
}

// lineWriter hands each written line to a channel, so a test can wait
// for WatchLines' output without polling.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	w <- strings.TrimRight(string(p), "\n")
	return len(p), nil
}

func TestWatchLines(t *testing.T) {
	card := newTestCard(t, VariantGood, 0)
	r := NewVirtualReader("", card)
	ctx, cancel := context.WithCancel(context.Background())
	lines := make(lineWriter)
	done := make(chan error)
	go func() { done <- WatchLines(ctx, r, lines) }()
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(5 * time.Second):
			t.Fatal("no line within 5 s")
		}
		return ""
	}
	if l := next(); !strings.Contains(l, `reader_attached "spdesk Virtual Reader 00"`) {
		t.Errorf("first line %q", l)
	}
	r.Insert(card)
	if l := next(); !strings.Contains(l, `card_inserted "spdesk Virtual Reader 00" ATR 3B 8B`) {
		t.Errorf("second line %q", l)
	}
	r.Remove()
	if l := next(); !strings.Contains(l, "card_removed") {
		t.Errorf("third line %q", l)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestFormatResult(t *testing.T) {
	card := newTestCard(t, VariantBlocked, 0)
	r := NewVirtualReader("", card)
	r.Insert(card)
	out := FormatResult(RunCardTest(t.Context(), r, "", testOptions()), nil)
	for _, want := range []string{"[ok  ] genuine", "[FAIL] tries_left", "password blocked", "+ TCK = 06 (correct checksum)"} {
		if !strings.Contains(out, want) {
			t.Errorf("FormatResult lacks %q:\n%s", want, out)
		}
	}
}
