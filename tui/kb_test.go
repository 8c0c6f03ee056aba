package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
)

// kbDesk is the demo desk with the knowledge base loaded, as `spdesk demo`
// starts it.
func kbDesk(t *testing.T, lang string, w, h int) *desk {
	t.Helper()
	d := startDeskAt(t, lang, w, h)
	if _, err := d.svc.LoadKB(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

var keyCtrlX = tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl}

func TestKBCode52ShowsFirewallChecks(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 80, 24)
	d.tm.Send(keyCtrlX)
	waitFor(t, d.tm, "Search:", "open it with f on a member")
	d.tm.Type("52")
	v := waitFor(t, d.tm, "Result code 52", "firewall", "connection type")
	checkFrame(t, v, 80, 24)
	// Reading: scroll to the end of the article and back.
	d.key("enter")
	waitFor(t, d.tm, "n/p")
	d.key("G")
	waitFor(t, d.tm, "router")
	d.key("esc")
	waitFor(t, d.tm, "Search member no") // back on the main screen
}

func TestKBCode52InJapanese(t *testing.T) {
	d := kbDesk(t, ui.LangJA, 80, 24)
	d.tm.Send(keyCtrlX)
	waitFor(t, d.tm, "検索:")
	d.tm.Type("５２") // full-width digits, as a Japanese IME types them
	v := waitFor(t, d.tm, "結果コード52", "ファイアウォール", "接続タイプ")
	checkFrame(t, v, 80, 24)
}

func TestKBCodeWithoutArticle(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 80, 24)
	d.tm.Send(keyCtrlX)
	waitFor(t, d.tm, "Search:")
	d.tm.Type("99")
	waitFor(t, d.tm, "no article for result code 99", "no article matches")
	// Text search still works after it: a word only the reader article has.
	for range 2 {
		d.tm.Send(press(tea.KeyBackspace))
	}
	d.tm.Type("ChoCom")
	waitFor(t, d.tm, "extra card reader", "1 of")
}

func TestKBNextPrevThroughMatches(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 100, 30)
	d.tm.Send(keyCtrlX)
	waitFor(t, d.tm, "Search:")
	d.tm.Send(tea.PasteMsg{Content: "firewall"}) // one query, not one per letter
	v := waitFor(t, d.tm, "Search: firewall", "1 of ", "Firewall settings")
	first := matchTitle(v)
	d.key("enter")
	d.key("n")
	v = waitFor(t, d.tm, "2 of ")
	if matchTitle(v) == first {
		t.Fatalf("n stayed on %q", first)
	}
	d.key("p")
	v = waitFor(t, d.tm, "1 of ")
	if matchTitle(v) != first {
		t.Fatalf("p went to %q, want %q", matchTitle(v), first)
	}
}

// matchTitle is the title on the match line ("1 of 5 Title").
func matchTitle(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if i := strings.Index(l, " of "); i > 0 && i < 8 {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func TestKBSwitchLanguageKeepsTheArticle(t *testing.T) {
	d := kbDesk(t, ui.LangJA, 80, 24)
	d.tm.Send(keyCtrlX)
	waitFor(t, d.tm, "検索:")
	d.tm.Type("58")
	waitFor(t, d.tm, "結果コード58")
	d.key("enter")
	d.key("t")
	v := waitFor(t, d.tm, "Result code 58", "英語")
	checkFrame(t, v, 80, 24)
	d.key("t")
	waitFor(t, d.tm, "結果コード58", "日本語")
}

func TestKBFromArticle58StartsPasswordReset(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 110, 40)
	m := d.freeMember()
	d.open(m)
	d.key("f")
	waitFor(t, d.tm, "Search:", "member "+m.No)
	d.tm.Type("58")
	waitFor(t, d.tm, "Result code 58", "s starts it")
	d.key("enter")
	d.key("s") // one key: the procedure, for this member
	d.identity(m)
	d.confirm("Done — case C-")
	c := d.wantState(m.ID, workflows.CasePasswordReset, workflows.StatePasswordIssued)
	if c.MemberID != m.ID {
		t.Fatalf("case for member %d", c.MemberID)
	}
	// Back on the article: a second start names the case now open
	// instead of opening a form the workflow would refuse.
	waitFor(t, d.tm, "Result code 58")
	d.key("s")
	waitFor(t, d.tm, "case "+c.No()+" of this kind is already open")
}

func TestKBWithoutMemberCannotStart(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 110, 40)
	d.tm.Send(keyCtrlX)
	d.tm.Type("58")
	waitFor(t, d.tm, "open a member first")
	d.key("enter")
	d.key("s")
	waitFor(t, d.tm, "open it with f on a member")
}

func TestKBReaderOrderFromArticle(t *testing.T) {
	d := kbDesk(t, ui.LangEN, 110, 40)
	m := d.freeMember()
	d.open(m)
	d.key("f")
	waitFor(t, d.tm, "Search:")
	d.tm.Send(tea.PasteMsg{Content: "extra reader"})
	waitFor(t, d.tm, "1 of", "extra card reader (second")
	d.key("enter")
	d.key("s")
	d.identity(m)
	waitFor(t, d.tm, "Which computer")
	d.key("down") // Macintosh
	d.key("enter")
	v := d.confirm("ordered: slip L-")
	_ = v
	os, err := d.st.ReaderOrdersOfMember(context.Background(), m.ID)
	if err != nil || len(os) != 1 || os[0].System != workflows.ReaderMac || os[0].PriceYen != 2500 {
		t.Fatalf("orders %+v, %v", os, err)
	}
	// Its slip waits in the print queue with the other letters.
	d.key("esc") // the procedure, to the member
	waitFor(t, d.tm, "Profile")
	d.key("esc") // the member: its call's wrap-up
	waitFor(t, d.tm, "Wrap-up of call", "[x] procedure: extra card reader order")
	d.key("enter") // recorded: back to the main screen
	waitFor(t, d.tm, "Member search ─")
	d.key("esc") // the search box emptied
	waitFor(t, d.tm, "Search member no")
	d.key("ctrl+l")
	waitFor(t, d.tm, "5[x] reader shipment")
}
