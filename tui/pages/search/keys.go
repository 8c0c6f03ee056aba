package search

import (
	"charm.land/bubbles/v2/key"

	"spdesk/tui/ui"
)

// searchKeys are the search screen's bindings. Focus decides which work:
// while the input has focus, letters are text, so only keys that cannot
// be text move the selection (arrows, ctrl+n/p); on the list, j/k/g/G
// work too. setFocus switches them, and help shows exactly that set.
type searchKeys struct {
	ui.ListKeys
	Open            key.Binding
	ToList, ToInput key.Binding
	Clear           key.Binding // esc in the input: empty it
	Back            key.Binding // esc or q on the list: back to typing
}

func newSearchKeys(c ui.Catalog) searchKeys {
	return searchKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachEnds), // setFocus adds ^p/^n and takes j/k/g/G from the input
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.open"))),
		ToList:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", c.T("key.totable"))),
		ToInput:  key.NewBinding(key.WithKeys("tab", "shift+tab", "/"), key.WithHelp("tab//", c.T("key.toinput"))),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.clear"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.toinput"))),
	}
}

func (k *searchKeys) setFocus(onList bool) {
	if onList {
		k.Up.SetKeys("up", "k", "ctrl+p")
		k.Up.SetHelp("↑/k", k.Up.Help().Desc)
		k.Down.SetKeys("down", "j", "ctrl+n")
		k.Down.SetHelp("↓/j", k.Down.Help().Desc)
	} else {
		k.Up.SetKeys("up", "ctrl+p")
		k.Up.SetHelp("↑/^p", k.Up.Help().Desc)
		k.Down.SetKeys("down", "ctrl+n")
		k.Down.SetHelp("↓/^n", k.Down.Help().Desc)
	}
	// home/end would move the text cursor while typing; g/G would be text.
	k.Top.SetEnabled(onList)
	k.Bottom.SetEnabled(onList)
	k.ToList.SetEnabled(!onList)
	k.Clear.SetEnabled(!onList)
	k.ToInput.SetEnabled(onList)
	k.Back.SetEnabled(onList)
}

func (k searchKeys) ShortHelp() []key.Binding {
	// esc stays out of the bar: it must fit 80 columns in Japanese with
	// the global keys; the ? overlay lists it.
	return []key.Binding{k.Down, k.Open, k.ToList, k.Back}
}

func (k searchKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.ListKeys.Help(),
		{k.Open, k.ToList, k.ToInput, k.Clear, k.Back},
	}
}
