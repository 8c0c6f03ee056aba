//go:build !cgo || nopcsc

package cardops

import (
	"context"
	"errors"
	"testing"
)

func TestNewPCSCNotBuilt(t *testing.T) {
	p, err := NewPCSC()
	if p != nil || !errors.Is(err, ErrPCSCNotBuilt) || PCSCBuiltIn {
		t.Fatalf("NewPCSC = %v, %v; want ErrPCSCNotBuilt", p, err)
	}
	if KindOf(err) != KindNotBuilt || err.Error() != "the real reader support is not built in" {
		t.Errorf("kind %q, message %q", KindOf(err), err)
	}
	// The console still gets a verdict and advice from a card test.
	res := RunCardTest(context.Background(), p, "", Options{})
	if res.Verdict != VerdictNoReader {
		t.Errorf("verdict %q", res.Verdict)
	}
}
