package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/fixtures"
	"spdesk/store"
	"spdesk/store/luhn"
	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/textsafe"
)

// hostileStore holds one member per payload of the review, written the
// way an import would (the store's loader; the workflows refuse such
// text): the payload in the family and given name, the address and the
// card company. Their names all start with 攻撃, which nothing else has.
func hostileStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "hostile.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range textsafe.Samples {
		body := fmt.Sprintf("%09d", 8000+i)
		m := &workflows.Member{No: body + string(luhn.Digit(body)), FamilyName: "攻撃" + p, GivenName: p + "太郎",
			FamilyKana: "コウゲキ", GivenKana: "タロウ", BirthDate: workflows.MakeDate(1980, 1, 2), PostalCode: "1234567",
			Address: "東京都" + p + "千代田区", Phone: "09012345678", Email: fmt.Sprintf("h%d@example.jp", i),
			JoinedOn: workflows.MakeDate(2020, 4, 1), FeeMethod: workflows.FeePostal, PasswordState: workflows.PasswordOK,
			Status: workflows.MemberActive}
		cb := fmt.Sprintf("4982%011d", i)
		card := workflows.Card{No: cb + string(luhn.Digit(cb)), Kind: workflows.CardCredit, Company: "JCB" + p,
			Status: workflows.CardActive, IssuedOn: workflows.MakeDate(2022, 4, 1), ExpiresOn: workflows.MakeDate(2027, 3, 31)}
		if err := l.Add(m, []workflows.Card{card}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Finish(); err != nil {
		t.Fatal(err)
	}
	return s
}

// ourSGR is what our own styles write: colours, bold, reverse.
var ourSGR = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkNoDataControls fails when the frame carries any control of the data: after
// our own SGR sequences are taken out, nothing a terminal obeys may
// remain, and conceal (SGR 8), which none of our styles use, may not
// appear at all.
func checkNoDataControls(t *testing.T, what, frame string) {
	t.Helper()
	if !utf8.ValidString(frame) {
		t.Errorf("%s: the frame is not UTF-8", what)
	}
	if strings.Contains(frame, "\x1b[8m") {
		t.Errorf("%s: the data's conceal sequence reached the frame", what)
	}
	rest := ourSGR.ReplaceAllString(frame, "")
	for i, r := range rest {
		if r != '\n' && textsafe.Bad(r) {
			t.Errorf("%s: %U at %d reached the frame: %q", what, r, i, rest[max(0, i-30):min(len(rest), i+30)])
			return
		}
	}
}

// TestConsoleShowsHostileTextSafely opens members whose name, address and
// card company hold each escape sequence of the review, on every tab, in
// both languages: no control of theirs reaches the frame, and the marks
// that stand for them are on screen.
func TestConsoleShowsHostileTextSafely(t *testing.T) {
	s := hostileStore(t)
	for _, lang := range []string{ui.LangJA, ui.LangEN} {
		var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: lang, Now: func() time.Time { return testNow }})
		m = boot(t, m)
		m = drive(t, m, tea.WindowSizeMsg{Width: 160, Height: 40})
		m = typeText(t, m, "攻撃")
		v := m.View().Content
		checkNoDataControls(t, lang+" results", v)
		if plain := ansi.Strip(v); !strings.Contains(plain, "␛]0;pwned-title␇") || !strings.Contains(plain, "␛[2J") {
			t.Fatalf("%s: the results do not show the marks:\n%s", lang, plain)
		}
		for row := range textsafe.Samples {
			m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyEnter})
			for _, tab := range []string{"1", "2", "3", "4", "5"} {
				m = typeText(t, m, tab)
				checkNoDataControls(t, fmt.Sprintf("%s member %d tab %s", lang, row, tab), m.View().Content)
			}
			m = typeText(t, m, "1")
			if plain := ansi.Strip(m.View().Content); !strings.Contains(plain, "東京都") || !strings.Contains(plain, "千代田区") {
				t.Fatalf("%s member %d: no address on the profile:\n%s", lang, row, plain)
			}
			m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
			m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyDown})
		}
	}
}

