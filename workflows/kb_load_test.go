package workflows

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"spdesk/workflows/kb"
)

func TestLoadKB(t *testing.T) {
	e := newEnv(t, 1, 0)
	arts, err := e.svc.LoadKB(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.st.KBHash(e.ctx)
	if err != nil || h != kbHash(arts) {
		t.Fatalf("stored hash %q (%v)", h, err)
	}
	got, err := e.st.SearchArticles(e.ctx, "firewall", "en")
	if err != nil || len(got) == 0 {
		t.Fatalf("search after load: %v %v", got, err)
	}
	// A second start with the same set writes nothing new.
	if _, err := e.svc.LoadKB(e.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestLoadKBRefusesBrokenSet(t *testing.T) {
	e := newEnv(t, 1, 0)
	if _, err := e.svc.LoadKB(e.ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := e.st.KBHash(e.ctx)
	broken := fstest.MapFS{
		"articles/a.ja.md": {Data: []byte("---\nid: a\nlang: ja\ntitle: T\nprocedure: teleport\n---\nbody\n")},
		"articles/a.en.md": {Data: []byte("---\nid: a\nlang: en\ntitle T\n---\nbody\n")},
	}
	_, err := e.svc.LoadKBFS(e.ctx, broken, "articles")
	var kerr *KBError
	if !errors.As(err, &kerr) {
		t.Fatalf("want a KBError, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"articles/a.ja.md:5:", "unknown procedure", "articles/a.en.md:4:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	var one *kb.Error
	if !errors.As(err, &one) || one.Line == 0 {
		t.Errorf("no file:line error inside: %v", err)
	}
	if after, _ := e.st.KBHash(e.ctx); after != before {
		t.Error("a broken set replaced the stored one")
	}
}

// TestResultCodeQueriesFindTheRealArticles: the shipped articles, searched
// the ways a caller names a result code, in both languages, come back
// with the code's own article first.
func TestResultCodeQueriesFindTheRealArticles(t *testing.T) {
	e := newEnv(t, 1, 0)
	if _, err := e.svc.LoadKB(e.ctx); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"51", "52", "54", "58", "100"} {
		full := strings.Map(func(r rune) rune { return r - '0' + '０' }, code)
		for _, q := range []string{"エラー" + code, "error " + code, "code " + code, "E" + code, code + "番", "エラー" + full} {
			for _, lang := range []string{"ja", "en"} {
				got, err := e.svc.SearchArticles(e.ctx, q, lang)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 0 || got[0].ID != "code-"+code {
					ids := []string{}
					for _, a := range got {
						ids = append(ids, a.ID)
					}
					t.Errorf("%q in %s: %v, want code-%s first", q, lang, ids, code)
				}
			}
		}
	}
}
