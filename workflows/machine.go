package workflows

import (
	"spdesk/store"
)

// Action is one step an operator (or the letter run) takes on a case.
type Action string

const (
	ActReport           Action = "report" // lost/broken card: open the case and suspend the card
	ActOpen             Action = "open"
	ActCheckIdentity    Action = "check_identity"
	ActResume           Action = "resume" // the lost card was found
	ActOrderReissue     Action = "order_reissue"
	ActReferToIssuer    Action = "refer_to_issuer"
	ActMailForm         Action = "mail_form"
	ActReceiveForm      Action = "receive_form"
	ActShipCard         Action = "ship_card"
	ActIssuePassword    Action = "issue_password"
	ActPrintLetter      Action = "print_letter" // by PrintLetters, not an operator
	ActMailLetter       Action = "mail_letter"  // by MarkBatchMailed
	ActChangeName       Action = "change_name"
	ActChangeContact    Action = "change_contact"
	ActApprove          Action = "approve"
	ActCancelMembership Action = "cancel_membership"
	ActClose            Action = "close"
	ActWithdraw         Action = "withdraw"
	// ActConfirmFraud: a supervisor confirms a suspected fraud; the card is
	// revoked for good. Its other end, a false alarm, is the withdraw of a
	// suspected-fraud case, a supervisor's too (fraud.go).
	ActConfirmFraud Action = "confirm_fraud"
)

// cardKind restricts a step to standard or credit-function cards.
type cardKind int

const (
	anyCard cardKind = iota
	standardOnly
	creditOnly
)

// step is one allowed transition. Everything not listed is refused.
type step struct {
	From     store.CaseState
	Act      Action
	To       store.CaseState
	Only     cardKind
	Identity bool // needs a passed identity check on the case
}

// machines are the case state machines of DESIGN.md "Cases". Two steps are
// allowed in every open state of every type and so are not listed:
// check_identity and withdraw (to withdrawn). A check that passes keeps
// the state (in a password reset it moves opened to identity_verified); one
// that fails in opened, where nothing but the opening has happened, ends
// the case as identity_failed, so no open case is left to block the next
// try; one that fails later keeps the state (a lost card stays suspended)
// and the step's Result says it failed.
var machines = map[store.CaseType][]step{
	store.CaseLostCard: {
		{From: store.StateCardSuspended, Act: ActResume, To: store.StateClosed, Identity: true},
		{From: store.StateCardSuspended, Act: ActOrderReissue, To: store.StateReissueOrdered, Only: standardOnly, Identity: true},
		{From: store.StateCardSuspended, Act: ActReferToIssuer, To: store.StateReferredToIssuer, Only: creditOnly},
		{From: store.StateReissueOrdered, Act: ActShipCard, To: store.StateCardShipped},
		{From: store.StateCardShipped, Act: ActClose, To: store.StateClosed},
		{From: store.StateReferredToIssuer, Act: ActClose, To: store.StateClosed},
	},
	store.CaseBrokenCard: {
		{From: store.StateCardSuspended, Act: ActMailForm, To: store.StateFormMailed, Only: standardOnly},
		{From: store.StateCardSuspended, Act: ActReferToIssuer, To: store.StateReferredToIssuer, Only: creditOnly},
		{From: store.StateFormMailed, Act: ActReceiveForm, To: store.StateFormReceived},
		{From: store.StateFormReceived, Act: ActOrderReissue, To: store.StateReissueOrdered},
		{From: store.StateReissueOrdered, Act: ActShipCard, To: store.StateCardShipped},
		{From: store.StateCardShipped, Act: ActClose, To: store.StateClosed},
		{From: store.StateReferredToIssuer, Act: ActClose, To: store.StateClosed},
	},
	store.CasePasswordReset: {
		{From: store.StateIdentityVerified, Act: ActIssuePassword, To: store.StatePasswordIssued, Identity: true},
		{From: store.StatePasswordIssued, Act: ActPrintLetter, To: store.StateLetterPrinted},
		{From: store.StateLetterPrinted, Act: ActMailLetter, To: store.StateLetterMailed},
		{From: store.StateLetterMailed, Act: ActClose, To: store.StateClosed},
	},
	store.CaseNameChange: {
		{From: store.StateOpened, Act: ActMailForm, To: store.StateFormMailed, Identity: true},
		{From: store.StateFormMailed, Act: ActReceiveForm, To: store.StateFormReceived},
		{From: store.StateFormReceived, Act: ActChangeName, To: store.StateNameChanged},
		{From: store.StateNameChanged, Act: ActClose, To: store.StateClosed},
	},
	store.CaseContactChange: {
		{From: store.StateOpened, Act: ActChangeContact, To: store.StateClosed, Identity: true},
	},
	store.CaseSuspectedFraud: {
		{From: store.StateUnderReview, Act: ActConfirmFraud, To: store.StateClosed},
	},
	store.CaseCardRenewal: {
		{From: store.StateIdentityVerified, Act: ActOrderReissue, To: store.StateReissueOrdered, Only: standardOnly, Identity: true},
		{From: store.StateReissueOrdered, Act: ActShipCard, To: store.StateCardShipped},
		{From: store.StateCardShipped, Act: ActClose, To: store.StateClosed},
	},
	store.CaseCancellation: {
		{From: store.StateOpened, Act: ActMailForm, To: store.StateFormMailed, Identity: true},
		{From: store.StateFormMailed, Act: ActReceiveForm, To: store.StateFormReceived},
		{From: store.StateFormReceived, Act: ActApprove, To: store.StateApproved},
		{From: store.StateApproved, Act: ActCancelMembership, To: store.StateMembershipCancelled},
		{From: store.StateMembershipCancelled, Act: ActClose, To: store.StateClosed},
	},
}

