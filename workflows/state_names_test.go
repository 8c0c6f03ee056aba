package workflows

import (
	"strings"
	"testing"

	"spdesk/store"
)

// TestStateNamesReadInSentences: a state's Japanese name is never 受付,
// the word for a case itself, so a sentence naming a case and its state
// does not read "（受付 C-0000046、受付）" (seen while fixing §3.12), and
// every message that names both reads the state as a state.
func TestStateNamesReadInSentences(t *testing.T) {
	caseWord := whatNames["case"].In("ja")
	for _, typ := range CaseTypes() {
		for _, st := range append(States(typ), store.StateOpened) {
			if StateLabel(st, "ja") == caseWord {
				t.Errorf("state %s is called %s in Japanese, the word for a case", st, caseWord)
			}
		}
	}
	n := 0
	for key := range Messages {
		ja, _ := Messages.Text(key, "ja")
		if !strings.Contains(ja, "{case}") || !strings.Contains(ja, "{state}") {
			continue
		}
		n++
		text := render(key, map[string]string{"case": "C-0000046", "state": string(store.StateOpened),
			"card": "4980-xxxx-xxxx-1234", "action": string(ActMailForm), "allowed": "close, withdraw"}, "ja")
		if strings.Contains(text, "C-0000046、"+caseWord) || strings.Contains(text, "C-0000046（"+caseWord) ||
			!strings.Contains(text, "「"+StateLabel(store.StateOpened, "ja")+"」") {
			t.Errorf("%s reads %q", key, text)
		}
	}
	if n < 4 {
		t.Fatalf("only %d messages name a case and its state", n)
	}
}
