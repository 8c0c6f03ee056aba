package cases

import (
	"testing"

	"spdesk/tui/ui/uitest"
)

// #14: a date of birth is taken as callers say it, Western or era, in
// full-width too, and reaches the workflow as the one form it compares;
// what is not a date is left for the workflow to refuse in words.
func TestIdentityTakesEraDates(t *testing.T) {
	for in, want := range map[string]string{
		"平成2年9月22日": "1990-09-22", "H2.9.22": "1990-09-22", "h2/9/22": "1990-09-22",
		"令和元年5月1日": "2019-05-01", "昭和55年１月２日": "1980-01-02", "1990-09-22": "1990-09-22",
		"19900922": "1990-09-22", "来週": "来週",
	} {
		if got := isoDate(in); got != want {
			t.Errorf("isoDate(%q) = %q, want %q", in, got, want)
		}
	}
	sh := uitest.Japanese()
	a := &identityAnswers{}
	groups := identityGroups(sh, a)
	if len(groups) != 2 {
		t.Fatalf("%d groups", len(groups))
	}
	a.birth, a.postal = "H2.9.22", "150-0001"
	if r := a.request(); r.BirthDate != "1990-09-22" {
		t.Fatalf("answer sent as %q", r.BirthDate)
	}
}
