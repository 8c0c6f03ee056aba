package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"spdesk/tui/pages/search"
	"spdesk/tui/ui"
)

// drive feeds msg to m and runs the Cmds it returns, feeding their
// messages back, as the program would (without a terminal).
func drive(t *testing.T, m tea.Model, msg tea.Msg) tea.Model {
	t.Helper()
	m, cmd := m.Update(msg)
	return run(m, cmd, 0)
}

// boot runs m's Init Cmds as the program would at start.
func boot(t *testing.T, m tea.Model) tea.Model { return run(m, m.Init(), 0) }

func run(m tea.Model, cmd tea.Cmd, depth int) tea.Model {
	if cmd == nil || depth > 8 {
		return m
	}
	switch out := cmd().(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range out {
			m = run(m, c, depth+1)
		}
	default:
		var next tea.Cmd
		m, next = m.Update(out)
		m = run(m, next, depth+1)
	}
	return m
}

func typeText(t *testing.T, m tea.Model, s string) tea.Model {
	for _, r := range s {
		m = drive(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// TestEveryFrameIsExactlyTheWindow checks the layout rule on every screen,
// both languages and the sizes operators use: each line exactly w cells
// (CJK counted as two), exactly h lines.
func TestEveryFrameIsExactlyTheWindow(t *testing.T) {
	s := openTestStore(t)
	sizes := [][2]int{{80, 24}, {120, 40}, {81, 25}, {79, 23}, {40, 10}, {200, 60}}
	for _, lang := range []string{ui.LangJA, ui.LangEN} {
		for _, dark := range []bool{true, false} {
			var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: lang, Demo: true, Now: func() time.Time { return testNow }})
			m = boot(t, m)
			bg := tea.BackgroundColorMsg{Color: ansi.BasicColor(15)}
			if dark {
				bg = tea.BackgroundColorMsg{Color: ansi.BasicColor(0)}
			}
			m = drive(t, m, bg)
			frames := map[string]func(tea.Model) tea.Model{
				"empty search": func(m tea.Model) tea.Model { return m },
				"results":      func(m tea.Model) tea.Model { return typeText(t, m, "佐藤") },
				"help":         func(m tea.Model) tea.Model { return typeText(t, m, "?") },
				"profile": func(m tea.Model) tea.Model {
					return drive(t, typeText(t, m, "佐藤"), tea.KeyPressMsg{Code: tea.KeyEnter})
				},
				"cards": func(m tea.Model) tea.Model { return typeText(t, m, "2") },
				"cases": func(m tea.Model) tea.Model { return typeText(t, m, "3") },
				"back":  func(m tea.Model) tea.Model { return typeText(t, m, "q") },
				"long input": func(m tea.Model) tea.Model {
					return drive(t, m, tea.PasteMsg{Content: strings.Repeat("山田😀%_'\"\x07\t ", 2000)})
				},
			}
			order := []string{"empty search", "results", "help", "help", "profile", "cards", "cases", "back", "long input"}
			for _, name := range order {
				m = frames[name](m)
				for _, sz := range sizes {
					m = drive(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
					v := m.View().Content
					lines := strings.Split(v, "\n")
					if len(lines) != sz[1] {
						t.Errorf("%s %s dark=%v %dx%d: %d lines", lang, name, dark, sz[0], sz[1], len(lines))
					}
					for i, l := range lines {
						if w := ansi.StringWidth(l); w != sz[0] {
							t.Errorf("%s %s dark=%v %dx%d: line %d is %d cells: %q", lang, name, dark, sz[0], sz[1], i, w, ansi.Strip(l))
						}
					}
				}
			}
		}
	}
}

func TestSearchInputSurvivesBadText(t *testing.T) {
	s := openTestStore(t)
	for _, in := range []string{"\x00\x1b[31m\x7f", strings.Repeat("あ", 10000), "😀👨‍👩‍👧", "     ", "%", "_", `'"`, "%_%", "佐藤\n鈴木"} {
		var m tea.Model = New(ui.Options{Desk: deskOn(s), Lang: ui.LangJA})
		m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
		m = drive(t, m, tea.PasteMsg{Content: in})
		m = typeText(t, m, in[:min(len(in), 12)])
		r := m.(model)
		if r.sh.Banner != "" {
			t.Errorf("%q: error banner %q", in, r.sh.Banner)
		}
		if n := len([]rune(r.stack[0].(*search.Page).Value())); n > search.InputLimit {
			t.Errorf("%q: input holds %d runes, limit %d", in, n, search.InputLimit)
		}
	}
}

// TestKeysTypedAfterEnterReachTheMember: "number ⏎ 2" typed faster than
// the search answers opens the member on the Cards tab; the 2 must not
// land in the search box (where it would also cancel the open).
func TestKeysTypedAfterEnterReachTheMember(t *testing.T) {
	var m tea.Model = New(ui.Options{Desk: deskOn(openTestStore(t)), Lang: ui.LangEN, Now: func() time.Time { return testNow }})
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	var cmds []tea.Cmd
	keys := []tea.KeyPressMsg{}
	for _, r := range suspendedNo {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: '2', Text: "2"})
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		m = run(m, c, 0)
	}
	v := ansi.Strip(m.View().Content)
	if !strings.Contains(v, "鈴木 一郎") || !strings.Contains(v, "Issued") {
		t.Fatalf("want the member's Cards tab:\n%s", v)
	}
	if strings.Contains(v, suspendedNo+"2") {
		t.Fatalf("the 2 went into the search box:\n%s", v)
	}
}

// TestEnterBeforeTheAnswerOpensTheMember: a number typed and entered at
// once opens the member when the search answers, not never.
func TestEnterBeforeTheAnswerOpensTheMember(t *testing.T) {
	var m tea.Model = New(ui.Options{Desk: deskOn(openTestStore(t)), Lang: ui.LangEN, Now: func() time.Time { return testNow }})
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	var cmds []tea.Cmd
	for _, r := range suspendedNo {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	for _, c := range append(cmds, cmd) {
		m = run(m, c, 0)
	}
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "Profile") || !strings.Contains(v, "鈴木 一郎") {
		t.Fatalf("member not opened:\n%s", v)
	}
}
