package cardops

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Helpers for the `spdesk card ...` commands, so cmd/spdesk only wires
// flags to them.

// FormatReaders renders `spdesk card readers`: one line per reader with
// what is in it, or a line saying there is none.
func FormatReaders(readers []ReaderStatus) string {
	if len(readers) == 0 {
		return "no reader attached\n"
	}
	var b strings.Builder
	for _, r := range readers {
		state := "empty"
		switch {
		case r.Mute:
			state = "card present, gives no ATR"
		case r.CardPresent:
			state = "card present, ATR " + r.ATR.Spaced()
		}
		if r.InUse {
			state += " (in use)"
		}
		fmt.Fprintf(&b, "%s\t%s\n", r.Name, state)
	}
	return b.String()
}

// WatchLines writes one line per event of p (see Event.String) until ctx
// is done: `spdesk card watch`.
func WatchLines(ctx context.Context, p Provider, w io.Writer) error {
	events, err := p.Watch(ctx)
	if err != nil {
		return err
	}
	for e := range events {
		if _, err := fmt.Fprintln(w, e); err != nil {
			return err
		}
	}
	return nil
}

// FormatResult renders a card test for people: each step, then the ATR
// decoded as pcsc_scan shows it.
func FormatResult(r *Result, names *ATRList) string {
	var b strings.Builder
	fmt.Fprintf(&b, "reader: %s\n", r.Reader)
	for _, s := range r.Steps {
		mark := "ok  "
		if !s.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "  [%s] %-20s %s\n", mark, s.Name, s.Detail)
	}
	if len(r.ATR) > 0 {
		b.WriteString("\n")
		b.WriteString(DescribeATR(r.ATR, names))
	}
	return b.String()
}
