package tui

import "testing"

// TestBareCode checks which knowledge-base queries are read as a result
// code alone: digits in any width, spaces around them, nothing else.
func TestBareCode(t *testing.T) {
	for q, want := range map[string]int{
		"58": 58, "５８": 58, " 52 ": 52, "0": 0, "000123": 123, "123456": 123456,
		"1234567": 0, "code 58": 0, "58番": 0, "5-8": 0, "": 0, "　": 0, "５　８": 58,
	} {
		if got := bareCode(q); got != want {
			t.Errorf("bareCode(%q) = %d, want %d", q, got, want)
		}
	}
}
