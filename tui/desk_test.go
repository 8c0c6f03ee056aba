package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"spdesk/fixtures/demodesk"
	"spdesk/tui/ui"
)

// settle delivers what cmd answers, and what those answers start, for a
// few rounds: enough for a page's reads to land (a spinner would tick on
// for ever, hence the bound).
func (d *direct) settle(cmd tea.Cmd) {
	for range 3 {
		var next []tea.Cmd
		for _, msg := range answers(d.t, cmd) {
			next = append(next, d.send(msg))
		}
		cmd = tea.Batch(next...)
	}
}

// press sends a key the way a terminal does and lets its answers land.
func (d *direct) press(k tea.KeyPressMsg) { d.settle(d.send(k)) }

func ctrlKey(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

func textKey(s string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: []rune(s)[0], Text: s} }

// deskTrip is one page reached the way an operator reaches it.
type deskTrip struct {
	name string
	want ui.PageKind // the page the trip ends on
	gate bool        // the sign-in or lock gate, over the stack
	go_  func(d *direct)
}

// The desk keys are the root's: from every page, each opens its page on
// top, or, when it cannot, the status line says why and the page stays.
// A real seeded demo database, the real workflows, the root driven by
// hand so every answer has landed before the next key.
func TestDeskKeysFromEveryPage(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	member, _ := demodesk.MailedNameChange(t, st, svc) // a member with an open case on the Cases tab
	en := ui.NewCatalog(ui.LangEN)

	toMember := func(d *direct) {
		for _, r := range member.No {
			d.press(textKey(string(r)))
		}
		d.press(keyEnter)
	}
	trips := []deskTrip{
		{name: "search", want: ui.PageSearch, go_: func(d *direct) {}},
		{name: "queues", want: ui.PageQueues, go_: func(d *direct) { d.press(ctrlKey('g')) }},
		{name: "queue cases", want: ui.PageQueueCases, go_: func(d *direct) { d.press(ctrlKey('g')); d.press(keyEnter) }},
		{name: "approvals", want: ui.PageApprovals, go_: func(d *direct) { d.press(ctrlKey('g')); d.press(textKey("a")) }},
		{name: "letters print", want: ui.PageLetters, go_: func(d *direct) { d.press(ctrlKey('l')) }},
		{name: "audit", want: ui.PageAudit, go_: func(d *direct) { d.press(ctrlKey('r')) }},
		{name: "knowledge base", want: ui.PageKB, go_: func(d *direct) { d.press(ctrlKey('x')) }},
		{name: "card test", want: ui.PageCardTest, go_: func(d *direct) { d.press(ctrlKey('t')) }},
		{name: "member case", want: ui.PageCase, go_: func(d *direct) { toMember(d); d.press(textKey("3")); d.press(keyEnter) }},
		// The withdrawal reason is a text area, whose own ctrl+t and ctrl+g
		// (transpose, select all) the desk keys take: what was typed waits
		// beneath, and esc comes back to it.
		{name: "case withdraw reason", want: ui.PageCase, go_: func(d *direct) {
			toMember(d)
			d.press(textKey("3"))
			d.press(keyEnter)
			d.press(textKey("w"))
			for _, r := range "moved away" {
				d.send(textKey(string(r))) // typing reads nothing: no answers to wait for
			}
			if v := d.view(); !strings.Contains(v, "Reason for withdrawing") || !strings.Contains(v, "moved away") {
				d.t.Fatalf("no withdrawal reason typed:\n%s", v)
			}
		}},
		{name: "member procedures", want: ui.PageProcedures, go_: func(d *direct) { toMember(d); d.press(textKey("a")) }},
		{name: "member procedure form", want: ui.PageProcedures, go_: func(d *direct) {
			toMember(d)
			d.press(textKey("a"))
			d.press(keyEnter)
			if d.m.top().Title() == en.T("proc.title") { // a started form names its procedure
				d.t.Fatalf("enter on the procedures list started no form:\n%s", d.view())
			}
		}},
		{name: "member card test", want: ui.PageCardTest, go_: func(d *direct) { toMember(d); d.press(textKey("2")); d.press(textKey("c")) }},
		{name: "member knowledge base", want: ui.PageKB, go_: func(d *direct) { toMember(d); d.press(textKey("f")) }},
		{name: "sign-in", want: ui.PageNone, gate: true, go_: nil},
		{name: "lock", want: ui.PageMember, gate: true, go_: func(d *direct) { toMember(d); d.m = d.m.lock("test") }},
	}
	// What each member tab shows and no other does: the member has cards,
	// one open case and its change form queued.
	tabShows := []string{"f.birth", "col.issued", "col.waiting", "col.printed", "col.who"}
	for tab := 1; tab <= len(tabShows); tab++ {
		trips = append(trips, deskTrip{name: fmt.Sprintf("member tab %d", tab), want: ui.PageMember, go_: func(d *direct) {
			toMember(d)
			d.press(textKey(fmt.Sprint(tab)))
			if v := d.view(); !strings.Contains(v, en.T(tabShows[tab-1])) {
				d.t.Fatalf("not on tab %d:\n%s", tab, v)
			}
		}})
	}

	type deskKey struct {
		name  string
		msg   tea.KeyPressMsg
		opens ui.PageKind
	}
	keys := []deskKey{
		{"ctrl+g", ctrlKey('g'), ui.PageQueues},
		{"ctrl+t", ctrlKey('t'), ui.PageCardTest},
		{"ctrl+x", ctrlKey('x'), ui.PageKB},
		{"ctrl+l", ctrlKey('l'), ui.PageLetters},
		{"ctrl+r", ctrlKey('r'), ui.PageAudit},
		{"ctrl+o", ctrlKey('o'), ui.PageNone},
		{"f1", press(tea.KeyF1), ui.PageNone},
		{"ctrl+y", ctrlKey('y'), ui.PageReports},
	}

	for _, trip := range trips {
		for _, k := range keys {
			t.Run(trip.name+"/"+k.name, func(t *testing.T) {
				d := &direct{t: t}
				opts := ui.Options{Desk: svc, Service: svc, Lang: ui.LangEN, Operator: "tester", Operators: []string{"tester", "supervisor"},
					Now: func() time.Time { return testNow }}
				if trip.go_ == nil {
					opts.Operator, opts.Operators, opts.Accounts = "", nil, svc
				}
				d.m = New(opts).(model)
				d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
				if trip.go_ != nil {
					trip.go_(d)
				}
				if trip.gate != (d.m.gate != nil) || (!trip.gate && d.m.top().Kind() != trip.want) {
					t.Fatalf("the trip ended on %T, want page %d:\n%s", d.m.top(), trip.want, d.view())
				}
				before, depth, op := d.m.top(), len(d.m.stack), d.m.sh.Operator
				d.press(k.msg)
				v := d.view()
				status := statusLine(v)
				switch {
				case trip.gate:
					if d.m.gate != before {
						t.Fatalf("%s left the gate:\n%s", k.name, v)
					}
					if k.name == "f1" {
						if !d.m.showHelp || strings.Contains(v, "ctrl+g") {
							t.Fatalf("f1 on the gate: want the help without the desk keys:\n%s", v)
						}
						return
					}
					if want := en.T("desk.gate"); !strings.Contains(status, want) || d.m.sh.Operator != op {
						t.Fatalf("%s on the gate: status %q, want %q", k.name, status, want)
					}
				case k.name == "f1":
					for _, dk := range keys[:6] {
						if strings.Count(v, dk.name) != 1 {
							t.Fatalf("the ? overlay lists %s %d times, want once:\n%s", dk.name, strings.Count(v, dk.name), v)
						}
						// A key whose page is open already says so.
						open := strings.Contains(lineWith(v, dk.name), en.T("desk.open"))
						if open != slicesHasPage(d.m.stack, dk.opens) {
							t.Fatalf("the ? overlay's %s says open %v:\n%s", dk.name, open, v)
						}
					}
				case k.name == "ctrl+o":
					if d.m.sh.Operator == op || d.m.top() != before || !strings.Contains(v, "supervisor") {
						t.Fatalf("ctrl+o: operator %q (was %q), top %T:\n%s", d.m.sh.Operator, op, d.m.top(), v)
					}
				case before.Kind() == k.opens:
					if d.m.top() != before || !strings.Contains(status, en.F("desk.here", "page", before.Title())) {
						t.Fatalf("%s on its own page: status %q:\n%s", k.name, status, v)
					}
				case slicesHasPage(d.m.stack[:depth-1], k.opens):
					if d.m.top() != before || !strings.Contains(status, "open beneath this page: esc goes back") {
						t.Fatalf("%s with its page beneath: status %q:\n%s", k.name, status, v)
					}
				default:
					if d.m.top().Kind() != k.opens || len(d.m.stack) != depth+1 || d.m.sh.Banner != "" {
						t.Fatalf("%s: top %T, %d pages (was %d), banner %q:\n%s", k.name, d.m.top(), len(d.m.stack), depth, d.m.sh.Banner, v)
					}
					// esc goes back to where the key was pressed, as it was.
					was := d.m.stack[depth-1].View()
					d.press(keyEsc)
					if d.m.top() != before || d.m.top().View() != was {
						t.Fatalf("esc after %s: top %T, want %T as it was:\n%s", k.name, d.m.top(), before, d.view())
					}
				}
			})
		}
	}
}

