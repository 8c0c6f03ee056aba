package search

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui/uitest"
	"spdesk/workflows"
)

// typed puts q in the box and delivers the search's answer.
func typed(t *testing.T, s *Page, q string) string {
	t.Helper()
	s.in.SetValue(q)
	s.Update(s.query()())
	return ansi.Strip(s.View())
}

// TestSearchShowsWhatMatched: at 80×24 in Japanese the search page says
// what each kind of query matched (a former name and until when, a
// birth date, a postal code, what else matched) and why a part of the
// query was not searched (SearchResult.Hints), never cut.
func TestSearchShowsWhatMatched(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	ctx := context.Background()
	p, err := svc.QueueCases(ctx, workflows.QueueQuery{Type: workflows.CaseNameChange, State: workflows.StateNameChanged})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("the demo's changed name: %v %+v", err, p)
	}
	renamed, err := svc.MemberByID(ctx, p.Items[0].MemberID)
	if err != nil {
		t.Fatal(err)
	}
	former, err := st.FormerNames(ctx, renamed.ID)
	if err != nil || len(former) == 0 {
		t.Fatalf("former names of %s: %v %v", renamed.No, former, err)
	}
	sh := uitest.On(svc, "ja", "demo-operator", demodesk.Now)
	s := New(sh)
	s.SetSize(80, 24)
	check := func(q string, want ...string) string {
		t.Helper()
		v := typed(t, s, q)
		uitest.FillsItsSize(t, s, [2]int{80, 24})
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("%q: no %q in\n%s", q, w, v)
			}
		}
		return v
	}
	// The old name: the selected hit is the renamed member, found by it.
	v := check(former[0].FamilyName+" "+former[0].GivenName, "一致: 旧姓 "+former[0].FamilyName)
	for range 40 {
		if strings.Contains(lineWith(v, "▸"), renamed.No) {
			break
		}
		s.Update(uitest.Key("down"))
		v = ansi.Strip(s.View())
	}
	if !strings.Contains(lineWith(v, "一致:"), "まで") {
		t.Errorf("the former name says not until when:\n%s", v)
	}
	m := renamed
	born := m.BirthDate.Time.Format("2006-01-02")
	check(m.FamilyName+" "+born, "一致: ", "生年月日")
	check("〒"+m.PostalCode[:3]+"-"+m.PostalCode[3:], "一致: 郵便番号")
	for _, q := range []string{m.FamilyName + " 2023-02-29", m.FamilyName + " 〒12"} {
		v = check(q, "⚠")
		if hint := v[:strings.Index(v, "会員番号")]; strings.Contains(hint, "…") || !strings.Contains(strings.NewReplacer(" ", "", "\n", "").Replace(hint), "ください") {
			t.Errorf("%q: the hint is cut:\n%s", q, v)
		}
		if !strings.Contains(v, "一致: ") {
			t.Errorf("%q: the match line is gone:\n%s", q, v)
		}
	}
}

func lineWith(v, s string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
