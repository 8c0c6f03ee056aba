package workflows

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"spdesk/store"
	"spdesk/store/luhn"
	"spdesk/workflows/kb"
	"spdesk/workflows/textsafe"
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

// loadHostile adds a member the way an import does (the store's loader,
// no workflow checks) with payload p in the name and the address; the
// identity answers are the pool's.
func (e *env) loadHostile(n int, p string) int64 {
	e.t.Helper()
	l, err := e.st.NewLoader(e.ctx, store.WithAppend())
	if err != nil {
		e.t.Fatal(err)
	}
	body := fmt.Sprintf("%09d", n)
	m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: "山田" + p, GivenName: p + "太郎",
		FamilyKana: "ヤマダ", GivenKana: "タロウ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: tPostal,
		Address: "東京都" + p + "千代田区", Phone: tPhone, Email: tEmail, JoinedOn: store.MakeDate(2020, 4, 1),
		FeeMethod: store.FeePostal, PasswordState: store.PasswordOK, Status: store.MemberActive}
	cb := fmt.Sprintf("4981%011d", n)
	card := store.Card{No: cb + string(luhn.Digit(cb)), Kind: store.CardStandard, Status: store.CardActive,
		IssuedOn: store.MakeDate(2022, 4, 1), ExpiresOn: store.MakeDate(2027, 3, 31)}
	if err := l.Add(m, []store.Card{card}); err != nil {
		e.t.Fatal(err)
	}
	if err := l.Finish(); err != nil {
		e.t.Fatal(err)
	}
	return m.ID
}

// TestSpoolLettersHoldNoControls prints a password notice for each member
// whose name and address hold one escape sequence of the review, and reads every spooled letter: no ESC, C1, DEL or other
// control byte but the line feed, and each payload's word still there
// behind its mark. On paper the mark is 〓 (the IPA fonts have no
// control pictures), and the run says which letter and which character.
func TestSpoolLettersHoldNoControls(t *testing.T) {
	e := newFileEnv(t, 0, 0)
	for i, p := range textsafe.Samples {
		e.std = append(e.std, e.loadHostile(9000+i, p))
	}
	for range textsafe.Samples {
		e.issued()
	}
	spool := filepath.Join(t.TempDir(), "spool")
	rep, err := e.svc.PrintBatch(e.ctx, "carol", spool, PrintOptions{PerLetter: true})
	if err != nil {
		t.Fatal(err)
	}
	said := map[string]bool{}
	for _, n := range rep.Notes {
		if n.Key == "letters.glyph_missing" {
			said[n.Args["ref"]] = true
			if txt := NoticeText(n, "en"); !strings.Contains(txt, n.Args["char"]) || !strings.Contains(txt, n.Args["ref"]) {
				t.Errorf("note does not name the letter and character: %s", txt)
			}
		}
	}
	if len(said) != len(textsafe.Samples) {
		t.Errorf("%d letters said to lack a character, want %d: %v", len(said), len(textsafe.Samples), rep.Notes)
	}
	var letters int
	err = filepath.WalkDir(spool, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.Contains(d.Name(), "_L-") {
			return nil // the manifest and the batch's PDF
		}
		text := pdfText(t, path)
		letters++
		if !utf8.ValidString(text) {
			t.Errorf("%s is not UTF-8", path)
		}
		for i, r := range text {
			if r != '\n' && textsafe.Bad(r) {
				t.Errorf("%s holds %U at byte %d: %q", filepath.Base(path), r, i, text[max(0, i-20):min(len(text), i+20)])
				break
			}
		}
		if !strings.Contains(text, "〓") {
			t.Errorf("%s shows no mark where the control was", filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if letters != len(textsafe.Samples) {
		t.Fatalf("%d letters in the spool, want %d", letters, len(textsafe.Samples))
	}
}

// FuzzLetterRender lays out each kind of letter for a member whose name,
// address and postal code are random bytes (data written before the
// checks, or around them): the letter holds no control character but its
// line feeds, and is exactly the letter for the same text made safe.
func FuzzLetterRender(f *testing.F) {
	for _, p := range textsafe.Samples {
		f.Add("山田"+p, "東京都"+p, "123"+p)
	}
	f.Add("", "", "")
	f.Add("\x00\t\n\r", "\u2028\ufeff", "\xc2")
	now := time.Date(2025, 6, 2, 10, 0, 0, 0, jst)
	f.Fuzz(func(t *testing.T, name, addr, postal string) {
		member := func(name, addr, postal string) store.Member {
			return store.Member{No: "0000090019", FamilyName: name, GivenName: name, Address: addr, PostalCode: postal}
		}
		for _, kind := range []store.LetterKind{store.LetterPasswordNotice, store.LetterReissueForm, store.LetterChangeForm,
			store.LetterCancellationForm, store.LetterReaderShipment} {
			l := store.Letter{ID: 1, Kind: kind, Secret: "AbCdEf2345"}
			got := renderLetter(l, member(name, addr, postal), store.Case{ID: 1}, name, now, addr)
			for i, r := range got {
				if r != '\n' && textsafe.Bad(r) {
					t.Fatalf("%s letter holds %U at %d", kind, r, i)
				}
			}
			if !utf8.ValidString(got) {
				t.Fatalf("%s letter is not UTF-8", kind)
			}
			want := renderLetter(l, member(textsafe.Show(name), textsafe.Show(addr), textsafe.Show(postal)), store.Case{ID: 1},
				textsafe.Show(name), now, textsafe.Show(addr))
			if got != want {
				t.Errorf("%s letter differs from the one for the text made safe:\n%s\n---\n%s", kind, got, want)
			}
		}
	})
}
