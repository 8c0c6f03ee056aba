package workflows

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRecordCardTestFilesOneMaskedAuditRow(t *testing.T) {
	e := newEnv(t, 1, 0)
	m := e.std[0]
	cards, err := e.st.CardsOfMember(e.ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	card := cards[0]
	before, _ := e.st.CountAudit(e.ctx)
	_, err = e.svc.RecordCardTest(e.ctx, "op1", RecordCardTestRequest{MemberID: m, CardID: card.ID, CardNo: card.No,
		Reader: "spdesk Virtual Reader 00", Verdict: "blocked", Finding: "blocked", TriesLeft: 0, Genuine: true})
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := e.st.CountAudit(e.ctx); after != before+1 {
		t.Fatalf("audit rows %d -> %d, want one more", before, after)
	}
	evs, err := e.st.AuditOfMember(e.ctx, m, 1)
	if err != nil || len(evs) != 1 {
		t.Fatal(evs, err)
	}
	ev := evs[0]
	if ev.Action != ActionCardTest || ev.CardID != card.ID || ev.CaseID != 0 || ev.Operator != "op1" {
		t.Errorf("row %+v", ev)
	}
	if strings.Contains(ev.After, card.No) || strings.Contains(ev.After, card.No[4:12]) {
		t.Errorf("card number not masked: %s", ev.After)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(ev.After), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"verdict": "blocked", "finding": "blocked", "card_no": MaskCardNo(card.No),
		"tries_left": float64(0), "genuine": true, "reader": "spdesk Virtual Reader 00"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("after[%s] = %v, want %v (%s)", k, got[k], v, ev.After)
		}
	}
	if !strings.HasSuffix(got["card_no"].(string), card.No[12:]) {
		t.Errorf("last four lost: %v", got["card_no"])
	}
}

func TestRecordCardTestUnreadCardAndRefusals(t *testing.T) {
	e := newEnv(t, 2, 0)
	// A mute card: no number, no card row; still filed to the member.
	if _, err := e.svc.RecordCardTest(e.ctx, "op1", RecordCardTestRequest{MemberID: e.std[0],
		Verdict: "unreadable", Finding: "mute", TriesLeft: -1}); err != nil {
		t.Fatal(err)
	}
	evs, _ := e.st.AuditOfMember(e.ctx, e.std[0], 1)
	if len(evs) != 1 || strings.Contains(evs[0].After, "card_no") || evs[0].CardID != 0 {
		t.Errorf("mute test filed as %+v", evs)
	}
	other, _ := e.st.CardsOfMember(e.ctx, e.std[1])
	for name, c := range map[string]struct {
		op   string
		req  RecordCardTestRequest
		code string
	}{
		"no operator":        {"", RecordCardTestRequest{MemberID: e.std[0], Verdict: "ok"}, EINVALID},
		"no member":          {"op", RecordCardTestRequest{MemberID: 99999, Verdict: "ok"}, ENOTFOUND},
		"another's card":     {"op", RecordCardTestRequest{MemberID: e.std[0], CardID: other[0].ID, Verdict: "ok"}, ENOTFOUND},
		"empty verdict":      {"op", RecordCardTestRequest{MemberID: e.std[0]}, EINVALID},
		"verdict not a code": {"op", RecordCardTestRequest{MemberID: e.std[0], Verdict: "OK; drop"}, EINVALID},
		"tries out of range": {"op", RecordCardTestRequest{MemberID: e.std[0], Verdict: "ok", TriesLeft: 99}, EINVALID},
		"control in reader":  {"op", RecordCardTestRequest{MemberID: e.std[0], Verdict: "ok", Reader: "a\x1b[2J"}, EINVALID},
	} {
		before, _ := e.st.CountAudit(e.ctx)
		_, err := e.svc.RecordCardTest(e.ctx, c.op, c.req)
		if ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
		if after, _ := e.st.CountAudit(e.ctx); after != before {
			t.Errorf("%s: refused but wrote %d rows", name, after-before)
		}
		if m := Message(err, "ja"); strings.Contains(m, "{") {
			t.Errorf("%s: unrendered message %q", name, m)
		}
	}
}
