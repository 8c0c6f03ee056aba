package tui

import (
	"regexp"
	"strings"
	"testing"

	"spdesk/internal/msg"
	"spdesk/tui/pages/audit"
	"spdesk/tui/pages/cardtest"
	"spdesk/tui/pages/cases"
	"spdesk/tui/pages/knowledge"
	"spdesk/tui/pages/letters"
	"spdesk/tui/pages/member"
	"spdesk/tui/pages/queues"
	"spdesk/tui/pages/search"
	"spdesk/tui/pages/signin"
	"spdesk/tui/ui"
)

// TestCatalogHasBothLanguages: every text is in both languages with the
// same {name} placeholders, and no fmt verb survives from the old format
// (F fills names, so a %s would reach the screen as it is).
func TestCatalogHasBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%(\[[0-9]+\])?[-+#0-9.]*[a-zA-Z]`)
	sets := []msg.Set{ui.Messages, Messages, audit.Messages, cardtest.Messages, cases.Messages, knowledge.Messages,
		letters.Messages, member.Messages, queues.Messages, search.Messages, signin.Messages}
	for _, s := range sets {
		for _, p := range s.Problems() {
			t.Error(p)
		}
		for k, m := range s {
			if verbs.MatchString(m.JA()) || verbs.MatchString(m.EN()) {
				t.Errorf("%s: a fmt verb in %q / %q", k, m.JA(), m.EN())
			}
		}
	}
}

// TestFillsNamesInBothLanguages: F puts each value where its name is,
// whatever the word order, and keeps control characters out of data.
func TestFillsNamesInBothLanguages(t *testing.T) {
	ja, en := ui.NewCatalog(ui.LangJA), ui.NewCatalog(ui.LangEN)
	if got := ja.F("fx.approve", "operator", "佐藤", "requester", "鈴木"); !strings.Contains(got, "佐藤") || !strings.Contains(got, "鈴木") || strings.Contains(got, "{") {
		t.Errorf("ja: %q", got)
	}
	if got := en.F("toosmall.body", "w", 70, "h", 20); got != "Now 70x20. Make it at least 80x24." {
		t.Errorf("en: %q", got)
	}
	if got := en.F("search.none", "query", "a\x1b[2Jb"); strings.Contains(got, "\x1b") {
		t.Errorf("control character reached the text: %q", got)
	}
	if got := en.T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key shows %q", got)
	}
}

// Every key used anywhere in the tree, in any package, is checked by
// TestEveryMessageKeyExists in cmd/spdesk, which sees every catalog.

func TestDetectLang(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, ui.LangEN},
		{map[string]string{"LANG": "ja_JP.UTF-8"}, ui.LangJA},
		{map[string]string{"LANG": "C"}, ui.LangEN},
		{map[string]string{"LANG": "xx_YY"}, ui.LangEN},
		{map[string]string{"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, ui.LangEN},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.eucJP"}, ui.LangJA},
		{map[string]string{"LC_ALL": "ja"}, ui.LangJA},
	} {
		if got := ui.DetectLang(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

func TestFormatters(t *testing.T) {
	for in, want := range map[string]string{
		"09012345678": "090-1234-5678", "0312345678": "03-1234-5678", "0451234567": "045-123-4567",
		"0120123456": "0120-123-456", "12345": "12345",
	} {
		if got := ui.FormatPhone(in); got != want {
			t.Errorf("formatPhone(%s) = %s, want %s", in, got, want)
		}
	}
}
