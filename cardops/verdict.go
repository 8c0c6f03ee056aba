package cardops

import "time"

// VerdictCode is the one-word outcome of a card test. Its string form is
// stable (JSON, message keys).
type VerdictCode string

// The verdicts.
const (
	VerdictOK         VerdictCode = "ok"
	VerdictSuspended  VerdictCode = "suspended"   // database: card suspended (e.g. reported lost)
	VerdictRevoked    VerdictCode = "revoked"     // database: card revoked for good
	VerdictExpired    VerdictCode = "expired"     // past its expiry date
	VerdictBlocked    VerdictCode = "blocked"     // password blocked
	VerdictNotGenuine VerdictCode = "not_genuine" // failed the genuineness check
	VerdictUnknown    VerdictCode = "unknown"     // genuine, but this database does not know it
	VerdictUnreadable VerdictCode = "unreadable"  // mute, malformed ATR or data, application missing
	VerdictForeign    VerdictCode = "foreign"     // not a Safety Pass card
	VerdictNoCard     VerdictCode = "no_card"     // no card, or it was removed during the test
	VerdictNoReader   VerdictCode = "no_reader"   // no reader usable (none, busy, pcscd down)
)

// MessageKey is the catalog key of the verdict, e.g. "card.verdict.ok".
func (v VerdictCode) MessageKey() string { return "card.verdict." + string(v) }

// Database card statuses, as DBCard.Status carries them.
const (
	DBActive    = "active"
	DBSuspended = "suspended"
	DBRevoked   = "revoked"
)

// DBCard is what the caller's database says about the card number the
// test read. cardops does not read the database itself.
type DBCard struct {
	Found     bool
	MemberNo  string    // the member the database gives the card to
	Status    string    // DBActive, DBSuspended or DBRevoked
	Kind      string    // "standard" or "credit"
	ExpiresOn time.Time // zero if the database keeps no expiry
}

// Verdict combines the card-side result with the database's view of the
// card, for the given day. It is pure. In order:
//
//  1. what stopped the test: no reader, no card, foreign, unreadable;
//  2. a failed genuineness check: not_genuine;
//  3. not in the database, or in it under another member: unknown;
//  4. the database status: revoked, then suspended (any status other than
//     active counts as revoked: a card nobody vouches for is not usable);
//  5. expired, by the card's date or the database's, whichever is earlier;
//  6. blocked password;
//  7. ok.
func Verdict(r *Result, db DBCard, today time.Time) VerdictCode {
	if r == nil {
		return VerdictNoCard
	}
	switch r.ErrorKind {
	case KindNotBuilt, KindPCSCDown, KindNoReader, KindReaderBusy:
		return VerdictNoReader
	case KindNoCard, KindRemoved:
		return VerdictNoCard
	case KindForeign:
		return VerdictForeign
	case KindMute, KindBadATR, KindWrongAID, KindCorrupt, KindIO:
		return VerdictUnreadable
	}
	switch {
	case !r.Profile:
		return VerdictForeign
	case !r.DataRead():
		return VerdictUnreadable
	case !r.Genuine:
		return VerdictNotGenuine
	case !db.Found, db.MemberNo != "" && db.MemberNo != r.MemberNo:
		return VerdictUnknown
	}
	switch db.Status {
	case DBActive:
	case DBSuspended:
		return VerdictSuspended
	default:
		return VerdictRevoked
	}
	day := DateOnly(today) // the day in today's own zone: callers pass a Tokyo time
	if day.After(r.Expires) || (!db.ExpiresOn.IsZero() && day.After(DateOnly(db.ExpiresOn))) {
		return VerdictExpired
	}
	if r.Blocked {
		return VerdictBlocked
	}
	return VerdictOK
}

// Report is the JSON of `spdesk card test --json`.
type Report struct {
	Reader     string      `json:"reader"`
	ATR        string      `json:"atr"`
	ATRValid   bool        `json:"atr_valid"`
	Profile    bool        `json:"profile"`
	CardNo     string      `json:"card_no"`
	MemberNo   string      `json:"member_no"`
	Kind       string      `json:"kind"`
	Expires    string      `json:"expires"` // YYYY-MM-DD, empty if unread
	TriesLeft  int         `json:"tries_left"`
	Blocked    bool        `json:"blocked"`
	Genuine    bool        `json:"genuine"`
	InDatabase bool        `json:"in_database"`
	DBStatus   string      `json:"db_status"`
	Verdict    VerdictCode `json:"verdict"`
	Advice     string      `json:"advice"`
}

// NewReport builds the report of a card test with the database's view;
// lang is "ja" or "en" for the advice.
func NewReport(r *Result, db DBCard, today time.Time, lang string) Report {
	v := Verdict(r, db, today)
	rep := Report{Verdict: v, Advice: AdviceFor(r, v, lang), TriesLeft: -1,
		InDatabase: db.Found, DBStatus: db.Status}
	if r == nil {
		return rep
	}
	rep.Reader, rep.ATR, rep.ATRValid, rep.Profile = r.Reader, r.ATR.String(), r.ATRValid, r.Profile
	rep.CardNo, rep.MemberNo, rep.TriesLeft = r.CardNo, r.MemberNo, r.TriesLeft
	rep.Blocked, rep.Genuine = r.Blocked, r.Genuine
	if r.DataRead() {
		rep.Kind = r.Kind.String()
		rep.Expires = r.Expires.Format(time.DateOnly)
	}
	return rep
}
