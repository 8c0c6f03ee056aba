package audit

import (
	"testing"

	"spdesk/tui/ui/uitest"
)

// TestViewFillsItsSizeInJapanese: before any answer has come, the page
// draws exactly the size it was given, in Japanese at 80x21 and narrowed.
func TestViewFillsItsSizeInJapanese(t *testing.T) {
	uitest.FillsItsSize(t, New(uitest.Japanese()), [2]int{80, 21}, [2]int{60, 10})
}
