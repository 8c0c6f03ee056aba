package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestWrapBulletBreaksJapaneseByItsRules: a job's lines wrap Japanese by
// kinsoku (internal/jpwrap), not only at ASCII spaces: no line starts with
// 。、） and the like, a case number and a number with its counter stay
// whole, and each line fits the width in cells.
func TestWrapBulletBreaksJapaneseByItsRules(t *testing.T) {
	text := "受付 C-0000046：新しいパスワードの通知は3〜4日で届きます（有効期間は5年です）。前のパスワードは使えません。"
	for w := 14; w <= 40; w++ {
		out := ansi.Strip(wrapBullet(lipgloss.NewStyle(), "• ", text, w))
		lines := strings.Split(out, "\n")
		var body []string
		for i, l := range lines {
			if lipgloss.Width(l) > max(w, 12) {
				t.Errorf("width %d: line %q is %d cells", w, l, lipgloss.Width(l))
			}
			l = strings.TrimPrefix(strings.TrimLeft(l, " "), "• ")
			body = append(body, l)
			if r, _ := utf8.DecodeRuneInString(l); i > 0 && strings.ContainsRune("。、）：ー", r) {
				t.Errorf("width %d: line %d starts with %q:\n%s", w, i, r, out)
			}
		}
		joined := strings.Join(body, "\x00")
		for _, k := range []string{"C-0000046", "5年", "4日"} {
			if !strings.Contains(joined, k) {
				t.Errorf("width %d: %q split:\n%s", w, k, out)
			}
		}
	}
}
