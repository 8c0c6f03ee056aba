package workflows

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"spdesk/store"
)

var allActions = []Action{ActReport, ActOpen, ActCheckIdentity, ActResume, ActOrderReissue, ActReferToIssuer,
	ActMailForm, ActReceiveForm, ActShipCard, ActIssuePassword, ActPrintLetter, ActMailLetter, ActChangeName,
	ActChangeContact, ActApprove, ActCancelMembership, ActClose, ActWithdraw}

var allSupervisorFunctions = []string{FnApproveCancel, FnPrintLetters, FnMarkMailed, FnApproveReprint,
	FnReassignCase, FnAuditExport, FnAuditRead, FnAuditSeal, FnOperatorAdd, FnOperatorDisable, FnOperatorReset, FnSeed}

// everyRefusal walks MayStep, MayStart, MayReport and MaySupervise over
// every case type × state × card kind × identity × membership × actor
// × action, and every procedure and supervisor function, and returns one
// refusal of each kind (code, key and the names of its arguments).
func everyRefusal() []error {
	actors := []Actor{
		{Login: "olga", Role: store.RoleOperator, Account: true, Accounts: true},
		{Login: "alice", Role: store.RoleSupervisor, Account: true, Accounts: true}, // opened the cases
		{Login: "carol", Role: store.RoleSupervisor, Account: true, Accounts: true}, // recorded the forms
		{Login: "bob", Role: store.RoleSupervisor, Account: true, Accounts: true},
		{Login: "nobody", Accounts: true},
		{Login: "dora", Role: store.RoleOperator, Account: true, Disabled: true, Accounts: true},
		{Login: "first"}, // a store without accounts
	}
	var members []store.Member
	for _, st := range []store.MemberStatus{store.MemberActive, store.MemberCancellationPending, store.MemberCancelled} {
		members = append(members, store.Member{ID: 1, No: "1000000017", Status: st, Version: 3})
	}
	var states []store.CaseState
	for _, t := range CaseTypes() {
		states = append(states, States(t)...)
	}
	seen := map[string]error{}
	keep := func(err error) {
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			seen["not an *Error: "+err.Error()] = err
			return
		}
		names := make([]string, 0, len(e.Args))
		for k := range e.Args {
			names = append(names, k)
		}
		sort.Strings(names)
		seen[e.Code+" "+e.Key+" "+strings.Join(names, ",")] = err
	}
	for _, t := range CaseTypes() {
		for _, st := range states {
			for _, credit := range []bool{false, true} {
				for _, passed := range []bool{false, true} {
					c := store.Case{ID: 46, Type: t, State: st, MemberID: 1, CardID: 7, Credit: credit, Company: "JCB",
						IdentityPassed: passed, OpenedBy: "alice", RequestedBy: "carol"}
					for _, m := range members {
						for _, a := range actors {
							for _, act := range allActions {
								keep(MayStep(c, m, a, act))
							}
							for _, ch := range Choices(c, m, a) {
								keep(ch.Reason)
							}
						}
					}
				}
			}
		}
	}
	card := func(id int64, st store.CardStatus, member int64) store.Card {
		return store.Card{ID: id, MemberID: member, No: "9392100000003017", Status: st}
	}
	cardSets := [][]store.Card{nil, {card(7, store.CardActive, 1)}, {card(7, store.CardSuspended, 1)},
		{card(7, store.CardRevoked, 1)}, {card(7, store.CardActive, 2)},
		{card(7, store.CardRevoked, 1), card(8, store.CardSuspended, 1)}}
	caseSets := [][]store.Case{nil, {{ID: 51, Type: store.CaseLostCard, State: store.StateCardSuspended, MemberID: 1, CardID: 7}}}
	for _, t := range CaseTypes() {
		caseSets = append(caseSets, []store.Case{{ID: 50, Type: t, State: startState[t], MemberID: 1, CardID: 7}})
	}
	for _, m := range members {
		for _, cards := range cardSets {
			for _, cases := range caseSets {
				for _, p := range append(Procedures(), ProcResumeCard) {
					keep(MayStart(p, m, cards, cases))
				}
				for _, cd := range cards {
					keep(MayReport(m, cd, cases))
					keep(MayResume(m, cd, cases))
				}
			}
		}
	}
	for _, a := range actors {
		for _, fn := range allSupervisorFunctions {
			keep(MaySupervise(a, fn))
		}
	}
	out := make([]error, 0, len(seen))
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, seen[k])
	}
	return out
}

