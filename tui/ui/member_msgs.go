package ui

import (
	"slices"

	"spdesk/workflows"
)

// The member page's reads are answers every page sees (the root
// broadcasts them): the knowledge base opened over a member keeps its
// member file current with them, so a procedure started from an article
// sees the case the last one opened.

// MemberLoadedMsg answers the load of member No.
type MemberLoadedMsg struct {
	No     string
	Member workflows.Member
	Cards  []workflows.Card
	Err    error
}

// MemberDataMsg answers the load of a member's cases, letters and history.
type MemberDataMsg struct {
	MemberID int64
	Seq      int // the asking page's load number: an older one is dropped
	Cases    []workflows.Case
	Letters  []workflows.Letter
	Audit    []workflows.AuditEvent
	Err      error
}

// WithCase is cases with cs in place of its older self, or first (the
// newest case leads the list) when cases does not hold it yet.
func WithCase(cases []workflows.Case, cs workflows.Case) []workflows.Case {
	for i, c := range cases {
		if c.ID == cs.ID {
			if c.Version >= cs.Version {
				return cases
			}
			out := slices.Clone(cases)
			out[i] = cs
			return out
		}
	}
	return append([]workflows.Case{cs}, cases...)
}
