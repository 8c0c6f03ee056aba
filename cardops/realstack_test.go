package cardops

import (
	"os"
	"testing"
)

// skipReal skips a test the real card stack cannot run here, or fails it
// under make test (SPDESK_REQUIRE_REAL=1): CI must never pass without the
// card tests.
func skipReal(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
		t.Fatal("SPDESK_REQUIRE_REAL is set, but this real-stack test cannot run: " + why)
	}
	t.Skip(why)
}
