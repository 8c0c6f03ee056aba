package workflows

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/store/luhn"
)

// Call and case notes are read by every operator and outlive the call:
// they must never hold a full card number or a password. A note that does
// is refused whole, saying what it holds but never repeating it, so the
// operator rewrites it (the last four digits of a card are fine).

// maxCallNoteLen bounds a call or case note: a call's story, not a file.
const maxCallNoteLen = 2000

// checkCallNote checks a call or case note as the operator typed it:
// control characters (line breaks and tabs aside), length, a card number,
// the clear text of a password waiting in the member's queued notice
// (secrets), or text that labels a password. It returns the note as it
// is stored: as typed, surrounding blanks trimmed.
func checkCallNote(field, s string, secrets []string) (string, error) {
	s = strings.TrimSpace(s)
	if err := checkText(field, s, true); err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(s); n > maxCallNoteLen {
		return "", invalid(field, "invalid.too_long", "max", itoa(maxCallNoteLen))
	}
	if holdsCardNumber(s) {
		return "", invalid(field, "note.card_number")
	}
	if holdsPassword(s, secrets) {
		return "", invalid(field, "note.password")
	}
	return s, nil
}

// isCardSep is what people type between the groups of a card number once
// NFKC has folded full-width forms: spaces, hyphens and dashes, the
// katakana long vowel mark an IME gives for "-".
func isCardSep(r rune) bool {
	switch r {
	case ' ', '-', '‐', '‑', '‒', '–', '—', '―', '−', 'ー', '.', '/':
		return true
	}
	return false
}

// holdsCardNumber reports whether s holds a card number: 16 digits that
// pass the Luhn check, written whole or in groups with one separator
// between them ("4980 1234 5678 9012", "4980-…", full-width), starting and
// ending at a group's edge. Numbers that merely sit side by side (a member
// number and a phone number) make 20 digits and are not one.
func holdsCardNumber(s string) bool {
	s = norm.NFKC.String(s)
	var groups []string // the digit groups of the current run
	var cur []byte
	seps := 0 // separators since the last digit
	check := func() bool {
		if len(cur) > 0 {
			groups, cur = append(groups, string(cur)), cur[:0]
		}
		for i := range groups {
			digits := ""
			for _, g := range groups[i:] {
				if digits += g; len(digits) >= 16 {
					break
				}
			}
			if len(digits) == 16 && luhn.Valid(digits) {
				return true
			}
		}
		groups, seps = groups[:0], 0
		return false
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur, seps = append(cur, byte(r)), 0
		case isCardSep(r) && (len(cur) > 0 || len(groups) > 0) && seps < 3:
			if len(cur) > 0 {
				groups, cur = append(groups, string(cur)), cur[:0]
			}
			seps++
		default:
			if check() {
				return true
			}
		}
	}
	return check()
}

// passwordLabel is a password written out: a label ("password", "PW",
// "パスワード", "暗証番号"…), a colon or equals sign, then something of
// four or more ASCII characters. A label followed by words ("パスワード：
// 再発行済み") is not a password.
var passwordLabel = regexp.MustCompile(`(?i)(\b(password|passwd|pass|pwd|pw)|パスワード|ぱすわーど|暗証番号|暗証)\s*(は\s*)?[:=]\s*["'「]?[\x21-\x7e]{4,}`)

// holdsPassword reports whether s labels a password or holds one of the
// member's pending clear-text passwords (case and width ignored).
func holdsPassword(s string, secrets []string) bool {
	f := norm.NFKC.String(s)
	if passwordLabel.MatchString(f) {
		return true
	}
	low := strings.ToLower(f)
	for _, sec := range secrets {
		if sec != "" && strings.Contains(low, strings.ToLower(norm.NFKC.String(sec))) {
			return true
		}
	}
	return false
}

// noteSecrets are the clear-text passwords a note about member must not
// repeat (none for a caller not identified).
func noteSecrets(tx *store.Tx, memberID int64) ([]string, error) {
	if memberID == 0 {
		return nil, nil
	}
	return tx.PendingPasswordSecrets(memberID)
}

func init() {
	Messages.Add(msg.Set{
		"note.card_number": {"{field}にカード番号（16桁）が含まれているため保存しませんでした。カード番号は下4桁だけを書いてください",
			"the {field} holds a full card number (16 digits), so it was not saved: write only the last four digits"},
		"note.password": {"{field}にパスワードが含まれているため保存しませんでした。パスワードは書かず、「再発行済み」など状況だけを書いてください",
			"the {field} holds a password, so it was not saved: never write a password, only what happened (e.g. \"new one issued\")"},
	})
}
