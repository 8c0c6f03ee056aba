// Package signin is the gate the root draws over the console: the
// sign-in form at start, and the lock screen of an idle or disabled
// console. A right password asks the root to unlock (ui.Nav.Unlock);
// "someone else" asks for a fresh sign-in (ui.Nav.SignOut).
package signin
