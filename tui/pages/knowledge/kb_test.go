package knowledge

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/ui/uitest"
	"spdesk/workflows/kb"
)

// TestBareCode checks which knowledge-base queries are read as a result
// code alone: digits in any width, spaces around them, nothing else.
func TestBareCode(t *testing.T) {
	for q, want := range map[string]int{
		"58": 58, "５８": 58, " 52 ": 52, "0": 0, "000123": 123, "123456": 123456,
		"1234567": 0, "code 58": 0, "58番": 0, "5-8": 0, "": 0, "　": 0, "５　８": 58,
	} {
		if got := bareCode(q); got != want {
			t.Errorf("bareCode(%q) = %d, want %d", q, got, want)
		}
	}
}

func TestKBLongArticleSmallWindow(t *testing.T) {
	s := New(uitest.English(), nil)
	s.SetSize(80, 20)
	body := strings.Repeat("A paragraph of words an operator reads out on the phone. ", 300) + "\n\n" +
		strings.Repeat("x", 300) + "\n\n" + strings.Repeat("日本語の長い段落で、空白のない文がずっと続きます。", 40) + "\n\nTHE END"
	s.hits = []kb.Article{{ID: "long", Lang: "en", Title: strings.Repeat("Very long title ", 20), Body: body}}
	s.refresh(true)
	uitest.FillsItsSize(t, s, [2]int{80, 20}) // "rendering…" before Glamour answers
	msg := s.renderCmd()()
	s.Update(msg)
	v := ansi.Strip(s.View())
	uitest.FillsItsSize(t, s, [2]int{80, 20})
	if !strings.Contains(v, "A paragraph of words") {
		t.Fatalf("article not shown:\n%s", v)
	}
	s.setFocus(true)
	s.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	v = ansi.Strip(s.View())
	uitest.FillsItsSize(t, s, [2]int{80, 20})
	if !strings.Contains(v, "THE END") {
		t.Fatalf("G did not reach the end:\n%s", v)
	}
	// A narrower window renders again at its own width, from the cache next time.
	s.SetSize(80, 24)
	if cmd := s.renderCmd(); cmd != nil {
		t.Error("same width rendered twice")
	}
	s.SetSize(100, 24)
	if cmd := s.renderCmd(); cmd == nil {
		t.Error("a new width was not rendered")
	}
}

func TestHangWrapJapanese(t *testing.T) {
	in := "  2. " + strings.Repeat("登録住所が今の住所か確かめる。", 10)
	out := strings.Split(hangWrap(in, 40), "\n")
	if len(out) < 3 {
		t.Fatalf("not wrapped: %q", out)
	}
	for i, l := range out {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d cells: %q", i, w, l)
		}
		if i > 0 && !strings.HasPrefix(l, "     ") {
			t.Errorf("continuation %d not under the text: %q", i, l)
		}
	}
	if !strings.HasPrefix(out[0], "  2. 登録") {
		t.Errorf("the number lost its text: %q", out[0])
	}
}
