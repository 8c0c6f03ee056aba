package workflows

import (
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/workflows/kb"
)

// TestHostileTextRefusedAtEveryInput feeds terminal controls, a C1 CSI, a
// line separator and a broken byte to every workflow input that stores
// text. Each is refused with EINVALID, the message names the field and the
// character, and nothing is written.
func TestHostileTextRefusedAtEveryInput(t *testing.T) {
	e := newEnv(t, 4, 0)
	payloads := map[string]string{
		"osc title": "山田\x1b]0;pwned\x07",
		"c1 csi":    "山田\u009b2J",
		"line sep":  "山田\u2028太郎",
		"bad byte":  "山田\xff",
		"bidi":      "山田\u202e",
	}
	wantRefusal := func(t *testing.T, what string, err error, field string) {
		t.Helper()
		wantCode(t, err, EINVALID)
		if err == nil {
			return
		}
		ja, en := Message(err, "ja"), Message(err, "en")
		if !strings.Contains(en, field) || !strings.Contains(en, "delete it") || !strings.Contains(ja, "消して") ||
			strings.Contains(en, "{") {
			t.Errorf("%s: message does not name %q and what to do: %s / %s", what, field, en, ja)
		}
	}
	c := e.reach(store.CaseContactChange, false, nil)
	nc := e.reach(store.CaseNameChange, false, []Action{ActMailForm, ActReceiveForm})
	free := e.member(false)
	for name, p := range payloads {
		t.Run(name, func(t *testing.T) {
			before := e.auditCount()
			m := e.memberRec(c.MemberID)
			_, err := e.svc.ChangeContact(e.ctx, "alice", ChangeContactRequest{CaseID: c.ID, CaseVersion: c.Version,
				MemberVersion: m.Version, Address: p})
			wantRefusal(t, "address", err, "address")
			nm := e.memberRec(nc.MemberID)
			_, err = e.svc.ChangeName(e.ctx, "alice", ChangeNameRequest{CaseID: nc.ID, CaseVersion: nc.Version,
				MemberVersion: nm.Version, FamilyName: p, GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ"})
			wantRefusal(t, "family name", err, "family name")
			_, err = e.svc.OpenCase(e.ctx, "alice", OpenCaseRequest{MemberID: free, Type: store.CasePasswordReset, Note: p})
			wantRefusal(t, "note", err, "note")
			_, err = e.svc.AddOperator(e.ctx, "alice", OperatorRequest{Login: "dave", DisplayName: p,
				Role: store.RoleOperator, Password: "a long enough password"})
			wantRefusal(t, "display name", err, "display name")
			_, err = e.svc.QueueCases(e.ctx, store.QueueQuery{Filter: p})
			wantRefusal(t, "queue filter", err, "filter")
			_, err = e.svc.PrintLetters(e.ctx, "alice", filepath.Join(t.TempDir(), p))
			wantRefusal(t, "spool folder", err, "spool folder")
			_, err = e.svc.ExportAuditFile(e.ctx, "alice", store.AuditFilter{}, filepath.Join(t.TempDir(), p+".csv"))
			wantRefusal(t, "export file", err, "export file")
			_, err = ParseAuditQuery(e.ctx, AuditQuery{Operator: p}, e.st)
			wantRefusal(t, "audit filter", err, "operator")
			if n := e.auditCount(); n != before {
				t.Errorf("refusals wrote %d audit rows", n-before)
			}
		})
	}
	if m := e.memberRec(c.MemberID); strings.Contains(m.Address, "山田") {
		t.Errorf("address stored: %q", m.Address)
	}
}

func TestValidatorsNameCharacterAndPlace(t *testing.T) {
	_, err := NormalizeAddress("東京都\x1b[2J千代田区")
	if got := Message(err, "en"); got != "address holds a control character (U+001B) at character 4: delete it and type the text again" {
		t.Errorf("message: %s", got)
	}
	// Line feeds and tabs are fine in a note, not in a name.
	if _, err := normalizeNote("note", "one\n\ttwo", false); err != nil {
		t.Errorf("note with line breaks refused: %v", err)
	}
	if _, err := NormalizeName("given_name", "太\n郎"); ErrorCode(err) != EINVALID {
		t.Errorf("line feed in a name: %v", err)
	}
}

func TestKBArticleWithControlRefused(t *testing.T) {
	src := "---\nid: x\nlang: en\ntitle: T\n---\nbody \x1b]8;;http://evil/\x1b\\ here\n"
	_, err := kb.Parse("x.en.md", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "x.en.md:6:") || !strings.Contains(err.Error(), "U+001B") {
		t.Fatalf("article with ESC: %v", err)
	}
}
