package ui_test

import (
	"fmt"
	"testing"

	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
)

// TestListKeysReach: a list's keys move its grid only as far as its reach
// says, switched off they move nothing, and switched back on they come
// back only within the reach (the member page's g stays the guidance).
func TestListKeysReach(t *testing.T) {
	rows := make([][]string, 50)
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i)}
	}
	c := ui.NewCatalog(ui.LangEN)
	for _, tc := range []struct {
		reach  ui.Reach
		key    string
		moved  bool
		cursor int
	}{
		{ui.ReachLines, "j", true, 1}, {ui.ReachLines, "pgdown", false, 0}, {ui.ReachLines, "G", false, 0},
		{ui.ReachPages, "pgdown", true, 9}, {ui.ReachPages, "G", false, 0}, {ui.ReachPages, "end", false, 0},
		{ui.ReachEnds, "G", true, 49}, {ui.ReachEnds, "end", true, 49},
	} {
		for _, off := range []bool{false, true} {
			k := ui.NewListKeys(c, tc.reach)
			if off {
				k.SetEnabled(false)
				k.SetEnabled(true)
			}
			g := ui.Grid{Cols: []ui.Column{{Title: "n", Min: 3}}}
			g.SetSize(20, 10)
			g.SetRows(rows, nil)
			moved := k.Move(uitest.Key(tc.key), &g)
			if moved != tc.moved || g.Cursor() != tc.cursor {
				t.Errorf("reach %d, %s (off and on again: %v): moved %v to %d, want %v to %d",
					tc.reach, tc.key, off, moved, g.Cursor(), tc.moved, tc.cursor)
			}
		}
		k := ui.NewListKeys(c, tc.reach)
		k.SetEnabled(false)
		g := ui.Grid{}
		g.SetRows(rows, nil)
		if k.Move(uitest.Key(tc.key), &g) {
			t.Errorf("reach %d: %s moved a list whose keys are off", tc.reach, tc.key)
		}
	}
}
