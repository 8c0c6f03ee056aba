package workflows

import (
	"path/filepath"
	"testing"

	"spdesk/store"
)

func TestSeedDemoCases(t *testing.T) {
	e := newEnv(t, 60, 10)
	rep, err := SeedDemoCases(e.ctx, e.svc, filepath.Join(t.TempDir(), "spool"), "demo-operator", "demo-supervisor")
	if err != nil {
		t.Fatal(err)
	}
	got := map[store.CaseType]map[store.CaseState]bool{}
	for _, c := range rep.Cases {
		if got[c.Type] == nil {
			got[c.Type] = map[store.CaseState]bool{}
		}
		got[c.Type][c.State] = true
	}
	for _, typ := range CaseTypes() {
		for _, st := range States(typ) {
			if !got[typ][st] && st != store.StateWithdrawn && !(st == store.StateClosed && typ != store.CaseLostCard &&
				typ != store.CasePasswordReset && typ != store.CaseContactChange) {
				t.Errorf("no demo %s case in %s", typ, st)
			}
		}
	}
	q, _ := e.st.CountQueuedLetters(e.ctx)
	for _, k := range []store.LetterKind{store.LetterPasswordNotice, store.LetterReissueForm, store.LetterChangeForm,
		store.LetterCancellationForm} {
		if q[k] == 0 {
			t.Errorf("no queued %s", k)
		}
	}
	if len(rep.Batches) != 2 || rep.Batches[0].State != store.BatchMailed {
		t.Errorf("batches %+v", rep.Batches)
	}
	checkInvariants(t, e.st)
}