func slicesHasPage(stack []ui.Page, p ui.PageKind) bool {
	for _, s := range stack {
		if s.Kind() == p {
			return true
		}
	}
	return false
}

// statusLine is the frame's status line: the one above the help bar.
func statusLine(view string) string {
	lines := strings.Split(view, "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

// A desk key typed after enter but before the search has answered acts
// after the member opens, on top of it: the root leaves it to the search,
// which holds every key until then.
func TestDeskKeyBeforeTheSearchAnswersWaitsItsTurn(t *testing.T) {
	st, svc := seededDemo(t)
	addDeskAccounts(t, svc)
	m, _ := demodesk.MailedNameChange(t, st, svc)
	d := newDirect(t, st, svc)
	var query tea.Cmd
	for _, r := range m.No {
		if cmd := d.send(textKey(string(r))); cmd != nil {
			query = cmd
		}
	}
	d.send(keyEnter)
	d.send(ctrlKey('t'))
	if len(d.m.stack) != 1 {
		t.Fatalf("ctrl+t acted before the member opened: %d pages", len(d.m.stack))
	}
	d.settle(query)
	var got []ui.PageKind
	for _, s := range d.m.stack {
		got = append(got, s.Kind())
	}
	if want := []ui.PageKind{ui.PageSearch, ui.PageMember, ui.PageCardTest}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pages %v, want %v (search, member, card test)", got, want)
	}
}