func TestFrameSafeKeepsOurColoursOnly(t *testing.T) {
	ours := "\x1b[1;38;2;1;2;3mbold\x1b[m plain 佐藤…\n\x1b[7mrev\x1b[0m"
	if got := ui.FrameSafe(ours); got != ours {
		t.Fatalf("frameSafe changed our own frame: %q", got)
	}
	for in, want := range map[string]string{
		"a\x1b]0;title\x07b":               "ab",
		"a\x1b]8;;http://x/\x1b\\link":     "alink",
		"a\x1bP+q\x1b\\b":                  "ab",
		"a\x1b[2J\x1b[Hb":                  "ab",
		"a\u009b2Jb":                       "ab",
		"a\u009d0;t\u009cb":                "ab",
		"a\x7fb\x00c\rd":                   "abcd",
		"a\xffb":                           "ab",
		"\x1b[31mred\x1b[0m\x1b]0;x\x07ok": "\x1b[31mred\x1b[0mok",
		"cut\x1b[":                         "cut",
		"cut\x1b]0;never ends":             "cut",
	} {
		if got := ui.FrameSafe(in); got != want {
			t.Errorf("frameSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkFrameSafe is the net's cost on a clean frame of the results
// screen, paid on every frame.
func BenchmarkFrameSafe(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "spdesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := fixtures.LoadDemo(ctx, s); err != nil {
		b.Fatal(err)
	}
	var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: ui.LangJA, Demo: true, Now: func() time.Time { return testNow }})
	m = run(m, m.Init(), 0)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
	for _, r := range "佐藤" {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		m = run(m, cmd, 0)
	}
	frame := m.(model).render()
	b.SetBytes(int64(len(frame)))
	b.ResetTimer()
	for b.Loop() {
		if ui.FrameSafe(frame) != frame {
			b.Fatal("a clean frame changed")
		}
	}
}

// FuzzSearchRender stores random bytes as a member's name and address
// (at store level, as an import would), finds the member by number
// through the console's search, and draws the results and the member's
// profile. No control character of the input may reach a frame, and the
// frames must be exactly those drawn for the input already made safe:
// the screens show safe(x) for x, whatever x is. Its seeds run in every
// `go test`; `go test -fuzz FuzzSearchRender ./tui` explores further.
func FuzzSearchRender(f *testing.F) {
	for _, p := range textsafe.Samples {
		f.Add("山田"+p, "東京都"+p)
	}
	f.Add("", "")
	f.Add("\x00\t\n\r", "\u2028\u2029\ufeff")
	f.Add("\x1b", "\x1b[")
	f.Add("\xc2", "\xe3\x81")
	f.Add("Zoë \u0301 😀👨‍👩‍👧", "葛\U000E0100飾区")
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	l, err := s.NewLoader(ctx)
	if err != nil {
		f.Fatal(err)
	}
	body := "000009001"
	no := body + string(luhn.Digit(body))
	if err := l.Add(&workflows.Member{No: no, FamilyName: "山田", GivenName: "太郎", FamilyKana: "ヤマダ", GivenKana: "タロウ",
		BirthDate: workflows.MakeDate(1980, 1, 2), PostalCode: "1234567", Address: "東京都", Phone: "09012345678",
		Email: "f@example.jp", JoinedOn: workflows.MakeDate(2020, 4, 1), FeeMethod: workflows.FeePostal,
		PasswordState: workflows.PasswordOK, Status: workflows.MemberActive}, nil); err != nil {
		f.Fatal(err)
	}
	if err := l.Finish(); err != nil {
		f.Fatal(err)
	}
	frames := func(t *testing.T, name, addr string) []string {
		m, err := s.MemberByNo(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(ctx, testNow, func(tx *store.Tx) error {
			if err := tx.UpdateMemberName(m.ID, m.Version, name, name, "ヤマダ", "タロウ"); err != nil {
				return err
			}
			return tx.UpdateMemberContact(m.ID, m.Version+1, m.PostalCode, addr, m.Phone, m.Email)
		}); err != nil {
			t.Fatal(err)
		}
		var tm tea.Model = New(ui.Options{Desk: deskOn(s), Lang: ui.LangJA, Now: func() time.Time { return testNow }})
		tm = boot(t, tm)
		tm = drive(t, tm, tea.WindowSizeMsg{Width: 120, Height: 30})
		tm = drive(t, tm, tea.PasteMsg{Content: no})
		results := tm.View().Content
		tm = drive(t, tm, tea.KeyPressMsg{Code: tea.KeyEnter})
		return []string{results, tm.View().Content}
	}
	f.Fuzz(func(t *testing.T, name, addr string) {
		got := frames(t, name, addr)
		if !strings.Contains(ansi.Strip(got[1]), no) {
			t.Fatalf("the member's profile did not open:\n%s", ansi.Strip(got[1]))
		}
		want := frames(t, textsafe.Show(name), textsafe.Show(addr))
		for i, what := range []string{"results", "profile"} {
			checkNoDataControls(t, what, got[i])
			if got[i] != want[i] {
				t.Errorf("%s for %q / %q differs from the one for the same text made safe:\n%s\n---\n%s",
					what, name, addr, ansi.Strip(got[i]), ansi.Strip(want[i]))
			}
		}
	})
}
