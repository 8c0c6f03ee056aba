package audit

import (
	"charm.land/bubbles/v2/key"

	"spdesk/tui/ui"
)

type auditKeys struct {
	ui.ListKeys
	Filter, Clear, Export, Back key.Binding
	Next, Prev, Apply, Cancel   key.Binding
}

func newAuditKeys(c ui.Catalog) auditKeys {
	return auditKeys{
		ListKeys: ui.NewListKeys(c, ui.ReachEnds),
		Filter:   key.NewBinding(key.WithKeys("/", "f"), key.WithHelp("/", c.T("key.audit.filter"))),
		Clear:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", c.T("key.audit.clear"))),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", c.T("key.audit.export"))),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", c.T("key.back"))),
		Next:     key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", c.T("key.audit.next"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", c.T("key.audit.next"))),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.audit.apply"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.audit.cancel"))),
	}
}

// setEditing enables the keys of one mode: while a field has focus,
// letters are text, so only the field keys work.
func (k *auditKeys) setEditing(on bool) {
	k.ListKeys.SetEnabled(!on)
	for _, b := range []*key.Binding{&k.Filter, &k.Clear, &k.Export, &k.Back} {
		b.SetEnabled(!on)
	}
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Apply, &k.Cancel} {
		b.SetEnabled(on)
	}
}

// setDenied leaves only the way back.
func (k *auditKeys) setDenied() {
	k.setEditing(false)
	k.ListKeys.SetEnabled(false)
	for _, b := range []*key.Binding{&k.Filter, &k.Clear, &k.Export} {
		b.SetEnabled(false)
	}
}

func (k auditKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Export, k.Back, k.Next, k.Apply, k.Cancel}
}

func (k auditKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ListKeys.Help(), {k.Filter, k.Clear, k.Export, k.Back},
		{k.Next, k.Prev, k.Apply, k.Cancel}}
}
