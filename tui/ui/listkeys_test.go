package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestListKeysReach: a list's keys move its grid only as far as its reach
// says, switched off they move nothing, and switched back on they come
// back only within the reach (the member page's g stays the guidance).
func TestListKeysReach(t *testing.T) {
	keyOf := func(s string) tea.KeyPressMsg {
		switch s {
		case "pgdown":
			return tea.KeyPressMsg{Code: tea.KeyPgDown}
		case "end":
			return tea.KeyPressMsg{Code: tea.KeyEnd}
		}
		return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
	}
	rows := make([][]string, 50)
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i)}
	}
	c := NewCatalog(LangEN)
	for _, tc := range []struct {
		reach  Reach
		key    string
		moved  bool
		cursor int
	}{
		{ReachLines, "j", true, 1}, {ReachLines, "pgdown", false, 0}, {ReachLines, "G", false, 0},
		{ReachPages, "pgdown", true, 9}, {ReachPages, "G", false, 0}, {ReachPages, "end", false, 0},
		{ReachEnds, "G", true, 49}, {ReachEnds, "end", true, 49},
	} {
		for _, off := range []bool{false, true} {
			k := NewListKeys(c, tc.reach)
			if off {
				k.SetEnabled(false)
				k.SetEnabled(true)
			}
			g := Grid{Cols: []Column{{Title: "n", Min: 3}}}
			g.SetSize(20, 10)
			g.SetRows(rows, nil)
			moved := k.Move(keyOf(tc.key), &g)
			if moved != tc.moved || g.Cursor() != tc.cursor {
				t.Errorf("reach %d, %s (off and on again: %v): moved %v to %d, want %v to %d",
					tc.reach, tc.key, off, moved, g.Cursor(), tc.moved, tc.cursor)
			}
		}
		k := NewListKeys(c, tc.reach)
		k.SetEnabled(false)
		g := Grid{}
		g.SetRows(rows, nil)
		if k.Move(keyOf(tc.key), &g) {
			t.Errorf("reach %d: %s moved a list whose keys are off", tc.reach, tc.key)
		}
	}
}
