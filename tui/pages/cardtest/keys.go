package cardtest

import (
	"charm.land/bubbles/v2/key"

	"spdesk/tui/ui"
)

// cardTestKeys are the card test screen's bindings. The same set drives
// Update, the help bar and the ? overlay; setMode enables the ones that do
// something right now (tray keys only in the demo, case keys only after a
// verdict that calls for one).
type cardTestKeys struct {
	Test        key.Binding
	ui.ListKeys             // tray selection
	Insert      key.Binding // the selected tray card
	Pick        key.Binding // 1-9: that tray card
	Remove      key.Binding
	ATR         key.Binding // decoded ATR in place of the checks
	Broken      key.Binding
	Password    key.Binding
	OpenCase    key.Binding // the open case the verdict's next step continues
	StartProc   key.Binding // the procedure it calls for, on the procedures screen
	Back        key.Binding
}

func newCardTestKeys(c ui.Catalog) cardTestKeys {
	return cardTestKeys{
		Test:      key.NewBinding(key.WithKeys("t", "enter"), key.WithHelp("t/enter", c.T("key.card.test"))),
		ListKeys:  ui.NewListKeys(c, ui.ReachLines),
		Insert:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", c.T("key.card.insert"))),
		Pick:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", c.T("key.card.insert"))),
		Remove:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.card.remove"))),
		ATR:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.card.atr"))),
		Broken:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", c.T("key.card.broken"))),
		Password:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", c.T("key.card.password"))),
		OpenCase:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", c.T("key.card.opencase"))),
		StartProc: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("key.card.startproc"))),
		Back:      key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
	}
}

// setMode enables the keys that act in the screen's current state.
func (k *cardTestKeys) setMode(tray, reader, broken, password, openCase, startProc bool) {
	k.OpenCase.SetEnabled(openCase)
	k.StartProc.SetEnabled(startProc)
	k.ListKeys.SetEnabled(tray)
	for _, b := range []*key.Binding{&k.Insert, &k.Pick, &k.Remove} {
		b.SetEnabled(tray)
	}
	k.Test.SetEnabled(reader)
	k.Broken.SetEnabled(broken)
	k.Password.SetEnabled(password)
}

func (k cardTestKeys) ShortHelp() []key.Binding {
	// The next step first: it is what the operator looks for after a
	// verdict. Disabled keys drop out, so the bar fits 80 columns.
	return []key.Binding{k.Broken, k.Password, k.OpenCase, k.StartProc, k.Test, k.Pick, k.Remove, k.Back}
}

func (k cardTestKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Test, k.ATR, k.Broken, k.Password, k.OpenCase, k.StartProc, k.Back},
		{k.Up, k.Down, k.Insert, k.Pick, k.Remove},
	}
}
