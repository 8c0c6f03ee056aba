package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/store"
	"spdesk/workflows"
)

// formView is what the form draws in an 80×30 terminal.
func formView(form *huh.Form) string {
	form.Init()
	m, _ := form.Update(tea.WindowSizeMsg{Width: 80, Height: 30})
	return ansi.Strip(m.(*huh.Form).View())
}

// TestConsoleFirstStartFormInJapanese: the first-start form speaks the
// console's language, its help bar included, and refuses a short
// password in the form, saying how long it must be.
func TestConsoleFirstStartFormInJapanese(t *testing.T) {
	var f firstSupervisor
	v := formView(f.form("ja"))
	for _, want := range []string{"はじめての起動", "最初の監督者", "ログイン名", "パスワード（10文字以上）", "次へ"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in the form:\n%s", want, v)
		}
	}
	for _, english := range []string{"first start", "Login", "Password", "submit", "next"} {
		if strings.Contains(v, english) {
			t.Errorf("English %q in the Japanese form:\n%s", english, v)
		}
	}
	if err := firstPasswordCheck("ja", "boss", "short"); err == nil || !strings.Contains(err.Error(), "10文字以上") {
		t.Errorf("a short password: %v", err)
	}
	if err := firstPasswordCheck("ja", "boss", "a-long-enough-one"); err != nil {
		t.Errorf("a good password refused: %v", err)
	}
	if err := firstPasswordCheck("en", "bosses-pass", "BOSSES-PASS"); err == nil {
		t.Error("the login as password accepted")
	}
}

// TestConsoleFirstStartKeepsWhatWasTyped: a refusal the form cannot
// foresee brings the form back with every field as typed and the reason
// on top; fixing the one field creates the supervisor. Nothing exits.
func TestConsoleFirstStartKeepsWhatWasTyped(t *testing.T) {
	ctx := context.Background()
	st, err := store.OpenWith(ctx, filepath.Join(t.TempDir(), "spdesk.db"), store.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := workflows.New(st, workflows.WithPasswordParams(workflows.PasswordParams{Time: 1, Memory: 256, Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	var f firstSupervisor
	tries := 0
	o, err := f.create(ctx, svc, "ja", func(form *huh.Form) error {
		tries++
		switch tries {
		case 1: // typed: a name the workflow refuses (a control character)
			f.login, f.name, f.pw, f.again = "boss", "山田\x07太郎", "a-long-enough-one", "a-long-enough-one"
		case 2:
			if v := formView(form); f.login != "boss" || f.pw != "a-long-enough-one" || f.again != f.pw || f.refused == "" ||
				!strings.Contains(v, "入力はそのまま残っています") || !strings.Contains(v, "boss") {
				t.Fatalf("second try lost what was typed: %+v\n%s", f, v)
			}
			f.name = "山田 太郎"
		}
		return nil
	})
	if err != nil || o.Login != "boss" || o.Role != store.RoleSupervisor || tries != 2 {
		t.Fatalf("created %+v after %d tries: %v", o, tries, err)
	}
}
