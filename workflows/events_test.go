package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// types lists the events after cursor, as "type@subject#seq".
func (e *env) eventsAfter(cursor int64) ([]store.Event, []string) {
	e.t.Helper()
	evs, err := e.svc.EventsAfter(e.ctx, cursor, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Type+"="+ev.State)
	}
	return evs, out
}

func lastID(evs []store.Event) int64 {
	if len(evs) == 0 {
		return 0
	}
	return evs[len(evs)-1].ID
}

// Every step that changes what the login service must know writes its
// event in its own transaction, numbered per card or member.
func TestEveryChangeWritesItsEvent(t *testing.T) {
	e := newEnv(t, 6, 1)
	cursor := int64(0)
	step := func(want string, f func()) {
		t.Helper()
		f()
		evs, got := e.eventsAfter(cursor)
		if strings.Join(got, " ") != want {
			t.Fatalf("events %q, want %q", strings.Join(got, " "), want)
		}
		cursor = max(cursor, lastID(evs))
	}
	var lost store.Case
	step("card.suspended=suspended", func() { lost = e.reach(store.CaseLostCard, false, nil) })
	step("card.resumed=active", func() { must(t)(e.svc.ResumeCard(e.ctx, "alice", stepOf(e.caseRec(lost.ID)))) })
	evs, _ := e.svc.st.CardEvents(e.ctx, lost.CardID)
	if len(evs) != 2 || evs[0].Seq != 1 || evs[1].Seq != 2 || evs[0].Subject != evs[1].Subject {
		t.Fatalf("a card's events are not numbered 1, 2: %+v", evs)
	}
	var c store.Case
	step("card.suspended=suspended card.issued=suspended", func() {
		c = e.reach(store.CaseLostCard, false, []Action{ActOrderReissue})
	})
	step("card.activated=active card.revoked=revoked", func() {
		if _, err := e.do(c, ActShipCard); err != nil {
			t.Fatal(err)
		}
	})

	var pw store.Case
	step("password.reset=issued", func() { pw = e.reach(store.CasePasswordReset, false, []Action{ActCheckIdentity, ActIssuePassword}) })
	got, _ := e.eventsAfter(cursor - 1)
	var letters []store.Letter
	e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) (err error) {
		letters, err = tx.QueuedLettersOfCase(pw.ID)
		return err
	})
	if len(letters) != 1 || letters[0].Secret == "" {
		t.Fatalf("no queued notice with its password: %+v", letters)
	}
	if !strings.HasPrefix(got[0].PasswordHash, "$argon2id$v=19$") {
		t.Errorf("password event carries %q, want an argon2id PHC string", got[0].PasswordHash)
	}
	for _, l := range letters {
		if l.Secret != "" && strings.Contains(got[0].PasswordHash+got[0].State, l.Secret) {
			t.Error("the password event carries the clear-text password")
		}
	}
	step("password.locked=locked", func() {
		must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{CaseID: pw.ID, CaseVersion: e.caseRec(pw.ID).Version, Reason: "caller hung up"}))
	})
	step("card.revoked=revoked membership.cancelled=cancelled", func() {
		e.reach(store.CaseCancellation, false, []Action{ActMailForm, ActReceiveForm, ActApprove, ActCancelMembership})
	})
	checkInvariants(t, e.st)
}

var errInjected = errors.New("injected failure after the write")

// A step that fails after its write leaves no event; the next committed
// change has one, numbered as if the failed one never happened.
func TestRolledBackChangeLeavesNoEvent(t *testing.T) {
	e := newEnv(t, 1, 0)
	card := e.card(e.std[0])
	err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		if err := tx.SetCardStatus(card.ID, card.Version, store.CardSuspended); err != nil {
			return err
		}
		if err := tx.SetPasswordHash(card.MemberID, "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA"); err != nil {
			return err
		}
		return errInjected
	})
	if !errors.Is(err, errInjected) {
		t.Fatalf("write: %v", err)
	}
	if evs, _ := e.eventsAfter(0); len(evs) != 0 {
		t.Fatalf("a rolled-back write left events: %+v", evs)
	}
	c := e.reachOn(e.std[0], store.CaseLostCard, nil)
	evs, _ := e.eventsAfter(0)
	if len(evs) != 1 || evs[0].Seq != 1 || evs[0].CardID != c.CardID {
		t.Fatalf("after the commit: %+v", evs)
	}
}

