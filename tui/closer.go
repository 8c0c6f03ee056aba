package tui

import (
	"spdesk/tui/ui"
)

// closer is a screen that holds something running outside the model (the
// card test's reader watcher and its test run). The root calls Close on
// every screen it drops, popped or thrown away with the whole stack when
// someone else signs in, so nothing keeps watching for a screen nobody
// can see.
type closer interface{ Close() }

// closeScreens closes the screens that have something to close.
func closeScreens(ss ...ui.Page) {
	for _, s := range ss {
		if c, ok := s.(closer); ok {
			c.Close()
		}
	}
}
