package jpwrap

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// noStart may not begin a line, noEnd may not end one (JIS X 4051's
// line-start and line-end prohibitions, the common part).
const (
	tNoStart = "。、，．）」』】〕〉》］｝・ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ！？：；"
	tNoEnd   = "（「『【〔〈《［｛"
)

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"fits", "本人確認をしてください。", 30, []string{"本人確認をしてください。"}},
		{"full stop stays with its line", "本人確認をしてください。", 22, []string{"本人確認をしてくださ", "い。"}},
		{"comma stays", "カードを停止し、再発行", 14, []string{"カードを停止", "し、再発行"}},
		{"closing bracket stays", "記事「設定」を読む", 12, []string{"記事「設定」", "を読む"}},
		{"opening bracket moves down", "記事「ファイア」", 6, []string{"記事", "「ファ", "イア」"}},
		{"long vowel mark stays", "ルーターの設定", 4, []string{"ルー", "ター", "の設", "定"}},
		{"small kana stays", "チェックする", 4, []string{"チェ", "ック", "する"}},
		{"number stays with its counter", "有効期間は5年です", 11, []string{"有効期間は", "5年です"}},
		{"number stays whole", "約10日で届きます", 6, []string{"約10日", "で届き", "ます"}},
		{"case number stays whole", "受付 C-0000046 を開きました", 14, []string{"受付 C-0000046", "を開きました"}},
		{"case number alone on a line", "受付C-0000046を開きました", 10, []string{"受付", "C-0000046", "を開きまし", "た"}},
		{"latin words whole", "the card is suspended now", 12, []string{"the card is", "suspended", "now"}},
		{"newlines kept", "一行目\n二行目", 20, []string{"一行目", "二行目"}},
		{"empty", "", 10, []string{""}},
		{"too long is cut", "0123456789012", 5, []string{"01234", "56789", "012"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Lines(tc.in, tc.width)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Lines(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
		})
	}
}

// TestRulesAtEveryWidth wraps real guidance sentences at every width from
// 6 to 60 cells: each line fits, nothing is lost, and the case number is
// never split where it fits a line. From 12 cells on, where every
// unbreakable run (the widest is "C-0000046：") fits a line, no line
// starts or ends where kinsoku forbids and no number is parted from its
// counter; below that something has to give, and the ranking of cutCost
// decides what.
func TestRulesAtEveryWidth(t *testing.T) {
	texts := []string{
		"受付 C-0000046：新しいパスワードの通知は3〜4日で届きます（2026年11月30日〜12月1日）。前のパスワードは使えません。",
		"クレジット機能付きカード（JCBカード）のため、再発行は「カード会社」が行います。会員にカード会社への連絡を案内してください。",
		"ファイアウォールのソフト（ノートンインターネットセキュリティ等）が入っているか伺う。入っていれば、通信の許可を設定し、パソコンを再起動していただく。",
		"有効期間は5年です。リーダー追加：¥2,500（税別・送料込み）、ちょコム手数料1%。",
	}
	whole := []string{"C-0000046", "2026年", "11月", "30日", "12月", "1日", "5年", "¥2,500", "1%", "JCB"}
	for _, text := range texts {
		for w := 6; w <= 60; w++ {
			lines := Lines(text, w)
			if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
				t.Fatalf("width %d lost text: %q", w, lines)
			}
			for i, l := range lines {
				if Width(l) > w {
					t.Errorf("width %d: line %q is %d cells", w, l, Width(l))
				}
				first, _ := utf8.DecodeRuneInString(l)
				last, _ := utf8.DecodeLastRuneInString(l)
				if w >= 9 && strings.Contains(l, "C-") && !strings.Contains(l, "C-0000046") {
					t.Errorf("width %d: case number split: %q", w, lines)
				}
				if w < 12 {
					continue
				}
				if i > 0 && strings.ContainsRune(tNoStart, first) {
					t.Errorf("width %d: line %d starts with %q: %q", w, i, first, lines)
				}
				if i < len(lines)-1 && strings.ContainsRune(tNoEnd, last) {
					t.Errorf("width %d: line %d ends with %q: %q", w, i, last, lines)
				}
			}
			for i := 0; i+1 < len(lines) && w >= 12; i++ {
				for _, k := range whole {
					if splitAcross(lines[i], lines[i+1], k) {
						t.Errorf("width %d: %q split across %q / %q", w, k, lines[i], lines[i+1])
					}
				}
			}
		}
	}
}

// splitAcross says whether k runs from the end of a into the start of b.
func splitAcross(a, b, k string) bool {
	for n := 1; n < len(k); n++ {
		if strings.HasSuffix(a, k[:n]) && strings.HasPrefix(b, k[n:]) {
			return true
		}
	}
	return false
}

func TestWidthCountsCells(t *testing.T) {
	for _, tc := range []struct {
		s string
		w int
	}{{"abc", 3}, {"日本", 4}, {"ｶﾅ", 2}, {"〜", 2}, {"C-0000046", 9}} {
		if got := Width(tc.s); got != tc.w {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.w)
		}
	}
}