// codeLike is what a raw code looks like on screen: cancel.approve,
// card_suspended, check_identity.
var codeLike = regexp.MustCompile(`[A-Za-z]+[._][A-Za-z_.]*[A-Za-z]`)

// TestEveryRefusalInWords (issue 12 §3.5): every reason the console can
// show beside a dimmed action — each refusal of MayStep, MayStart,
// MayReport and MaySupervise — has catalog text in Japanese and English,
// with every placeholder filled and no raw code (cancel.approve,
// card_suspended, check_identity) in it; the Japanese has no English word
// besides the names and numbers it quotes; and a refused approval says
// who may approve.
func TestEveryRefusalInWords(t *testing.T) {
	quoted := regexp.MustCompile(`\b(olga|alice|carol|bob|nobody|dora|first|JCB|C-\d+|\d{4}-xxxx-xxxx-\d{4}|\d+)\b`)
	reasons := everyRefusal()
	if len(reasons) < 15 {
		t.Fatalf("only %d kinds of refusal found: the walk is too narrow", len(reasons))
	}
	for _, err := range reasons {
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("a refusal that is not a workflows error: %v", err)
			continue
		}
		what := fmt.Sprintf("%s %v", e.Key, e.Args)
		for _, lang := range []string{"ja", "en"} {
			if _, ok := Messages.Text(e.Key, lang); !ok {
				t.Errorf("%s: no %s text", what, lang)
				continue
			}
			text := Why(err, lang)
			if text == "" || strings.ContainsAny(text, "{}") {
				t.Errorf("%s (%s): %q", what, lang, text)
			}
			if c := codeLike.FindString(text); c != "" {
				t.Errorf("%s (%s): raw code %q in %q", what, lang, c, text)
			}
			if lang == "ja" {
				rest := strings.ReplaceAll(quoted.ReplaceAllString(text, ""), "spdesk operator list", "")
				if strings.ContainsFunc(rest, func(r rune) bool { return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) {
					t.Errorf("%s: English in the Japanese reason %q", what, text)
				}
			}
		}
		if e.Key == "cancel.approve_supervisor" || e.Key == "cancel.same_approver" {
			for lang, who := range map[string]string{"ja": "alice", "en": "a supervisor other than carol, alice"} {
				if !strings.Contains(Why(err, lang), who) || !strings.Contains(Why(err, "ja"), "監督者") {
					t.Errorf("%s (%s): %q does not say who may approve", what, lang, Why(err, lang))
				}
			}
		}
	}
	// The approve step's refusal to an operator names who may.
	c := store.Case{ID: 46, Type: store.CaseCancellation, State: store.StateFormReceived, OpenedBy: "alice", RequestedBy: "carol"}
	op := Actor{Login: "olga", Role: store.RoleOperator, Account: true, Accounts: true}
	if got := Why(MayStep(c, store.Member{Status: store.MemberCancellationPending}, op, ActApprove), "en"); !strings.Contains(got, "a supervisor other than carol, alice") {
		t.Errorf("approve by an operator: %q", got)
	}
	if got := WhoApproves(c, "ja"); got != "carol、alice さん以外の監督者" {
		t.Errorf("WhoApproves = %q", got)
	}
	if Why(nil, "ja") != "" {
		t.Error("an allowed action has a reason")
	}
}
