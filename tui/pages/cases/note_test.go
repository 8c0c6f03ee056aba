package cases

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
	"spdesk/tui/ui/uitest"
)

// t on the case screen leaves a note on the case (issue 12: cases get
// notes too), stored as typed; a note holding a card number is refused in
// words and nothing is stored.
func TestCaseNoteKey(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	m, cs := demodesk.MailedNameChange(t, st, svc)
	s := New(uitest.On(svc, ui.LangJA, "tester", demodesk.Now), m, cs)
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	d.Start(80, 24)
	d.Key("t")
	if s.job == nil || !strings.Contains(d.View(), "案件のメモ") {
		t.Fatalf("t opened no note form:\n%s", d.View())
	}
	for _, r := range "書類の返送先を再確認済み" {
		d.Key(string(r))
	}
	settle := func(cmd tea.Cmd) { // huh completes a form through its own commands
		for range 4 {
			var next []tea.Cmd
			for _, msg := range uitest.Answers(t, cmd) {
				next = append(next, d.Send(msg))
			}
			cmd = tea.Batch(next...)
		}
	}
	settle(d.Key("enter")) // the form's one field
	if !strings.Contains(d.View(), "C-0000051 にメモを残します") {
		t.Fatalf("no confirmation naming the case:\n%s", d.View())
	}
	settle(d.Key("enter")) // the confirmation: the note is written
	notes, err := svc.NotesOfCase(context.Background(), cs.ID)
	if err != nil || len(notes) != 1 || notes[0].Note != "書類の返送先を再確認済み" {
		t.Fatalf("notes %+v %v\n%s", notes, err, d.View())
	}
}

// t typed before the case page's first load lands is held and opens the
// note form when it does, like a step key, not dropped.
func TestNoteKeyBeforeTheFirstLoadWaitsForIt(t *testing.T) {
	st, svc := demodesk.Seeded(t)
	demodesk.AddAccounts(t, svc)
	m, cs := demodesk.MailedNameChange(t, st, svc)
	s := New(uitest.On(svc, ui.LangJA, "tester", demodesk.Now), m, cs)
	d := &uitest.Driver{T: t, Sh: s.sh, Page: s}
	s.SetSize(80, 24)
	load := s.Init()
	d.Key("t")
	if s.job != nil {
		t.Fatal("the note form opened before the case was read")
	}
	d.Deliver(uitest.Answers(t, load)...)
	if s.job == nil || !strings.Contains(d.View(), "案件のメモ") {
		t.Fatalf("the t typed before the load opened no note form:\n%s", d.View())
	}
}
