package ui

import (
	"testing"

	"spdesk/internal/msg"
)

// TestRegisterRefusesADuplicateKey: a page's text under a key the shared
// catalog (or another page) has already stops the console at start
// rather than one text hiding the other.
func TestRegisterRefusesADuplicateKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a page registered key.back, which ui.Messages has, and nothing stopped it")
		}
	}()
	Register(msg.Set{"key.back": {"戻る", "back"}})
}
