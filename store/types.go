package store

import (
	"time"
)

// Date is a calendar day with no time of day or zone. Dates are kept in
// the database as ISO "2006-01-02" text so they sort and compare as text.
type Date struct{ time.Time }

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// MakeDate builds a Date from its parts.
func MakeDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads an ISO date ("2006-01-02").
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// String is the ISO form used in the database and in JSON.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MemberStatus is where a membership stands.
type MemberStatus string

const (
	MemberActive              MemberStatus = "active"
	MemberCancellationPending MemberStatus = "cancellation_pending"
	MemberCancelled           MemberStatus = "cancelled"
)

// PasswordState is what we know of the member's card password.
type PasswordState string

const (
	PasswordOK     PasswordState = "ok"     // in use, not locked
	PasswordLocked PasswordState = "locked" // 10 wrong entries (result code 58); can never be used again
	PasswordIssued PasswordState = "issued" // a new one was issued and is on its way by post
)

// FeeMethod is how the annual fee is paid. Never a full card number: only
// the brand and the last four digits are kept.
type FeeMethod string

const (
	FeeCard   FeeMethod = "card"   // JCB, VISA, MasterCard, Diners Club, UC
	FeePostal FeeMethod = "postal" // 郵便振替
)

// Member is one Safety Pass member as the support center holds them.
type Member struct {
	ID              int64
	No              string // 10 digits, the last a Luhn check digit over the first 9
	FamilyName      string // kanji
	GivenName       string
	FamilyKana      string // reading, full-width katakana
	GivenKana       string
	BirthDate       Date
	PostalCode      string // 7 digits, no hyphen
	Address         string
	Phone           string // digits only, no hyphens
	Email           string
	GuardianConsent bool // joined under 20 with a guardian's consent
	JoinedOn        Date
	FeeMethod       FeeMethod
	FeeCardBrand    string // with FeeCard
	FeeCardLast4    string // with FeeCard
	PasswordState   PasswordState
	Status          MemberStatus
	Version         int64 // bumped by every change; stale writes are refused
}

// Name is the full name in kanji, family first, as a Japanese letter shows it.
func (m Member) Name() string { return m.FamilyName + " " + m.GivenName }

// Reading is the full reading in katakana.
func (m Member) Reading() string { return m.FamilyKana + " " + m.GivenKana }

// CardKind tells a Safety Pass card from a credit-function one.
type CardKind string

const (
	CardStandard CardKind = "standard"
	CardCredit   CardKind = "credit" // クレジット機能付きカード: expiry and reissue are the card company's
)

// CardStatus is whether a card may be used.
type CardStatus string

const (
	CardActive    CardStatus = "active"
	CardSuspended CardStatus = "suspended" // 使用停止, e.g. reported lost
	CardRevoked   CardStatus = "revoked"   // for good: replaced or membership ended
)

// Card is one IC card issued to a member.
type Card struct {
	ID           int64
	MemberID     int64
	No           string // 16 digits, the last a Luhn check digit
	Kind         CardKind
	Company      string // card company, credit-function cards only
	Status       CardStatus
	IssuedOn     Date
	ExpiresOn    Date  // valid through the whole of this day
	ReplacesCard int64 // the card this one replaces, 0 if none
	Version      int64
}