// The desk's question, "was this card's stop confirmed, and when".
func TestCardStopStatusSaysWhenConfirmed(t *testing.T) {
	e := newEnv(t, 2, 0)
	active := e.card(e.std[1])
	st, err := e.svc.CardStopStatus(e.ctx, active.ID)
	if err != nil || st.Stopped() || st.EventID != 0 {
		t.Fatalf("active card: %+v %v", st, err)
	}
	c := e.reach(store.CaseLostCard, false, nil)
	st, err = e.svc.CardStopStatus(e.ctx, c.CardID)
	if err != nil || !st.Stopped() || st.EventID == 0 || !st.StoppedAt.Equal(e.clock.Now()) || !st.ConfirmedAt.IsZero() {
		t.Fatalf("just stopped: %+v %v", st, err)
	}
	at := e.clock.Now().Add(700 * time.Millisecond)
	if err := e.st.ConfirmEvent(e.ctx, st.EventID, at); err != nil {
		t.Fatal(err)
	}
	st, _ = e.svc.CardStopStatus(e.ctx, c.CardID)
	if !st.ConfirmedAt.Equal(at) || st.Parked {
		t.Fatalf("confirmed: %+v", st)
	}
	if _, err := e.svc.CardStopStatus(e.ctx, 999999); ErrorCode(wrapStore(err, "card")) != ENOTFOUND {
		t.Errorf("no such card: %v", err)
	}
}

// A parked event is in the supervisors' queue until one re-queues it,
// with an audit row; an event not parked cannot be re-queued.
func TestParkedEventIsRetriedBySupervisor(t *testing.T) {
	e := newEnv(t, 1, 0)
	c := e.reach(store.CaseLostCard, false, nil)
	evs, _ := e.eventsAfter(0)
	id := evs[0].ID
	_, err := e.svc.RetryEvent(e.ctx, "alice", id)
	wantCode(t, err, ESTATE)
	now := e.clock.Now()
	if err := e.st.FailEvent(e.ctx, id, now, time.Time{}, "HTTP 500", true); err != nil {
		t.Fatal(err)
	}
	parked, err := e.svc.UndeliveredEvents(e.ctx, "alice")
	if err != nil || len(parked) != 1 || parked[0].ID != id || parked[0].LastError != "HTTP 500" {
		t.Fatalf("queue: %+v %v", parked, err)
	}
	if st, _ := e.svc.CardStopStatus(e.ctx, c.CardID); !st.Parked {
		t.Errorf("stop status does not say parked: %+v", st)
	}
	if d, _ := e.st.DeliverableEvents(e.ctx, now.Add(time.Hour), 10); len(d) != 0 {
		t.Fatalf("a parked event is deliverable: %+v", d)
	}
	n := e.auditCount()
	if _, err := e.svc.RetryEvent(e.ctx, "alice", id); err != nil {
		t.Fatal(err)
	}
	if a := e.lastAudit(); e.auditCount() != n+1 || a.Action != "event.retry" || a.CardID != c.CardID {
		t.Errorf("retry audit row %+v", a)
	}
	if d, _ := e.st.DeliverableEvents(e.ctx, now, 10); len(d) != 1 || d[0].ID != id || d[0].Attempts != 0 {
		t.Fatalf("re-queued: %+v", d)
	}
	_, err = e.svc.RetryEvent(e.ctx, "alice", 424242)
	wantCode(t, err, ENOTFOUND)
}

// A card's later event waits while an earlier one is unconfirmed, so no
// receiver sees a resume before the suspension it lifts.
func TestLaterEventOfACardWaitsForTheEarlier(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.reach(store.CaseLostCard, false, nil)
	must(t)(e.svc.ResumeCard(e.ctx, "alice", stepOf(e.caseRec(c.ID))))
	other := e.reach(store.CaseLostCard, false, nil)
	d, err := e.st.DeliverableEvents(e.ctx, e.clock.Now(), 10)
	if err != nil || len(d) != 2 || d[0].CardID != c.CardID || d[0].Seq != 1 || d[1].CardID != other.CardID {
		t.Fatalf("deliverable: %+v %v", d, err)
	}
	if err := e.st.ConfirmEvent(e.ctx, d[0].ID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	d, _ = e.st.DeliverableEvents(e.ctx, e.clock.Now(), 10)
	if len(d) != 2 || d[0].CardID != c.CardID || d[0].Seq != 2 {
		t.Fatalf("after the first is confirmed: %+v", d)
	}
}
