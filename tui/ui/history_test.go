package ui

import (
	"testing"

	"spdesk/workflows"
)

// A call's audit rows name their fields in words, in Japanese as well:
// "call, minutes" on a Japanese History tab or audit list was English.
func TestCallRowsFieldsInWords(t *testing.T) {
	e := workflows.AuditEvent{}
	e.After = `{"call":"T-0000001","minutes":6,"outcome":"answered","reasons":["code_52"]}`
	if got := StateMove(NewCatalog(LangJA), e); got != "通話、通話時間(分)、結果、理由" {
		t.Errorf("ja: %q", got)
	}
	if got := StateMove(NewCatalog(LangEN), e); got != "call, minutes, outcome, reasons" {
		t.Errorf("en: %q", got)
	}
}
