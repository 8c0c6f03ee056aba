// Package cases is the case page (a case's head, the steps it may take
// now and its timeline) and the procedures page (what may be started for
// a member, each a form, a confirmation and a result). Both ask
// workflows what may be done, so a dimmed key and a refusal agree; every
// change is a desk step run in a ui.Job.
package cases
