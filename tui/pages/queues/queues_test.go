package queues

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSparklineScalesToTheLargest: one bar per day, the largest day the
// full bar, a quiet day the lowest, any busy day above it.
func TestSparklineScalesToTheLargest(t *testing.T) {
	got := []rune(Sparkline([]int{0, 1, 7, 14}))
	if len(got) != 4 || got[0] != '▁' || got[3] != '█' || got[1] == '▁' || got[2] <= got[1] || got[2] >= got[3] {
		t.Errorf("Sparkline(0 1 7 14) = %q", string(got))
	}
	if s := Sparkline([]int{0, 0, 0}); s != "▁▁▁" {
		t.Errorf("a quiet month = %q", s)
	}
	if s := Sparkline(nil); utf8.RuneCountInString(s) != 0 {
		t.Errorf("no days = %q", s)
	}
}

// TestQueueGroupLabelsInBothLanguages: the groups `spdesk queues` prints
// are named in words, never as a raw key.
func TestQueueGroupLabelsInBothLanguages(t *testing.T) {
	for _, g := range []string{"us", "member", "mail", "issuer"} {
		for _, lang := range []string{"ja", "en"} {
			if l := QueueGroupLabel(g, lang); l == "" || strings.Contains(l, "waiting.") {
				t.Errorf("group %s in %s: %q", g, lang, l)
			}
		}
	}
}
