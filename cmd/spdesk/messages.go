package main

import "spdesk/internal/msg"

// messages are the command line's own texts, in the catalog format every
// package uses; refusals come from workflows.Message, card advice from
// cardops.
var messages = msg.Set{
	"queues.col.group":   {"待ち", "waiting on"},
	"queues.col.type":    {"種類", "type"},
	"queues.col.state":   {"状態", "state"},
	"queues.col.open":    {"件数", "open"},
	"queues.col.oldest":  {"最古(営業日)", "oldest (bd)"},
	"queues.col.soon":    {"期限間近", "due soon"},
	"queues.col.overdue": {"期限超過", "overdue"},
	"queues.col.intake":  {"受付30日", "intake 30d"},
	"queues.totals":      {"{asof} 時点  未完了 {open} 件、うち期限超過 {overdue} 件", "as of {asof}: {open} open, {overdue} overdue"},
}

// cliText is key's text in lang with its {name} placeholders filled from
// name, value pairs.
func cliText(lang, key string, args ...string) string {
	t, ok := messages.Text(key, lang)
	if !ok {
		return "[" + key + "]"
	}
	return msg.Fill(t, args...)
}
