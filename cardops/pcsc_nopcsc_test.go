//go:build !cgo || nopcsc

package cardops

import (
	"context"
	"errors"
	"os"
	"testing"
)

func TestNewPCSCNotBuilt(t *testing.T) {
	if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
		t.Fatal("SPDESK_REQUIRE_REAL is set, but this test binary was built without PC/SC (nopcsc or no cgo): the card tests cannot run")
	}
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
