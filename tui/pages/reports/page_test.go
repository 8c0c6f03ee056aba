package reports

import (
	"testing"

	"spdesk/tui/ui/uitest"
)

// The page draws exactly the size it was given, in Japanese, before any
// answer has come.
func TestViewFillsItsSizeInJapanese(t *testing.T) {
	uitest.FillsItsSize(t, New(uitest.Japanese()), [2]int{80, 20}, [2]int{60, 10})
}