// startState is where a new case of each type begins.
var startState = map[store.CaseType]store.CaseState{
	store.CaseLostCard:      store.StateCardSuspended,
	store.CaseBrokenCard:    store.StateCardSuspended,
	store.CasePasswordReset: store.StateOpened,
	store.CaseNameChange:    store.StateOpened,
	store.CaseContactChange: store.StateOpened,
	store.CaseCancellation:  store.StateOpened,
	// The card is suspended as the case opens, like a lost card's.
	store.CaseSuspectedFraud: store.StateUnderReview,
	store.CaseCardRenewal:    store.StateOpened,
}

// stateInfo says whom a case waits on in a state and how many business
// days the next step may take (keepDue: the due date set earlier stands).
type stateInfo struct {
	waitingOn string
	due       func(Settings) int
}

const keepDue = -1

func desk(s Settings) int      { return s.DeskStepDays }
func formBack(s Settings) int  { return s.FormReturnDays }
func delivery(s Settings) int  { return s.CardDeliveryDays }
func pwLetter(s Settings) int  { return s.PasswordLetterDays }
func unchanged(Settings) int   { return keepDue }
func noDue(Settings) int       { return 0 }
func waitingDesk() stateInfo   { return stateInfo{"us", desk} }
func waitingMail() stateInfo   { return stateInfo{"mail", unchanged} }
func finished() stateInfo      { return stateInfo{"", noDue} }
func waitingMember() stateInfo { return stateInfo{"member", formBack} }

var states = map[store.CaseState]stateInfo{
	store.StateOpened:              waitingDesk(),
	store.StateIdentityVerified:    waitingDesk(),
	store.StateCardSuspended:       waitingDesk(),
	store.StateReferredToIssuer:    {"issuer", desk},
	store.StateFormMailed:          waitingMember(),
	store.StateFormReceived:        waitingDesk(),
	store.StateReissueOrdered:      {"us", delivery},
	store.StateCardShipped:         waitingMail(),
	store.StatePasswordIssued:      {"us", pwLetter},
	store.StateLetterPrinted:       {"us", unchanged},
	store.StateLetterMailed:        waitingMail(),
	store.StateNameChanged:         waitingDesk(),
	store.StateApproved:            waitingDesk(),
	store.StateMembershipCancelled: waitingDesk(),
	store.StateUnderReview:         {"approval", desk}, // a supervisor's review: the approval queue
	store.StateClosed:              finished(),
	store.StateWithdrawn:           finished(),
	store.StateIdentityFailed:      finished(),
}

