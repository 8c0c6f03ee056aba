package workflows

import "spdesk/internal/msg"

// A damaged database file is refused by the store before anything is
// written to it (store.ErrCorrupt): the operator is told what it is and
// what to do, not "internal error".
func init() {
	Messages.Add(msg.Set{"store.corrupt": {
		"データベースファイルが壊れているため、何も保存していません。監督者に連絡し、バックアップから戻してください",
		"the database file is damaged, so nothing was saved: ask a supervisor to restore it from a backup",
	}})
}
