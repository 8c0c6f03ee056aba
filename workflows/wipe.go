package workflows

import (
	"context"
	"log/slog"
	"time"

	"spdesk/internal/msg"
)

// A new password exists in clear text only in its queued letter; every
// step that ends the letter (print, withdraw, supersede, a cancelled
// membership, the print run's safety net) wipes it in its own transaction,
// and the store marks the wipe pending until a checkpoint has pushed the
// old pages out of the -wal file (store/wipe.go). Here: the checkpoint
// after each such transaction, and what the operator is told when a
// reader kept it from completing.

// WipePendingNotice tells the operator that wiped passwords may still be
// in the database's files. It goes with the result of a step that wiped
// one when the checkpoint could not complete; the print screen and
// `spdesk letters print` show it too (WipeStatus).
var WipePendingNotice = Notice{Key: "wipe.pending"}

// WipeStatus is whether wiped clear text may still be in the database's
// files, and since when.
type WipeStatus struct {
	Pending bool
	Since   time.Time
}

// finishWipe tries to complete the wipe a committed transaction made; it
// reports whether it is still pending. A failure to checkpoint is not the
// step's failure: the step committed, and the mark stays for a later try.
func (s *Service) finishWipe(ctx context.Context) bool {
	ws, err := s.FinishWipe(ctx)
	return err != nil || ws.Pending
}

// FinishWipe tries again to complete a pending wipe (the print screen does
// on every load) and says whether one is still pending. A try that leaves
// it pending is logged for the administrator (a Warn line with what the
// checkpoint found), as is one that failed (an internal error).
func (s *Service) FinishWipe(ctx context.Context) (WipeStatus, error) {
	st, err := s.st.FinishWipe(ctx)
	if err != nil {
		return WipeStatus{}, s.report(wrapStore(err, "checkpoint"))
	}
	if st.Pending {
		s.log.LogAttrs(ctx, slog.LevelWarn, "wipe pending: a reader kept the checkpoint from completing",
			slog.Time("since", st.Since), slog.Bool("busy", st.Busy),
			slog.Int("wal_frames", st.Log), slog.Int("checkpointed", st.Checkpointed))
	}
	return WipeStatus{Pending: st.Pending, Since: st.Since}, nil
}

func init() {
	Messages.Add(msg.Set{"wipe.pending": {
		"印刷・取消したパスワードの平文が、まだデータベースのファイル（-wal）に残っています。別の spdesk が読み取り中のため消去を完了できませんでした。ほかの spdesk を閉じてから印刷画面を開き直すか、spdesk を起動し直すと完了します",
		"the clear text of printed or cancelled passwords is still in the database's files (-wal): another spdesk was reading, so the wipe could not complete. Close the other spdesk windows, then reopen the print screen or restart spdesk to complete it"}})
}
