package workflows

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"spdesk/internal/msg"
	"spdesk/store"
	"spdesk/workflows/textsafe"
)

// Normalising and validating what operators type. Each function takes the
// text as typed (full-width digits, hyphens of every kind, stray spaces)
// and returns the stored form or an EINVALID error naming the field. They
// are exported so the console can validate inline with the same rules.

// Field limits, in characters. Generous for foreign residents' names, far
// below what would break a letter layout.
const (
	maxNameLen    = 40
	maxReadingLen = 60
	maxAddressLen = 120
	maxNoteLen    = 500
)

// hasControl reports what textsafe refuses in a one-line field: C0/C1
// controls, DEL, format characters (zero-width, bidi overrides), line
// separators and bytes that are not UTF-8. None has a place in stored text,
// and each can disguise text on screen or drive the terminal.
func hasControl(s string) bool { return textsafe.Check(s, false) != nil }

// checkText refuses what textsafe refuses in field, naming the character
// and where it is so the operator can find and delete it. lines allows
// line feeds and tabs (free text).
func checkText(field, s string, lines bool) error {
	if p := textsafe.Check(s, lines); p != nil {
		return invalid(field, "invalid.control", "char", p.Char(), "pos", itoa(p.Pos))
	}
	return nil
}

func init() {
	for k, v := range map[string]msg.M{
		"display_name": {"表示名", "display name"}, "filter": {"絞り込み", "filter"},
		"operator": {"操作者", "operator"}, "action": {"操作", "action"}, "spool_dir": {"スプールフォルダ", "spool folder"},
		"export_path": {"書き出し先", "export file"},
	} {
		fieldNames[k] = v
	}
}

func invalid(field, key string, args ...string) *Error {
	return refuse(EINVALID, key, append([]string{"field", field}, args...)...)
}

// hyphens are what people type between digit groups: ASCII and Unicode
// hyphens and dashes, the katakana long vowel mark an IME gives for "-",
// spaces, and the postal mark.
var digitSeparators = strings.NewReplacer("-", "", "‐", "", "‑", "", "‒", "", "–", "", "—", "", "―", "",
	"−", "", "ー", "", "ｰ", "", " ", "", "　", "", "〒", "", "(", "", ")", "")

// digitsOnly folds full-width digits, drops separators and reports whether
// only digits remain.
func digitsOnly(s string) (string, bool) {
	s = digitSeparators.Replace(norm.NFKC.String(strings.TrimSpace(s)))
	s = digitSeparators.Replace(s)
	if s == "" {
		return "", false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return s, false
		}
	}
	return s, true
}

// NormalizePostalCode accepts "123-4567", "〒１２３－４５６７" and the like
// and returns the 7 digits.
func NormalizePostalCode(s string) (string, error) {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 7 {
		return "", invalid("postal_code", "invalid.postal_code")
	}
	return d, nil
}

// NormalizePhone accepts a Japanese phone number with any separators and
// returns its 10 or 11 digits, starting with 0.
func NormalizePhone(s string) (string, error) {
	d, ok := digitsOnly(s)
	if !ok || (len(d) != 10 && len(d) != 11) || d[0] != '0' {
		return "", invalid("phone", "invalid.phone")
	}
	return d, nil
}

// NormalizeEmail folds full-width letters, trims and lower-cases an e-mail
// address and checks it is one plain address with a dotted domain.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	bad := invalid("email", "invalid.email")
	if e == "" || len(e) > 254 || hasControl(e) || strings.ContainsAny(e, " \t<>\"(),;") {
		return "", bad
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" {
		return "", bad
	}
	at := strings.LastIndexByte(e, '@')
	if at < 1 || !strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") || strings.Contains(e[at+1:], "..") {
		return "", bad
	}
	return e, nil
}

