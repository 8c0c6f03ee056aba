// Package workflows owns every change to spdesk's data: the case state
// machines of the support center's procedures (lost and broken cards,
// password resets, name and contact changes, cancellations), the identity
// check they rest on, new cards and passwords, the letters they queue and
// their printing, and the audit trail.
//
// Each change is one method of [Service] that takes the acting operator and
// a request and runs in a single store transaction (BEGIN IMMEDIATE) that
// also appends exactly one audit row per changed case or letter: a change
// and its audit row commit together or not at all. A request names the
// version of the record it was based on; if someone changed it since, the
// change is refused with ECONFLICT and nothing is written. Every refusal is
// an [*Error] with a code for programs and a catalog key for people
// ([Message] renders it in Japanese or English, naming the current state
// and what is allowed instead).
//
// What may be done now, and why not, is asked of the same functions by the
// console and by the workflows themselves before they change anything
// ([Choices] and [MayStep] for case steps, [MayStart] and [MayReport] for
// procedures, [MaySupervise] and [MayReadAudit] for supervisor functions):
// a key the console dims shows the very refusal the step would give.
//
// The package has no terminal and no SQL: the console, the CLI and tests
// call the same methods, and store does the reading and writing. The
// console sees the system only as a [Desk] (desk.go): the reads its pages
// show, what may be done now, and the steps, with the records named in
// workflows (desk_words.go), so it never imports store.
//
// Decisions where DESIGN.md is silent:
//
//   - Lost and broken card reports open the case and suspend the card in the
//     same transaction, so the case starts in card_suspended: stopping misuse
//     must not wait for a second step or for the identity check.
//   - Form cases enter form_mailed when the form is queued (the desk's step
//     is done; the letter's own state tells printed from mailed). The form
//     is expected back within FormReturnDays business days.
//   - An identity check passes when at least two answers are given and every
//     given answer matches. The latest check counts. Resuming a found card
//     and ordering a reissue for a lost card need a passed check; a broken
//     card's reissue rests on the signed form that came back instead.
//   - A check that does not pass is recorded and comes back as a failed
//     Result (Result.Failed, with the failure in words), never as done. At
//     a procedure's start (state opened, or a case opened in the same
//     transaction for the check) it ends the case as identity_failed, a
//     terminal state: nothing but the opening had happened, and an open
//     case would block the next try. Later (a lost card already suspended)
//     the case stays for another check.
//   - A procedure starts on the member the operator's screen shows
//     (StartCase, OpenCase and CheckIdentity take it as Seen): if someone
//     changed the member since, the refusal is ECHANGED naming what
//     changed, by whom and when, and nothing is written.
//   - What the member is promised is in calendar days (PromisesAt: a card
//     about 10 days, a password letter 3–4 days); due dates count business
//     days.
//   - A card suspended with no open case is resumed through a lost-card
//     case opened for it (ResumeSuspendedCard); CardNextStep gives every
//     card-test verdict its next step.
//   - A card that may be counterfeit (or a genuine card the database does
//     not know) is a suspected fraud, never a broken card: any operator
//     opens it (ReportSuspectedFraud), which suspends the card at once; it
//     waits in the approval queue (under_review), and only a supervisor
//     decides it: ConfirmFraud revokes the card and closes the case; a
//     false alarm is the case's Withdraw, which resumes the card only if
//     this case's opening suspended it. A cancellation's sweep may still
//     withdraw it (the cards are revoked there anyway).
//   - An expired standard card is renewed (StartCardRenewal: opened and
//     checked in one transaction, then OrderReissue, ShipCard, CloseCase);
//     so is a card revoked by a confirmed fraud. The rule reads no date:
//     the card test that said expired read the card's own date too, and
//     the expiry goes into the opening's audit row. Renewal, resume and
//     fraud start on one card, so they are CardProcedures, offered from
//     CardNextStep and the card list, not Procedures.
//   - A refused step's "allowed now" lists only the steps that would pass
//     every check for this member and operator.
//   - Cancellation approval must come from an operator other than the one
//     who opened the case and the one who recorded the returned form.
//   - Withdrawing a case cancels its queued letters (wiping a queued
//     password); a withdrawn password reset leaves the password locked.
//   - A cancelled member's cases may still be withdrawn or closed; any other
//     change to a cancelled member is refused.
package workflows
