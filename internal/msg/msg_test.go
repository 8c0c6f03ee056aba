package msg

import (
	"slices"
	"strings"
	"testing"
)

func TestFillNamesAndOrder(t *testing.T) {
	// Japanese and English may put the same names in different orders.
	m := M{"{who} さんが {n} 件", "{n} by {who}"}
	if got := Fill(m.JA(), "n", "3", "who", "佐藤"); got != "佐藤 さんが 3 件" {
		t.Errorf("ja: %q", got)
	}
	if got := Fill(m.In("en"), "n", "3", "who", "Sato"); got != "3 by Sato" {
		t.Errorf("en: %q", got)
	}
	if m.In("fr") != m.EN() {
		t.Error("an unknown language should read English")
	}
	// A value is not scanned again for placeholders.
	if got := Fill("{a}", "a", "{b}", "b", "x"); got != "{b}" {
		t.Errorf("value re-filled: %q", got)
	}
}

func TestFillCheckedReportsDrift(t *testing.T) {
	out, err := FillChecked("to {who}: {what}", "who", "A")
	if err == nil || !strings.Contains(err.Error(), "{what}") || out != "to A: {what}" {
		t.Errorf("missing value: %q %v", out, err)
	}
	if _, err := FillChecked("to {who}", "who", "A", "extra", "B"); err == nil || !strings.Contains(err.Error(), "{extra}") {
		t.Errorf("unused value: %v", err)
	}
	if _, err := FillChecked("to {who}", "who"); err == nil {
		t.Error("odd argument list accepted")
	}
	if _, err := FillChecked("{ok} and {x_1} but not { } or {}", "ok", "1", "x_1", "2"); err != nil {
		t.Error(err)
	}
}

func TestNames(t *testing.T) {
	for text, want := range map[string][]string{
		"{a} {b} {a}":    {"a", "b"},
		"none":           nil,
		"{ } {} {A} {9}": nil,
		"{{x}}":          {"x"},
	} {
		if got := Names(text); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

func TestSetAddAndProblems(t *testing.T) {
	s := Set{"a": {"あ {x}", "a {x}"}}
	s.Add(Set{"b": {"い", " "}, "c": {"う {x}", "c {y}"}})
	if txt, ok := s.Text("a", JA); !ok || txt != "あ {x}" {
		t.Errorf("Text: %q %v", txt, ok)
	}
	if _, ok := s.Text("zz", EN); ok {
		t.Error("unknown key found")
	}
	p := s.Problems()
	if len(p) != 2 || !strings.HasPrefix(p[0], "b:") || !strings.HasPrefix(p[1], "c:") {
		t.Errorf("problems: %q", p)
	}
	defer func() {
		if recover() == nil {
			t.Error("a key defined twice did not panic")
		}
	}()
	s.Add(Set{"a": {"x", "x"}})
}
