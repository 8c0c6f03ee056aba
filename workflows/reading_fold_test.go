package workflows

import (
	"testing"

	"spdesk/store"
)

// TestReadingFoldsAsSearchDoes checks that a reading stored through
// FoldReading is written in the kana the search keys use: whatever script
// the operator typed it in, store.Fold finds the same key in what was
// stored as in what was typed.
func TestReadingFoldsAsSearchDoes(t *testing.T) {
	for in, want := range map[string]string{
		"たろう":        "タロウ",
		"ﾀﾛｳ":        "タロウ",
		"すゞき":        "スヾキ",
		"こゝろ":        "コヽロ",
		"ゔぁいおりん":     "ヴァイオリン",
		"さとう　たろう":    "サトウ　タロウ",
		" ｻﾄｳ  ﾀﾛｳ ": "サトウ　タロウ",
		"まつ・もと":      "マツ・モト",
		"らーめん":       "ラーメン",
	} {
		got, err := FoldReading("given_kana", in)
		if err != nil || got != want {
			t.Errorf("FoldReading(%q) = %q, %v; want %q", in, got, err, want)
			continue
		}
		if store.Fold(got) != store.Fold(in) {
			t.Errorf("%q stored as %q folds to %q, typed it folds to %q", in, got, store.Fold(got), store.Fold(in))
		}
	}
}
