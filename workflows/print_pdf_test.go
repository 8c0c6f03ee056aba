package workflows

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
	"spdesk/store/luhn"
)

// loadMember adds a member with the given name, postal code and address.
func (e *env) loadMember(n int, family, postal, address string) int64 {
	e.t.Helper()
	l, err := e.st.NewLoader(e.ctx, store.WithAppend())
	if err != nil {
		e.t.Fatal(err)
	}
	body := fmt.Sprintf("%09d", n)
	m := &store.Member{No: body + string(luhn.Digit(body)), FamilyName: family, GivenName: "花子",
		FamilyKana: "ヨシダ", GivenKana: "ハナコ", BirthDate: store.MakeDate(1980, 1, 2), PostalCode: postal,
		Address: address, Phone: tPhone, Email: tEmail, JoinedOn: store.MakeDate(2020, 4, 1),
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

// The bad input of paper: a name with a character the font lacks, a
// postal code or address the barcode cannot encode, an address too long
// for the window. Every letter prints; what is missing is said per letter,
// on the report and in the manifest, and the long address is all there.
func TestPrintSaysWhatIsMissing(t *testing.T) {
	e := newEnv(t, 0, 0)
	long := strings.Repeat("北海道札幌市中央区南四条西", 8) + "29丁目1524-23"
	e.std = append(e.std,
		e.loadMember(9101, "𠮷田", "1000013", "東京都千代田区霞が関1丁目3番2号"),
		e.loadMember(9102, "山田", "1000000", "東京都千代田区1-3-2"),
		e.loadMember(9103, "川田", "1000013", "東京都千代田区霞が関"),
		e.loadMember(9104, "森田", "0640804", long))
	var refs []string
	for range 4 {
		c := e.issued()
		ls, _ := e.st.LettersOfCase(e.ctx, c.ID)
		refs = append(refs, ls[0].RefNo())
	}
	rep, err := e.svc.PrintBatch(e.ctx, "carol", filepath.Join(t.TempDir(), "spool"), PrintOptions{})
	if err != nil || rep.Batch.Letters != 4 {
		t.Fatalf("print: %v %+v", err, rep.Batch)
	}
	var said []string
	for _, n := range rep.Notes {
		said = append(said, NoticeText(n, "ja"))
	}
	want := []string{
		refs[0] + ": 氏名 の文字「𠮷」（U+20BB7）はフォントにないため〓で印刷しました",
		refs[1] + ": カスタマバーコードなしで印刷しました（町域の代表郵便番号（下2桁00）にはバーコードを付けません）",
		refs[2] + ": カスタマバーコードなしで印刷しました（住所に丁目・番地・号の番号が見つかりません）",
	}
	all := strings.Join(said, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("the report lacks %q:\n%s", w, all)
		}
	}
	if len(said) != 3 {
		t.Errorf("%d notes, want 3 (the long address prints whole, with its barcode):\n%s", len(said), all)
	}
	man, _ := os.ReadFile(filepath.Join(rep.Batch.SpoolDir, rep.Batch.No()+"_manifest.txt"))
	if !strings.Contains(string(man), "note\t"+refs[0]+"\t"+refs[0]+": the name holds 𠮷 (U+20BB7)") {
		t.Errorf("manifest:\n%s", man)
	}
	// The window's part of the 4th letter's page (x 0–100 mm, y 0–45 mm).
	out, err := exec.Command("pdftotext", "-f", "4", "-l", "4", "-x", "0", "-y", "0", "-W", "283", "-H", "128",
		rep.PDF, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(out)), ""), long) {
		t.Errorf("the long address is not all in the window:\n%s", out)
	}
	text := pdfText(t, rep.PDF)
	if !strings.Contains(text, "〓田 花子 様") {
		t.Errorf("the name is not printed with 〓:\n%s", text)
	}
}
