package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile are the review's payloads and a few more shapes.
var hostile = append([]string{
	"\x1b]0;pwned\x07",
	"\x9b2J",
	"a\x7fb",
	"x\u2066y\u2069",
	"zero\u200bwidth\ufeff",
	"line\u2028sep",
	"tag\U000E0041",
}, Samples...)

// safe reports the first rune of s that must not reach a terminal raw.
func unsafeRune(s string, lines bool) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return r, true
		}
		if lines && (r == '\n' || r == '\t') {
			continue
		}
		if Bad(r) {
			return r, true
		}
	}
	return 0, false
}

func TestShowLeavesNothingRaw(t *testing.T) {
	for _, h := range hostile {
		for _, lines := range []bool{false, true} {
			got := Show(h)
			if lines {
				got = ShowLines(h)
			}
			if r, bad := unsafeRune(got, lines); bad {
				t.Errorf("Show(%q, lines=%v) = %q keeps %U", h, lines, got, r)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Show(%q) = %q is not UTF-8", h, got)
			}
		}
	}
}

func TestShowMarks(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[2J":          "␛[2J",
		"a\tb\nc":          "a␉b␊c",
		"\x00\x7f":         "␀␡",
		"\u009b":           "\uFFFD",
		"\xff":             "\uFFFD",
		"\u202eabc":        "\uFFFDabc",
		"a\u2028b":         "a␤b",
		"佐藤 太郎":            "佐藤 太郎",
		"葛\U000E0100飾":     "葛\U000E0100飾", // an ideographic variation selector is a mark, kept
		"Zoë · café ½ ¥50": "Zoë · café ½ ¥50",
	} {
		if got := Show(in); got != want {
			t.Errorf("Show(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := ShowLines("a\r\nb\tc\rd\x1b"), "a\nb\tc␍d␛"; got != want {
		t.Errorf("ShowLines = %q, want %q", got, want)
	}
}

func TestCheck(t *testing.T) {
	if p := Check("山田 太郎", false); p != nil {
		t.Fatalf("clean name refused: %v", p)
	}
	if p := Check("line one\n\tline two", true); p != nil {
		t.Fatalf("note with line breaks refused: %v", p)
	}
	for _, tc := range []struct {
		in    string
		lines bool
		pos   int
		char  string
	}{
		{"ab\x1b[2J", false, 3, "U+001B"},
		{"a\nb", false, 2, "U+000A"},
		{"a\nb\x07", true, 4, "U+0007"},
		{"佐藤\u009b", false, 3, "U+009B"},
		{"x\xffy", true, 2, "0xFF"},
		{"abc\u202e", false, 4, "U+202E"},
		{"a\u2029", true, 2, "U+2029"},
		{"\x7f", false, 1, "U+007F"},
	} {
		p := Check(tc.in, tc.lines)
		if p == nil || p.Pos != tc.pos || p.Char() != tc.char {
			t.Errorf("Check(%q, %v) = %v, want %s at %d", tc.in, tc.lines, p, tc.char, tc.pos)
		}
	}
	for _, h := range hostile {
		if Check(h, true) == nil {
			t.Errorf("Check(%q) accepted it", h)
		}
	}
}

func TestJSONKeepsDataEscapesControls(t *testing.T) {
	for _, h := range hostile {
		raw, err := json.Marshal(map[string]string{"name": h})
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(raw)
		if r, bad := unsafeRune(string(out), true); bad {
			t.Errorf("JSON(%q) = %s keeps %U", h, out, r)
		}
		var back map[string]string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON(%q) = %s is not JSON: %v", h, out, err)
		}
		want := strings.ToValidUTF8(h, "\uFFFD")
		if back["name"] != want {
			t.Errorf("JSON(%q) reads back %q, want %q", h, back["name"], want)
		}
	}
}

func FuzzShow(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lines := range []bool{false, true} {
			got := Show(s)
			if lines {
				got = ShowLines(s)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("not UTF-8: %q", got)
			}
			if r, bad := unsafeRune(got, lines); bad {
				t.Fatalf("Show(%q) = %q keeps %U", s, got, r)
			}
			if Check(got, lines) != nil {
				t.Fatalf("Check refuses what Show made of %q: %q", s, got)
			}
		}
	})
}
