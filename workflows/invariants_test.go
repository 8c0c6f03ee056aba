package workflows

import (
	"context"
	"strings"
	"testing"

	"spdesk/store"
)

// checkInvariants verifies what "no half case" means on a whole database:
// every case has exactly one audit row per version (besides refusals), ends in the state its
// last row says, and the member, cards and letters agree with its state;
// the audit chain is intact; no secret outlived its queued letter.
func checkInvariants(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	cases, err := st.AllCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		all, err := st.AuditOfCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A refused supervisor call is on record against the case
		// ("denied") but changed nothing: it has no version.
		var evs []store.AuditEvent
		for _, e := range all {
			if e.Action != "denied" {
				evs = append(evs, e)
			}
		}
		if int64(len(evs)) != c.Version {
			t.Errorf("%s: version %d but %d audit rows", c.No(), c.Version, len(evs))
			continue
		}
		if evs[0].FromState != "" || evs[len(evs)-1].ToState != c.State {
			t.Errorf("%s: state %s, audit trail ends in %s", c.No(), c.State, evs[len(evs)-1].ToState)
		}
		for i := 1; i < len(evs); i++ {
			if evs[i].FromState != evs[i-1].ToState {
				t.Errorf("%s: audit row %d starts in %s after %s", c.No(), evs[i].ID, evs[i].FromState, evs[i-1].ToState)
			}
		}
		checkCaseEffects(t, st, c, evs)
		checkOutbox(t, st, c.MemberID)
	}
	var last store.AuditEvent
	for after := int64(0); ; {
		page, err := st.AuditAfter(ctx, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if e.PrevHash != last.Hash || store.AuditHash(e) != e.Hash {
				t.Fatalf("audit chain broken at row %d", e.ID)
			}
			last = e
		}
		after = page[len(page)-1].ID
	}
	if n, err := st.StrayLetterSecrets(ctx); err != nil || n != 0 {
		t.Errorf("stray letter secrets: %d (%v)", n, err)
	}
}

func checkCaseEffects(t testing.TB, st *store.Store, c store.Case, evs []store.AuditEvent) {
	t.Helper()
	ctx := context.Background()
	m, err := st.MemberByID(ctx, c.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	cards, _ := st.CardsOfMember(ctx, c.MemberID)
	card := func(id int64) store.Card {
		for _, k := range cards {
			if k.ID == id {
				return k
			}
		}
		t.Fatalf("%s: card #%d missing", c.No(), id)
		return store.Card{}
	}
	letters, _ := st.LettersOfCase(ctx, c.ID)
	hasLetter := func(kind store.LetterKind, states ...store.LetterState) bool {
		for _, l := range letters {
			for _, s := range states {
				if l.Kind == kind && l.State == s {
					return true
				}
			}
		}
		return false
	}
	cancelled := m.Status == store.MemberCancelled
	switch c.State {
	case store.StateCardSuspended, store.StateFormMailed, store.StateFormReceived, store.StateReferredToIssuer:
		if (c.Type == store.CaseLostCard || c.Type == store.CaseBrokenCard) && !cancelled &&
			card(c.CardID).Status != store.CardSuspended {
			t.Errorf("%s in %s: card is %s", c.No(), c.State, card(c.CardID).Status)
		}
	case store.StateUnderReview:
		if c.CardID != 0 && card(c.CardID).Status == store.CardActive {
			t.Errorf("%s in %s: card is usable during the review", c.No(), c.State)
		}
	case store.StateReissueOrdered:
		nc := card(c.NewCardID)
		if nc.ReplacesCard != c.CardID || (!cancelled && nc.Status != store.CardSuspended) {
			t.Errorf("%s in %s: new card %+v", c.No(), c.State, nc)
		}
	case store.StateCardShipped:
		if !cancelled && (card(c.NewCardID).Status != store.CardActive || card(c.CardID).Status != store.CardRevoked) {
			t.Errorf("%s in %s: cards not swapped", c.No(), c.State)
		}
	case store.StatePasswordIssued:
		if !hasLetter(store.LetterPasswordNotice, store.LetterQueued) || m.PasswordState != store.PasswordIssued {
			t.Errorf("%s in %s: no queued notice or password state %s", c.No(), c.State, m.PasswordState)
		}
	case store.StateLetterPrinted:
		if !hasLetter(store.LetterPasswordNotice, store.LetterPrinted) {
			t.Errorf("%s in %s: notice not printed", c.No(), c.State)
		}
	case store.StateMembershipCancelled:
		if !cancelled {
			t.Errorf("%s in %s: member is %s", c.No(), c.State, m.Status)
		}
		for _, k := range cards {
			if k.Status != store.CardRevoked {
				t.Errorf("%s in %s: card %d is %s", c.No(), c.State, k.ID, k.Status)
			}
		}
	case store.StateNameChanged:
		names, _ := st.FormerNames(ctx, m.ID)
		if len(names) == 0 {
			t.Errorf("%s in %s: old name not kept", c.No(), c.State)
		}
	}
	if c.State == store.StateFormMailed && !hasLetter(formOf[c.Type], store.LetterQueued, store.LetterPrinted, store.LetterMailed) {
		t.Errorf("%s in %s: no form letter", c.No(), c.State)
	}
	if c.Open() && !c.ClosedAt.IsZero() || !c.Open() && c.ClosedAt.IsZero() {
		t.Errorf("%s in %s: closed_at %v", c.No(), c.State, c.ClosedAt)
	}
}

// checkOutbox verifies that the login service has been told every state
// of the member's cards and password it must know: each card's last event
// states its status (a stopped card has one), each locked or replaced
// password and a cancelled membership has its event, and a replaced
// password's event carries an argon2id hash, never clear text.
func checkOutbox(t testing.TB, st *store.Store, memberID int64) {
	t.Helper()
	ctx := context.Background()
	m, err := st.MemberByID(ctx, memberID)
	if err != nil {
		t.Fatal(err)
	}
	cards, _ := st.CardsOfMember(ctx, memberID)
	for _, k := range cards {
		evs, err := st.CardEvents(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.Errorf("card #%d: event %d has seq %d, want %d", k.ID, e.ID, e.Seq, i+1)
			}
		}
		switch {
		case len(evs) > 0 && evs[len(evs)-1].State != string(k.Status):
			t.Errorf("card #%d is %s, its last event says %s", k.ID, k.Status, evs[len(evs)-1].State)
		case len(evs) == 0 && k.Status != store.CardActive:
			t.Errorf("card #%d is %s and the login service was never told", k.ID, k.Status)
		}
	}
	evs, err := st.MemberEvents(ctx, memberID)
	if err != nil {
		t.Fatal(err)
	}
	var pw *store.Event
	cancelled := false
	for i := range evs {
		switch evs[i].Type {
		case store.EventPasswordLocked, store.EventPasswordReset:
			pw = &evs[i]
		case store.EventMembershipCancelled:
			cancelled = true
		}
	}
	switch m.PasswordState {
	case store.PasswordLocked:
		if pw == nil || pw.Type != store.EventPasswordLocked {
			t.Errorf("member %s: password locked, last password event %+v", m.No, pw)
		}
	case store.PasswordIssued:
		if pw == nil || pw.Type != store.EventPasswordReset || !strings.HasPrefix(pw.PasswordHash, "$argon2id$") {
			t.Errorf("member %s: password issued, last password event %+v", m.No, pw)
		}
	}
	if (m.Status == store.MemberCancelled) != cancelled {
		t.Errorf("member %s is %s; membership.cancelled event: %v", m.No, m.Status, cancelled)
	}
}
