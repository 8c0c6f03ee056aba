package workflows

import (
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

func TestParseAuditQuery(t *testing.T) {
	e := newEnv(t, 2, 0)
	m := e.memberRec(e.std[0])
	tokyoDay := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, tokyo) }
	for _, tc := range []struct {
		name string
		q    AuditQuery
		want store.AuditFilter
		code string
		msg  string
	}{
		{"empty", AuditQuery{}, store.AuditFilter{}, "", ""},
		{"all fields", AuditQuery{Operator: " sato ", Member: m.No, Case: "C-0000042", Action: "lost_card", From: "2026-11-01", To: "2026-11-30"},
			store.AuditFilter{Operator: "sato", MemberID: m.ID, CaseID: 42, Action: "lost_card",
				From: tokyoDay(2026, 11, 1), To: tokyoDay(2026, 12, 1)}, "", ""},
		{"case digits", AuditQuery{Case: "7"}, store.AuditFilter{CaseID: 7}, "", ""},
		{"one day", AuditQuery{From: "2026-11-26", To: "2026-11-26"}, store.AuditFilter{From: tokyoDay(2026, 11, 26), To: tokyoDay(2026, 11, 27)}, "", ""},
		// The console shows dates the Japanese way: what it shows can be typed back.
		{"japanese days", AuditQuery{From: "2026年11月1日", To: "２０２６/11/26"}, store.AuditFilter{From: tokyoDay(2026, 11, 1), To: tokyoDay(2026, 11, 27)}, "", ""},
		{"bad case", AuditQuery{Case: "X-1"}, store.AuditFilter{}, EINVALID, "case X-1: give a case number"},
		{"bad date", AuditQuery{To: "26/11/2026"}, store.AuditFilter{}, EINVALID, "to date 26/11/2026"},
		{"range", AuditQuery{From: "2026-11-27", To: "2026-11-26"}, store.AuditFilter{}, EINVALID, "is after the last day"},
		{"short member", AuditQuery{Member: "12345"}, store.AuditFilter{}, EINVALID, "10-digit"},
		{"unknown member", AuditQuery{Member: "0000000000"}, store.AuditFilter{}, ENOTFOUND, "no member has the number 0000000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseAuditQuery(e.ctx, tc.q, e.st)
			if ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want code %q", err, tc.code)
			}
			if err != nil {
				if got := Message(err, "en"); !strings.Contains(got, tc.msg) || Message(err, "ja") == got {
					t.Fatalf("message %q, want %q (and a Japanese one)", got, tc.msg)
				}
				return
			}
			if f.Operator != tc.want.Operator || f.MemberID != tc.want.MemberID || f.CaseID != tc.want.CaseID ||
				f.Action != tc.want.Action || !f.From.Equal(tc.want.From) || !f.To.Equal(tc.want.To) {
				t.Fatalf("filter %+v, want %+v", f, tc.want)
			}
		})
	}
}
