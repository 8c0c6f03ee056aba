package ui

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"spdesk/workflows"
	"spdesk/workflows/bizday"
)

// DateWidth is the cells a full date takes: 2026年11月26日 or 2026-11-26.
func DateWidth(c Catalog) int {
	if c.Lang() == LangJA {
		return 14
	}
	return 10
}

// DateOf is FormatDate of an instant's day in Tokyo.
func DateOf(c Catalog, t time.Time) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	return FormatDate(c, workflows.DateOf(t.In(Tokyo)))
}

// ShortDateOf is ShortDate of an instant's day in Tokyo.
func ShortDateOf(c Catalog, t time.Time, today workflows.Date) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	return ShortDate(c, workflows.DateOf(t.In(Tokyo)), today)
}

// FormatWhen is an instant as the operator reads it: Tokyo time, minutes,
// in the language's one form (format.go).
func FormatWhen(c Catalog, t time.Time) string {
	if t.IsZero() {
		return c.T("date.none")
	}
	return workflows.WhenText(t, c.Lang())
}

// Tokyo is the one Tokyo location the workflows' calendar uses too.
var Tokyo = bizday.Tokyo

func WaitingLabel(c Catalog, w string) string {
	if w == "" {
		return ""
	}
	return c.T("waiting." + w)
}

func LetterKindLabel(c Catalog, k workflows.LetterKind) string { return c.T("lkind." + string(k)) }

// ActionLabel names an audit action ("lost_card.report", "letter.print_letter").
func ActionLabel(c Catalog, a string) string {
	typ, act, ok := strings.Cut(a, ".")
	if !ok {
		return a
	}
	name := workflows.ActionLabel(workflows.Action(act), c.Lang())
	if typ == "letter" {
		return name
	}
	return workflows.CaseTypeLabel(workflows.CaseType(typ), c.Lang()) + ": " + name
}

// StateMove is "from → to" of a case event, or the changed fields' names.
func StateMove(c Catalog, e workflows.AuditEvent) string {
	if e.FromState != e.ToState || (e.FromState == "" && e.ToState != "") {
		from := "—"
		if e.FromState != "" {
			from = workflows.StateLabel(e.FromState, c.Lang())
		}
		return from + " → " + workflows.StateLabel(e.ToState, c.Lang())
	}
	var after map[string]any
	if json.Unmarshal([]byte(e.After), &after) != nil || len(after) == 0 {
		return ""
	}
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys { // in words (catalog_history.go); a field not listed keeps its name
		if t := c.T("hf." + k); t != "[hf."+k+"]" {
			keys[i] = t
		}
	}
	return strings.Join(keys, c.T("hf.sep"))
}
