package workflows

import (
	"strings"
	"testing"
	"time"

	"spdesk/store"
)

// A message's day or minute is written in the language's one form: a
// Japanese refusal never carries an ISO date, an English one never 年月日.
func TestMessageDatesFollowTheLanguage(t *testing.T) {
	changed := &Error{Code: ECHANGED, Key: "changed_elsewhere", Args: map[string]string{"member": "1000001014",
		"fields": "address", "by": "op2", "at": "2026-11-25 10:05"}}
	mailed := refuse(ESTATE, "batch.already_mailed", "batch", "B-0000001", "at", "2026-11-26")
	for _, c := range []struct {
		err    error
		ja, en string
	}{
		{changed, "2026年11月25日 10:05", "2026-11-25 10:05"},
		{mailed, "2026年11月26日", "2026-11-26"},
	} {
		if got := Message(c.err, "ja"); !strings.Contains(got, c.ja) || strings.Contains(got, "2026-11") {
			t.Errorf("ja: %q", got)
		}
		if got := Message(c.err, "en"); !strings.Contains(got, c.en) || strings.Contains(got, "年") {
			t.Errorf("en: %q", got)
		}
	}
	// Row numbers and typed text in from/to are left alone.
	if got := render("audit.verdict.broken.gap", map[string]string{"from": "12", "to": "15"}, "ja"); !strings.Contains(got, "12〜15") {
		t.Errorf("row numbers: %q", got)
	}
	at := time.Date(2026, 12, 31, 15, 30, 0, 0, time.UTC) // New Year's Day in Tokyo
	if WhenText(at, "ja") != "2027年1月1日 00:30" || WhenText(at, "en") != "2027-01-01 00:30" ||
		DateText(store.MakeDate(2027, 1, 1), "ja") != "2027年1月1日" {
		t.Errorf("%q %q", WhenText(at, "ja"), WhenText(at, "en"))
	}
}
