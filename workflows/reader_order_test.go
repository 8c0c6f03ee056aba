package workflows

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

func TestOrderReader(t *testing.T) {
	e := newEnv(t, 3, 0)
	// Friday 25 Dec 2026: two business days later falls after the
	// 29 Dec - 3 Jan closure and the weekend: Monday 28 Dec, then Monday 4 Jan.
	e.clock.Set(time.Date(2026, 12, 25, 15, 0, 0, 0, jst))
	mid := e.member(false)
	before := e.auditCount()
	r, err := e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: mid, System: store.ReaderMac,
		Answers: goodAnswers()})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.PriceYen != 2500 || o.FeeYen != 25 || o.System != store.ReaderMac || o.OrderedBy != "alice" {
		t.Errorf("order %+v", o)
	}
	if want := store.MakeDate(2027, 1, 4); o.ShipBy != want {
		t.Errorf("ships by %s, want %s", o.ShipBy, want)
	}
	if got := e.svc.ReaderShipBy(); got != o.ShipBy {
		t.Errorf("ReaderShipBy %s, order %s", got, o.ShipBy)
	}
	if r.Letter.Kind != store.LetterReaderShipment || r.Letter.State != store.LetterQueued || r.Letter.CaseID != 0 {
		t.Errorf("letter %+v", r.Letter)
	}
	if got := e.auditCount(); got != before+1 {
		t.Errorf("audit rows %d -> %d, want one more", before, got)
	}
	ev, err := e.st.AuditOfMember(e.ctx, mid, 10)
	if err != nil || len(ev) == 0 || ev[len(ev)-1].Action != "reader.order" && ev[0].Action != "reader.order" {
		t.Fatalf("audit of member: %v %v", ev, err)
	}
	if len(r.Reminders) != 1 || !strings.Contains(NoticeText(r.Reminders[0], "en"), "ChoCom only") ||
		!strings.Contains(NoticeText(r.Reminders[0], "ja"), "¥25") {
		t.Errorf("reminders %+v", r.Reminders)
	}

	// The shipment slip lists the order, in the letter's own layout.
	m := e.memberRec(mid)
	err = e.st.Write(e.ctx, e.clock.Now(), func(tx *store.Tx) error {
		detail, err := letterDetail(tx, r.Letter)
		if err != nil {
			return err
		}
		text := renderLetter(r.Letter, m, store.Case{}, "", tx.Now, detail...)
		for _, want := range []string{"ICカードリーダー（追加）の送付について", "Macintosh版", "¥2,500（税別、送料込み）",
			"ちょコム手数料 1%　¥25", "2027年1月4日まで", m.Name() + "　様", r.Letter.RefNo()} {
			if !strings.Contains(text, want) {
				t.Errorf("slip lacks %q:\n%s", want, text)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOrderReaderRefuses(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	before := e.auditCount()
	_, err := e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: mid, System: "linux", Answers: goodAnswers()})
	wantCode(t, err, EINVALID)
	_, err = e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: mid, System: store.ReaderMac})
	wantCode(t, err, EINVALID) // no identity answers
	if got := e.auditCount(); got != before {
		t.Errorf("refusals wrote %d audit rows", got-before)
	}
	// A caller who does not pass: recorded, nothing ordered, not an error.
	r, err := e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: mid, System: store.ReaderMac,
		Answers: IdentityAnswers{BirthDate: tBirth, Phone: "0399999999"}})
	if err != nil || r.Identity.Passed || r.Identity.Phone != NoMatch || r.Order.ID != 0 || r.Letter.ID != 0 {
		t.Fatalf("failed identity: %+v, %v", r, err)
	}
	if got := e.auditCount(); got != before+1 {
		t.Errorf("failed identity wrote %d audit rows, want 1", got-before)
	}
	if os, _ := e.st.ReaderOrdersOfMember(e.ctx, mid); len(os) != 0 {
		t.Errorf("ordered on a failed identity: %v", os)
	}
	before = e.auditCount()
	_, err = e.svc.OrderReader(e.ctx, "", ReaderOrderRequest{MemberID: mid, System: store.ReaderWindows, Answers: goodAnswers()})
	wantCode(t, err, EINVALID)
	_, err = e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: 999999, System: store.ReaderWindows, Answers: goodAnswers()})
	wantCode(t, err, ENOTFOUND)
	// A member whose cancellation form is out cannot order.
	c := e.reach(store.CaseCancellation, false, []Action{ActMailForm})
	_, err = e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: c.MemberID, System: store.ReaderWindows,
		Answers: goodAnswers()})
	wantCode(t, err, ESTATE)
	if msg := Message(err, "en"); !strings.Contains(msg, "cancelling") {
		t.Errorf("message %q", msg)
	}
	if got := e.auditCount(); got != before+countAudit(t, e, c) {
		t.Errorf("a refused order wrote audit rows")
	}
	if os, _ := e.st.ReaderOrdersOfMember(context.Background(), c.MemberID); len(os) != 0 {
		t.Errorf("refused order recorded: %v", os)
	}
}

// countAudit is how many audit rows case c's own steps wrote.
func countAudit(t *testing.T, e *env, c store.Case) int64 {
	t.Helper()
	ev, err := e.st.AuditOfCase(e.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return int64(len(ev))
}

func TestReaderFee(t *testing.T) {
	for _, tc := range []struct{ price, fee, taxed int }{{2500, 25, 2750}, {2550, 26, 2805}, {0, 0, 0}} {
		if got := ReaderFeeYen(tc.price); got != tc.fee {
			t.Errorf("fee on %d = %d, want %d", tc.price, got, tc.fee)
		}
		if got := ReaderTaxIncludedYen(tc.price); got != tc.taxed {
			t.Errorf("with tax %d = %d, want %d", tc.price, got, tc.taxed)
		}
	}
}

// The slip the print run writes lists the order: what was ordered, the
// price before tax and the ChoCom fee, read back from the spool file.
func TestPrintedReaderSlipListsOrder(t *testing.T) {
	e := newEnv(t, 3, 0)
	mid := e.member(false)
	r, err := e.svc.OrderReader(e.ctx, "alice", ReaderOrderRequest{MemberID: mid, System: store.ReaderWindows,
		Answers: goodAnswers()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.PrintLetters(e.ctx, "carol", filepath.Join(t.TempDir(), "spool"))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := e.st.LettersOfMember(e.ctx, mid)
	if err != nil || len(ls) != 1 || ls[0].ID != r.Letter.ID || ls[0].FileName == "" {
		t.Fatalf("letters of the member after print: %+v (%v)", ls, err)
	}
	text := pdfText(t, filepath.Join(b.SpoolDir, ls[0].FileName))
	for _, want := range []string{"ご注文内容", "ICカードリーダー USBタイプ（Windows版）", "¥2,500（税別、送料込み）",
		"ちょコム手数料 1% ¥25", "ちょコム払い", "発送予定日", r.Letter.RefNo()} {
		if !strings.Contains(text, want) {
			t.Errorf("printed slip lacks %q:\n%s", want, text)
		}
	}
}
