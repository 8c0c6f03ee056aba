package workflows

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"spdesk/store"
)

// queuedSecrets reads the clear texts of the queued password notices, the
// only place they exist.
func (e *env) queuedSecrets() map[string]bool {
	e.t.Helper()
	out := map[string]bool{}
	if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		ls, err := tx.QueuedLetters()
		for _, l := range ls {
			if l.Secret != "" {
				out[l.Secret] = true
			}
		}
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// secretsOnDisk lists which of secrets are anywhere in the database file
// (free pages included), its -wal or its -shm.
func secretsOnDisk(t *testing.T, path string, secrets []string) []string {
	t.Helper()
	var all []byte
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	var found []string
	for _, s := range secrets {
		if bytes.Contains(all, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// wipePath is one way a queued password notice ends: setup queues it (and
// whatever else the way needs), end ends it and returns the reminders the
// operator was shown, if the way is a case step.
type wipePath struct {
	name  string
	setup func(e *env) any
	end   func(e *env, t *testing.T, state any) []Notice
}

var wipePaths = []wipePath{
	{"print", func(e *env) any {
		for range 40 { // enough rows to split and merge pages
			e.issued()
		}
		return nil
	}, func(e *env, t *testing.T, _ any) []Notice {
		if _, err := e.svc.PrintLetters(e.ctx, "carol", filepath.Join(t.TempDir(), "spool")); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{"withdraw", func(e *env) any { return e.issued() }, func(e *env, t *testing.T, c any) []Notice {
		cs := e.caseRec(c.(store.Case).ID)
		r, err := e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{cs.ID, cs.Version, "本人ではなかった"})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reminders
	}},
	{"supersede", func(e *env) any {
		// A reprint's notice is queued; a reset then issues a newer password.
		a := e.issued()
		if _, err := e.svc.PrintLetters(e.ctx, "alice", filepath.Join(e.t.(*testing.T).TempDir(), "s")); err != nil {
			e.t.Fatal(err)
		}
		ls, _ := e.st.LettersOfCase(e.ctx, a.ID)
		req, err := e.svc.RequestReprint(e.ctx, "alice", ReprintRequest{LetterID: ls[0].ID, Reason: "返送"})
		if err != nil {
			e.t.Fatal(err)
		}
		if _, err := e.svc.ApproveReprint(e.ctx, "bob", req.ID, req.Version); err != nil {
			e.t.Fatal(err)
		}
		c := e.caseRec(a.ID)
		for _, act := range []Action{ActMailLetter, ActClose} {
			if c, err = e.do(c, act); err != nil {
				e.t.Fatal(err)
			}
		}
		r := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: a.MemberID, Type: store.CasePasswordReset}))
		if r, err = e.do(r, ActCheckIdentity); err != nil {
			e.t.Fatal(err)
		}
		return r
	}, func(e *env, t *testing.T, c any) []Notice {
		r, err := e.svc.IssuePassword(e.ctx, "alice", stepOf(e.caseRec(c.(store.Case).ID)))
		if err != nil {
			t.Fatal(err)
		}
		return r.Reminders
	}},
	{"membership cancelled", func(e *env) any {
		mid := e.member(false)
		e.resetFor(mid)
		c := must(e.t)(e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: mid, Type: store.CaseCancellation}))
		var err error
		for _, a := range []Action{ActCheckIdentity, ActMailForm, ActReceiveForm, ActApprove} {
			if c, err = e.do(c, a); err != nil {
				e.t.Fatal(err)
			}
		}
		return c
	}, func(e *env, t *testing.T, c any) []Notice {
		r, err := e.svc.CancelMembership(e.ctx, "bob", stepOf(e.caseRec(c.(store.Case).ID)))
		if err != nil {
			t.Fatal(err)
		}
		return r.Reminders
	}},
	{"cancelled at print", func(e *env) any {
		// A member cancelled behind the workflows' back: the print run's
		// safety net cancels the notice.
		c := e.issued()
		m := e.memberRec(c.MemberID)
		if err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
			return tx.SetMemberStatus(m.ID, m.Version, store.MemberCancelled)
		}); err != nil {
			e.t.Fatal(err)
		}
		return nil
	}, func(e *env, t *testing.T, _ any) []Notice {
		_, err := e.svc.PrintLetters(e.ctx, "carol", filepath.Join(t.TempDir(), "spool"))
		wantCode(t, err, ENOTFOUND)
		return nil
	}},
}

