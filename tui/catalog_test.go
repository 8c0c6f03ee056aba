package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCatalogHasBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for k, e := range texts {
		if strings.TrimSpace(e.ja) == "" || strings.TrimSpace(e.en) == "" {
			t.Errorf("%s: ja %q en %q", k, e.ja, e.en)
		}
		if a, b := verbs.FindAllString(e.ja, -1), verbs.FindAllString(e.en, -1); strings.Join(a, "") != strings.Join(b, "") {
			t.Errorf("%s: ja verbs %v, en verbs %v", k, a, b)
		}
	}
}

// TestEveryKeyUsedIsInTheCatalog reads the package source for catalog
// keys, so a typo fails here rather than showing [key] to an operator.
func TestEveryKeyUsedIsInTheCatalog(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	lit := regexp.MustCompile(`"((?:app|header|operator|toosmall|help|error|key|search|col|badge|member|tab|cases|letters|history|cards|f|fee|pw|status|guardian|kind|card|date)\.[a-z.]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "catalog.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := texts[m[1]]; !ok {
				t.Errorf("%s uses %q, not in the catalog", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d keys: is the pattern stale?", n)
	}
}

func TestDetectLang(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, LangEN},
		{map[string]string{"LANG": "ja_JP.UTF-8"}, LangJA},
		{map[string]string{"LANG": "C"}, LangEN},
		{map[string]string{"LANG": "xx_YY"}, LangEN},
		{map[string]string{"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, LangEN},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.eucJP"}, LangJA},
		{map[string]string{"LC_ALL": "ja"}, LangJA},
	} {
		if got := DetectLang(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

func TestFormatters(t *testing.T) {
	for in, want := range map[string]string{
		"09012345678": "090-1234-5678", "0312345678": "03-1234-5678", "0451234567": "045-123-4567",
		"0120123456": "0120-123-456", "12345": "12345",
	} {
		if got := formatPhone(in); got != want {
			t.Errorf("formatPhone(%s) = %s, want %s", in, got, want)
		}
	}
}
