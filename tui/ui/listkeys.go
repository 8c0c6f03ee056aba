package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ListKeys are the moving keys every list page shares: a line (↑/k,
// ↓/j), a page (pgup, pgdn) and the ends (g/home, G/end). A page embeds
// them in its own key map, so its handler and its help name the same
// bindings; a page whose list has no use for some turns them off (Reach),
// and a disabled binding neither matches nor shows in the help.
type ListKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	reach            Reach
}

// Reach is how far a list's keys move.
type Reach int

const (
	ReachLines Reach = iota // ↑↓ only
	ReachPages              // and pgup/pgdn
	ReachEnds               // and g/G, home/end
)

// NewListKeys are the list keys up to reach, their help in c's language.
func NewListKeys(c Catalog, reach Reach) ListKeys {
	k := ListKeys{
		reach:    reach,
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("key.move"))),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("key.move"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", c.T("key.page"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", c.T("key.page"))),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", c.T("key.topbot"))),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", c.T("key.topbot"))),
	}
	k.SetEnabled(true)
	return k
}

// SetEnabled turns the keys on (those within the list's reach) or off:
// off while a text field or a form has the keys.
func (k *ListKeys) SetEnabled(on bool) {
	k.Up.SetEnabled(on)
	k.Down.SetEnabled(on)
	k.PageUp.SetEnabled(on && k.reach >= ReachPages)
	k.PageDown.SetEnabled(on && k.reach >= ReachPages)
	k.Top.SetEnabled(on && k.reach >= ReachEnds)
	k.Bottom.SetEnabled(on && k.reach >= ReachEnds)
}

// Help is the enabled bindings, for a help column.
func (k ListKeys) Help() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// Describe sets what the line keys say they do (scroll, rather than move).
func (k *ListKeys) Describe(desc string) {
	k.Up.SetHelp(k.Up.Help().Key, desc)
	k.Down.SetHelp(k.Down.Help().Key, desc)
}

// Move moves g as msg asks; false when msg is none of the (enabled) keys.
func (k ListKeys) Move(msg tea.KeyPressMsg, g *Grid) bool {
	switch {
	case key.Matches(msg, k.Up):
		g.Move(-1)
	case key.Matches(msg, k.Down):
		g.Move(1)
	case key.Matches(msg, k.PageUp):
		g.Move(-g.Page())
	case key.Matches(msg, k.PageDown):
		g.Move(g.Page())
	case key.Matches(msg, k.Top):
		g.Top()
	case key.Matches(msg, k.Bottom):
		g.Bottom()
	default:
		return false
	}
	return true
}