// NormalizeBirthDate accepts 1980-01-02, 1980/1/2, 1980.1.2, 19800102 and
// 1980年1月2日 (full-width digits too) and returns the date.
func NormalizeBirthDate(s string, today time.Time) (store.Date, error) {
	bad := invalid("birth_date", "invalid.birth_date")
	t := norm.NFKC.String(strings.TrimSpace(s))
	t = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-", " ", "").Replace(t)
	var y, m, d int
	parts := strings.Split(t, "-")
	switch {
	case len(parts) == 1 && len(t) == 8:
		y, m, d = atoi(t[:4]), atoi(t[4:6]), atoi(t[6:])
	case len(parts) == 3 && len(parts[0]) == 4:
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	default:
		return store.Date{}, bad
	}
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return store.Date{}, bad
	}
	date := store.MakeDate(y, time.Month(m), d)
	if date.Day() != d || date.After(today) {
		return store.Date{}, bad
	}
	return date, nil
}

// atoi reads 1-4 ASCII digits; -1 for anything else.
func atoi(s string) int {
	if s == "" || len(s) > 4 {
		return -1
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return -1
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// NormalizeName checks one part of a name (family or given, kanji or as
// written): not empty, no control characters, at most 40 characters. Inner
// runs of spaces become one; the text is otherwise kept as typed, since
// folding could change a person's kanji.
func NormalizeName(field, s string) (string, error) {
	if err := checkText(field, s, false); err != nil {
		return "", err
	}
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", invalid(field, "invalid.empty")
	case n > maxNameLen:
		return "", invalid(field, "invalid.too_long", "max", itoa(maxNameLen))
	}
	return s, nil
}

// Fold is the form a search compares text in (store.Fold, the one
// definition): the console asks it whether a query is blank to the search
// or only a number, without reaching for the store.
func Fold(s string) string { return store.Fold(s) }

// FoldReading turns a reading into full-width katakana: half-width
// katakana and hiragana are folded, not refused; kanji, latin letters or
// digits are refused, naming the first offending character.
func FoldReading(field, s string) (string, error) {
	if err := checkText(field, s, false); err != nil {
		return "", err
	}
	s = norm.NFKC.String(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range s {
		switch r = store.Katakana(r); {
		case r >= 'ァ' && r <= 'ヺ', r == 'ー', r == 'ヽ', r == 'ヾ', r == '・':
			b.WriteRune(r)
		case r == ' ' || r == '　':
			b.WriteRune('　')
		default:
			return "", invalid(field, "invalid.reading", "char", string(r))
		}
	}
	out := strings.Join(strings.FieldsFunc(b.String(), func(r rune) bool { return r == '　' }), "　")
	switch n := utf8.RuneCountInString(out); {
	case n == 0:
		return "", invalid(field, "invalid.empty")
	case n > maxReadingLen:
		return "", invalid(field, "invalid.too_long", "max", itoa(maxReadingLen))
	}
	return out, nil
}

// NormalizeAddress checks an address line: not empty, no control
// characters, at most 120 characters.
func NormalizeAddress(s string) (string, error) {
	if err := checkText("address", s, false); err != nil {
		return "", err
	}
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", invalid("address", "invalid.empty")
	case n > maxAddressLen:
		return "", invalid("address", "invalid.too_long", "max", itoa(maxAddressLen))
	}
	return s, nil
}

// normalizeNote checks free text (a note, a withdraw reason): line breaks
// and tabs are fine, other control characters are not, nor a card number
// or a password.
func normalizeNote(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if err := checkText(field, s, true); err != nil {
		return "", err
	}
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		return "", invalid(field, "invalid.empty")
	case n > maxNoteLen:
		return "", invalid(field, "invalid.too_long", "max", itoa(maxNoteLen))
	}
	// Notes and reasons go into audit rows, which must never carry a card
	// number or a password (note_secrets.go).
	if holdsCardNumber(s) {
		return "", invalid(field, "note.card_number")
	}
	if holdsPassword(s, nil) {
		return "", invalid(field, "note.password")
	}
	return s, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