// stateOrder lists each type's states in the order a case passes them.
var stateOrder = map[store.CaseType][]store.CaseState{
	store.CaseLostCard: {store.StateCardSuspended, store.StateReissueOrdered, store.StateCardShipped,
		store.StateReferredToIssuer},
	store.CaseBrokenCard: {store.StateCardSuspended, store.StateFormMailed, store.StateFormReceived,
		store.StateReissueOrdered, store.StateCardShipped, store.StateReferredToIssuer},
	store.CasePasswordReset: {store.StateOpened, store.StateIdentityVerified, store.StatePasswordIssued,
		store.StateLetterPrinted, store.StateLetterMailed},
	store.CaseNameChange:    {store.StateOpened, store.StateFormMailed, store.StateFormReceived, store.StateNameChanged},
	store.CaseContactChange: {store.StateOpened},
	store.CaseCancellation: {store.StateOpened, store.StateFormMailed, store.StateFormReceived, store.StateApproved,
		store.StateMembershipCancelled},
	store.CaseSuspectedFraud: {store.StateUnderReview},
	// A renewal is opened and checked in one transaction: it is never seen in opened.
	store.CaseCardRenewal: {store.StateIdentityVerified, store.StateReissueOrdered, store.StateCardShipped},
}

// States lists the states of a case type in the order a case passes them,
// the terminal ones last (for the console and the tests). A type that
// starts in opened can also end in identity_failed.
func States(t store.CaseType) []store.CaseState {
	out := append(append([]store.CaseState(nil), stateOrder[t]...), store.StateClosed, store.StateWithdrawn)
	if startState[t] == store.StateOpened || t == store.CaseLostCard { // lost card: ResumeSuspendedCard; renewal: its check
		out = append(out, store.StateIdentityFailed)
	}
	return out
}

// CaseTypes lists every case type.
func CaseTypes() []store.CaseType {
	return []store.CaseType{store.CaseLostCard, store.CaseBrokenCard, store.CasePasswordReset,
		store.CaseNameChange, store.CaseContactChange, store.CaseCancellation, store.CaseSuspectedFraud,
		store.CaseCardRenewal}
}

// verifiedOnPass: in these types a passed check in opened is the step to
// identity_verified (the next step needs it; the state says it is done).
func verifiedOnPass(t store.CaseType) bool {
	return t == store.CasePasswordReset || t == store.CaseCardRenewal
}

// permit checks that act may be taken on c now and returns its step.
// The refusal names the current state and the steps allowed instead.
func permit(c store.Case, act Action) (step, error) {
	if c.State.Terminal() {
		return step{}, refuse(ESTATE, "case.finished", "case", c.No(), "state", string(c.State))
	}
	switch act {
	case ActWithdraw:
		return step{From: c.State, Act: act, To: store.StateWithdrawn}, nil
	case ActCheckIdentity:
		to := c.State
		if verifiedOnPass(c.Type) && c.State == store.StateOpened {
			to = store.StateIdentityVerified
		}
		return step{From: c.State, Act: act, To: to}, nil
	}
	for _, st := range machines[c.Type] {
		if st.From != c.State || st.Act != act {
			continue
		}
		if st.Only == standardOnly && c.Credit {
			return st, refuse(ESTATE, "case.credit_card", "case", c.No(), "company", c.Company,
				"action", string(act))
		}
		if st.Only == creditOnly && !c.Credit {
			return st, refuse(ESTATE, "case.standard_card", "case", c.No(), "action", string(act))
		}
		if st.Identity && !c.IdentityPassed {
			return st, refuse(EIDENTITY, "identity.required", "case", c.No(), "action", string(act))
		}
		return st, nil
	}
	return step{}, refuse(ESTATE, "case.not_allowed", "case", c.No(), "state", string(c.State),
		"action", string(act), "allowed", listActions(allowedActions(c)))
}

// allowedActions lists the operator steps possible from c's state for its
// card kind, ignoring the identity requirement (which the message names).
func allowedActions(c store.Case) []Action {
	if c.State.Terminal() {
		return nil
	}
	out := []Action{ActCheckIdentity, ActWithdraw}
	for _, st := range machines[c.Type] {
		if st.From != c.State || st.Act == ActPrintLetter || st.Act == ActMailLetter {
			continue
		}
		if (st.Only == standardOnly && c.Credit) || (st.Only == creditOnly && !c.Credit) {
			continue
		}
		out = append(out, st.Act)
	}
	return out
}
