package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
	"spdesk/workflows/kb"
)

// kbPage is the knowledge base on the demo desk with its articles loaded.
func kbPage(t *testing.T, lang string) (*uitest.Driver, workflows.Desk) {
	t.Helper()
	_, svc := demodesk.Seeded(t)
	if _, err := svc.LoadKB(context.Background()); err != nil {
		t.Fatal(err)
	}
	sh := uitest.On(svc, lang, "demo-operator", demodesk.Now)
	d := &uitest.Driver{T: t, Sh: sh, Page: New(sh, nil)}
	d.Start(80, 24)
	return d, svc
}

// search types q into the box and delivers the search's answer.
func search(d *uitest.Driver, q string) *Page {
	p := d.Page.(*Page)
	p.in.SetValue(q)
	d.Deliver(uitest.Answers(d.T, p.query())...)
	return d.Page.(*Page)
}

// TestKBCode52EveryForm: each way a caller or operator writes result
// code 52 finds its article first, through the console's search.
func TestKBCode52EveryForm(t *testing.T) {
	d, _ := kbPage(t, "ja")
	for _, q := range []string{"52", "５２", "エラー52", "error 52", "code 52", "E52", "52番"} {
		p := search(d, q)
		if len(p.hits) == 0 || !slices.Contains(p.hits[0].Codes, 52) {
			t.Errorf("%q: first hit %+v", q, p.hits)
		}
	}
}

// TestKBSearchBoxTypesS: s in the search box is an s typed (starting a
// procedure is s only while reading an article), and the page asks for
// no other screen.
func TestKBSearchBoxTypesS(t *testing.T) {
	d, _ := kbPage(t, "ja")
	search(d, "52")
	for _, k := range []string{"s", "e", "t", "p", "n", "q", "g"} {
		d.Key(k)
	}
	if v := d.Page.(*Page).in.Value(); v != "52setpnqg" || d.Nav.Open != ui.PageNone || d.Nav.Back {
		t.Fatalf("typing gave %q, nav %+v", v, d.Nav)
	}
}

// TestKBHelpListsEachKeyOnce: the ? overlay (FullHelp) names each key
// and each thing it does once, typing or reading.
func TestKBHelpListsEachKeyOnce(t *testing.T) {
	p := New(uitest.Japanese(), nil)
	p.hits = []kb.Article{{ID: "a", Lang: "ja", Title: "t", Procedure: "lost_card"}}
	p.member = &ui.MemberFile{}
	for _, reading := range []bool{false, true} {
		p.setFocus(reading)
		seenKey, seenDesc := map[string]bool{}, map[string]bool{}
		for _, col := range p.Keys().FullHelp() {
			for _, b := range col {
				if !b.Enabled() {
					continue
				}
				if seenDesc[b.Help().Desc] {
					t.Errorf("reading=%v: %q listed twice", reading, b.Help().Desc)
				}
				seenDesc[b.Help().Desc] = true
				for _, k := range b.Keys() {
					if seenKey[k] && k != "tab" { // tab reads or searches, one at a time
						t.Errorf("reading=%v: key %q in two entries", reading, k)
					}
					seenKey[k] = true
				}
			}
		}
		if !reading && len(seenDesc) < 3 || reading && !key.Matches(uitest.Key("s"), p.keys.Start) {
			t.Errorf("reading=%v: help %v", reading, seenDesc)
		}
	}
}

// TestKBJapaneseWrapsByRules: the Japanese articles, rendered at 40, 60
// and 80 columns, start no line with a closing mark or small kana, and
// split no number.
func TestKBJapaneseWrapsByRules(t *testing.T) {
	d, _ := kbPage(t, "ja")
	arts, err := d.Page.(*Page).arts()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		if a.Lang != "ja" {
			continue
		}
		n++
		for _, w := range []int{40, 60, 80} {
			out, err := renderArticle(a, w, true)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(ansi.Strip(out), "\n")
			for i, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("%s at %d: line %d is %d cells", a.ID, w, i, ansi.StringWidth(l))
				}
				body := strings.TrimLeft(l, " ")
				if r := []rune(body); len(r) > 0 && strings.ContainsRune("。、，．）」』】〕・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ！？", r[0]) {
					t.Errorf("%s at %d: line %d starts with %q: %q", a.ID, w, i, string(r[0]), l)
				}
				if i > 0 && len(body) > 0 && body[0] >= '0' && body[0] <= '9' {
					prev := strings.TrimRight(lines[i-1], " ")
					if prev != "" && prev[len(prev)-1] >= '0' && prev[len(prev)-1] <= '9' {
						t.Errorf("%s at %d: a number split at line %d: %q / %q", a.ID, w, i, prev, l)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no Japanese article")
	}
}

// TestKBShowsNotesUnderArticles: a call note holding the words searched
// shows under the article, with the member and the operator.
func TestKBShowsNotesUnderArticles(t *testing.T) {
	d, svc := kbPage(t, "ja")
	ctx := context.Background()
	m, err := svc.MemberByNo(ctx, "1000001014")
	if err != nil {
		t.Fatal(err)
	}
	call, err := svc.StartCall(ctx, "demo-operator", m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.WrapUpCall(ctx, "demo-operator", workflows.WrapUpRequest{CallID: call.ID, CallVersion: call.Version,
		Reasons: []string{workflows.CallReasons()[0].Code}, Outcome: workflows.CallOutcomes()[0],
		Note: "ファイアウォールの設定を一緒に確認したが解決せず、折り返し"}); err != nil {
		t.Fatal(err)
	}
	p := search(d, "ファイアウォール")
	if len(p.hits) == 0 || len(p.notes) != 1 {
		t.Fatalf("%d articles, %d notes", len(p.hits), len(p.notes))
	}
	d.Deliver(p.renderCmd()())
	p.setFocus(true)
	d.Key("G")
	v := d.View()
	for _, want := range []string{"メモ 1件", "通話・案件メモ", "会員 1000001014", "demo-operator", "解決せず"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in\n%s", want, v)
		}
	}
}

// TestKBOffersOnlyKeysThatWork (#8): while the search box has the keys, s
// and t type, so the line under the article never says "s starts it" or
// "t switches" then; it says to go to the article first. Reading, it
// names s and t.
func TestKBOffersOnlyKeysThatWork(t *testing.T) {
	_, svc := demodesk.Seeded(t)
	if _, err := svc.LoadKB(context.Background()); err != nil {
		t.Fatal(err)
	}
	sh := uitest.On(svc, ui.LangJA, "demo-operator", demodesk.Now)
	d := &uitest.Driver{T: t, Sh: sh, Page: New(sh, &ui.MemberFile{})}
	d.Start(80, 24)
	p := search(d, "なくした")
	if len(p.hits) == 0 || p.hits[0].Procedure == "" {
		t.Fatalf("no article with a procedure for なくした: %+v", p.hits)
	}
	v := d.View()
	if strings.Contains(v, "（s で開始）") || strings.Contains(v, "t で切替") || !strings.Contains(v, "enter のあと s で開始") {
		t.Fatalf("typing, the screen offers s or t, which would type:\n%s", v)
	}
	d.Key("enter") // to the article: letters are keys now
	v = d.View()
	if !strings.Contains(v, "（s で開始）") || !strings.Contains(v, "t で切替") {
		t.Fatalf("reading, s and t are not named:\n%s", v)
	}
}
