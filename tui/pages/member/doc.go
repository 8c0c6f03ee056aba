// Package member is the member page: the member's file in tabs (profile,
// cards, cases, letters, history), the guidance panel, and the keys that
// ask the root for the procedures, a case, the card test or the
// knowledge base for this member. It reloads after any job for the member.
package member
