package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

func (e *env) cardRec(id int64) store.Card {
	e.t.Helper()
	var c store.Card
	err := e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		var err error
		c, err = tx.Card(id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// A lost card whose case was withdrawn stays suspended; a new report opens
// a case on it (saying it was already suspended) and a resume lifts it.
func TestReportAgainAfterWithdraw(t *testing.T) {
	for _, typ := range []store.CaseType{store.CaseLostCard, store.CaseBrokenCard} {
		t.Run(string(typ), func(t *testing.T) {
			e := newEnv(t, 2, 0)
			c := e.reach(typ, false, nil)
			c = must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c.ID, c.Version, "member hung up"}))
			card := e.cardRec(c.CardID)
			if card.Status != store.CardSuspended {
				t.Fatalf("card %s after withdraw, want suspended", card.Status)
			}
			req := ReportCardRequest{MemberID: c.MemberID, CardID: card.ID, CardVersion: card.Version}
			report := e.svc.ReportLostCard
			if typ == store.CaseBrokenCard {
				report = e.svc.ReportBrokenCard
			}
			c2 := must(t)(report(e.ctx, "alice", req))
			if c2.CardID != card.ID || c2.State != store.StateCardSuspended {
				t.Fatalf("new case %+v", c2)
			}
			if e.cardRec(card.ID).Version != card.Version {
				t.Error("the report rewrote a card that was already suspended")
			}
			rows, _ := e.st.AuditOfCase(e.ctx, c2.ID)
			if len(rows) != 1 || !strings.Contains(rows[0].After, `"already_suspended":true`) {
				t.Errorf("report audit rows %+v: want one saying the card was already suspended", rows)
			}
			// A second report while that case is open is still refused.
			_, err := report(e.ctx, "alice", req)
			wantCode(t, err, ECONFLICT)
			if typ == store.CaseLostCard {
				c2, err = e.do(c2, ActCheckIdentity)
				if err != nil {
					t.Fatal(err)
				}
				if _, err = e.do(c2, ActResume); err != nil {
					t.Fatal(err)
				}
				if st := e.cardRec(card.ID).Status; st != store.CardActive {
					t.Errorf("card %s after resume, want active", st)
				}
			}
			checkInvariants(t, e.st)
		})
	}
}

// Withdrawn after the reissue was ordered, the replacement that never
// shipped is revoked in the same transaction, with its audit row.
func TestWithdrawRevokesUnshippedReplacement(t *testing.T) {
	e := newEnv(t, 2, 0)
	c := e.reach(store.CaseLostCard, false, []Action{ActOrderReissue})
	if c.NewCardID == 0 {
		t.Fatal("no replacement ordered")
	}
	c = must(t)(e.svc.Withdraw(e.ctx, "alice", WithdrawRequest{c.ID, c.Version, "found it after all"}))
	if st := e.cardRec(c.NewCardID).Status; st != store.CardRevoked {
		t.Errorf("replacement %s after withdraw, want revoked", st)
	}
	rows, _ := e.st.AuditOfCase(e.ctx, c.ID)
	last := rows[len(rows)-1]
	if !strings.Contains(last.Before, `"new_card_status":"suspended"`) || !strings.Contains(last.After, `"new_card_status":"revoked"`) {
		t.Errorf("withdraw row before %s after %s: want the replacement's status change", last.Before, last.After)
	}
	// The old card can be reported again.
	old := e.cardRec(c.CardID)
	must(t)(e.svc.ReportLostCard(e.ctx, "alice", ReportCardRequest{MemberID: c.MemberID, CardID: old.ID, CardVersion: old.Version}))
	checkInvariants(t, e.st)
}