// TestWipeLeavesNoClearText ends password notices every way there is,
// with a second connection open on the file, and looks for the clear text
// in the database file (free pages included), the -wal and the -shm.
// "idle reader": the connection is open but reads nothing at the time; the
// wipe completes at once. "reader snapshot": it holds a read transaction
// across the step; the step says the wipe is pending, and once the
// reader lets go the next open completes it.
func TestWipeLeavesNoClearText(t *testing.T) {
	for _, p := range wipePaths {
		for _, holds := range []bool{false, true} {
			name := p.name + "/idle reader"
			if holds {
				name = p.name + "/reader snapshot"
			}
			t.Run(name, func(t *testing.T) {
				e := newFileEnv(t, 60, 0) // the bytes of the SQLite file and its WAL
				state := p.setup(e)
				before := e.queuedSecrets()
				// Put the clear text in the database file itself, not only
				// in the -wal.
				if ok, err := e.st.Checkpoint(e.ctx); !ok || err != nil {
					t.Fatalf("checkpoint: %v %v", ok, err)
				}
				reader, err := sql.Open("sqlite", "file:"+e.path+"?_pragma=query_only(1)")
				if err != nil {
					t.Fatal(err)
				}
				defer reader.Close()
				conn, err := reader.Conn(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var n int
				if holds {
					if _, err := conn.ExecContext(e.ctx, "BEGIN"); err != nil {
						t.Fatal(err)
					}
				}
				if err := conn.QueryRowContext(e.ctx, "SELECT count(*) FROM letters").Scan(&n); err != nil {
					t.Fatal(err)
				}

				told := p.end(e, t, state)
				after := e.queuedSecrets()
				var wiped []string
				for s := range before {
					if !after[s] {
						wiped = append(wiped, s)
					}
				}
				if len(wiped) == 0 {
					t.Fatal("the step wiped no password")
				}
				ws, err := e.st.WipePending(e.ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !holds {
					if ws.Pending {
						t.Errorf("wipe pending with no reader in the way: %+v", ws)
					}
					if found := secretsOnDisk(t, e.path, wiped); len(found) > 0 {
						t.Errorf("%d of %d wiped passwords still on disk", len(found), len(wiped))
					}
					if p.name != "cancelled at print" { // its member was cancelled behind the workflows' back
						checkInvariants(t, e.st)
					}
					return
				}
				if !ws.Pending {
					t.Fatalf("a reader held the old snapshot, yet the wipe is not pending")
				}
				if told != nil && !containsNotice(told, WipePendingNotice.Key) {
					t.Errorf("the step's result does not tell the operator: %+v", told)
				}
				// The reader lets go of its snapshot but stays open; the
				// next open completes the wipe.
				if _, err := conn.ExecContext(e.ctx, "COMMIT"); err != nil {
					t.Fatal(err)
				}
				e.st.Close()
				if e.st, err = store.Open(e.ctx, e.path); err != nil {
					t.Fatal(err)
				}
				if ws, _ := e.st.WipePending(e.ctx); ws.Pending {
					t.Errorf("still pending after the next open")
				}
				if found := secretsOnDisk(t, e.path, wiped); len(found) > 0 {
					t.Errorf("%d of %d wiped passwords still on disk after the next open", len(found), len(wiped))
				}
			})
		}
	}
}

func containsNotice(ns []Notice, key string) bool {
	for _, n := range ns {
		if n.Key == key {
			return true
		}
	}
	return false
}
