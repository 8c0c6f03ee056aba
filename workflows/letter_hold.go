package workflows

import (
	"context"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// HoldWindowDays is how recent an address change holds a password notice:
// a new password mailed to an address changed days ago is the classic
// account-takeover pattern (change the address, then "forget" the password).
const HoldWindowDays = 30

// HoldAddressChanged is the hold reason key of that rule.
const HoldAddressChanged = "address_changed"

// postalAddress is the address a letter goes to, in the form a release
// records: the review covered this exact address and no other.
func postalAddress(m store.Member) string { return m.PostalCode + " " + m.Address }

// holdIfAddressChanged holds a queued password notice whose member's
// address changed in the last HoldWindowDays days, with its audit row. A
// letter a supervisor released stays released while the member's address
// is the one the release was given for; any other address holds it again.
// It reports whether the letter is now held.
func holdIfAddressChanged(tx *store.Tx, op string, l store.Letter) (bool, error) {
	if l.Kind != store.LetterPasswordNotice || l.State != store.LetterQueued {
		return false, nil
	}
	hold, released, releasedFor, err := tx.LetterHoldOf(l.ID)
	if err != nil || hold != "" {
		return hold != "", err
	}
	if released != "" {
		m, err := tx.Member(l.MemberID)
		if err != nil {
			return false, wrapStore(err, "member")
		}
		if postalAddress(m) == releasedFor {
			return false, nil
		}
		return true, holdLetter(tx, op, l, fields{"hold": "", "released_by": released},
			fields{"hold": HoldAddressChanged, "why": "released_for_another_address"})
	}
	at, changed, err := tx.AddressChangedSince(l.MemberID, tx.Now.AddDate(0, 0, -HoldWindowDays))
	if err != nil || !changed {
		return false, err
	}
	return true, holdLetter(tx, op, l, fields{"hold": ""},
		fields{"hold": HoldAddressChanged, "address_changed_at": at.UTC().Format(time.RFC3339)})
}

// holdLetter holds l for the address rule with its audit row. The row
// names the member and the letter, not the case: a case's audit rows are
// its versions, and a hold does not move the case.
func holdLetter(tx *store.Tx, op string, l store.Letter, before, after fields) error {
	if err := tx.HoldLetter(l.ID, HoldAddressChanged); err != nil {
		return wrapStore(err, l.RefNo())
	}
	return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.hold", MemberID: l.MemberID, LetterID: l.ID,
		Before: before.json(), After: after.json()})
}

// holdMemberNotices holds the member's queued password notices after a
// change of their address, in the change's transaction: every one of them,
// a released one too (its release covered the old address) and a held one
// again (so a release made on the view before this change is stale).
func holdMemberNotices(tx *store.Tx, op string, memberID int64) error {
	ls, err := tx.QueuedLettersOfMember(memberID)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.Kind != store.LetterPasswordNotice {
			continue
		}
		hold, released, _, err := tx.LetterHoldOf(l.ID)
		if err != nil {
			return err
		}
		before := fields{"hold": hold}
		if released != "" {
			before["released_by"] = released
		}
		if err := holdLetter(tx, op, l, before, fields{"hold": HoldAddressChanged,
			"address_changed_at": tx.Now.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
	}
	return nil
}

// PrintOptions narrow a print run and report its progress.
type PrintOptions struct {
	Kinds    []store.LetterKind    // only these kinds; empty: every kind
	Progress func(done, total int) // called after each letter is written; may be nil
	// PerLetter writes one PDF per letter besides the batch's.
	PerLetter bool
	// Printer sends the batch's PDF to this CUPS queue once it is
	// recorded (printer.go); "" keeps it in the spool folder only.
	Printer string
	// rendered, for tests only, is called each time the run's files are
	// written and synced, before the transaction that records them.
	rendered func(try int)
}

func (o PrintOptions) wants(k store.LetterKind) bool {
	if len(o.Kinds) == 0 {
		return true
	}
	for _, x := range o.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func (o PrintOptions) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// printable is the queued letters a print run takes: the selected kinds,
// minus letters on hold. The hold rule is checked again here because an
// address can change after the notice was queued.
func (s *Service) printable(tx *store.Tx, op string, opts PrintOptions) ([]store.Letter, error) {
	all, err := tx.QueuedLetters()
	if err != nil {
		return nil, err
	}
	out := all[:0]
	cancelled := map[int64]bool{}
	for _, l := range all {
		if !opts.wants(l.Kind) {
			continue
		}
		// A letter of a cancelled member never prints; cancelling it here is
		// the safety net behind CancelMembership.
		if gone, err := memberCancelled(tx, cancelled, l.MemberID); err != nil {
			return nil, err
		} else if gone {
			if err := cancelLetter(tx, op, l, cancelMemberCancelled, nil); err != nil {
				return nil, err
			}
			continue
		}
		held, err := holdIfAddressChanged(tx, op, l)
		if err != nil {
			return nil, err
		}
		if !held {
			out = append(out, l)
		}
	}
	return out, nil
}

// ReleaseLetter lets a held letter be printed after a supervisor's review,
// with its audit row. version is the letter's as the supervisor saw it.
func (s *Service) ReleaseLetter(ctx context.Context, op string, letterID, version int64, note string) (store.Letter, error) {
	var l store.Letter
	if err := s.supervisorOnly(ctx, op, "letters.release", &store.AuditEvent{LetterID: letterID}); err != nil {
		return l, err
	}
	note, err := normalizeNote("note", note, false)
	if err != nil {
		return l, err
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		cur, err := tx.Letter(letterID)
		if err != nil {
			return wrapStore(err, "letter")
		}
		hold, _, _, err := tx.LetterHoldOf(letterID)
		if err != nil {
			return err
		}
		if hold == "" || cur.State != store.LetterQueued {
			return refuse(ESTATE, "letters.not_held", "letter", cur.RefNo())
		}
		if cur.Version != version {
			return stale(cur.RefNo())
		}
		// The release covers the address the letter would go to now; the
		// version check above makes that the address the supervisor saw
		// (an address change holds the letter again and moves its version).
		m, err := tx.Member(cur.MemberID)
		if err != nil {
			return wrapStore(err, "member")
		}
		if err := tx.ReleaseLetter(cur.ID, cur.Version, op, postalAddress(m)); err != nil {
			return wrapStore(err, cur.RefNo())
		}
		if err := tx.AppendAudit(&store.AuditEvent{Operator: op, Action: "letter.release", MemberID: cur.MemberID, LetterID: cur.ID, Note: note, Before: fields{"hold": hold}.json(),
			After: fields{"hold": "", "released_by": op, "released_for": postalAddress(m)}.json()}); err != nil {
			return err
		}
		l, err = tx.Letter(cur.ID)
		l.Secret = ""
		return err
	})
	return l, err
}

// HoldReason is the operator-facing reason a letter is held, in lang.
func HoldReason(hold string, lang string) string {
	return Message(refuse(ESTATE, "hold."+hold), lang)
}

func init() {
	Messages.Add(msg.Set{
		"hold.address_changed": {"30日以内に住所が変更されています（なりすましの典型）。監督者の確認が済むまで印刷しません",
			"the address changed in the last 30 days (the classic takeover pattern): not printed until a supervisor reviews it"},
		"letters.not_held":  {"郵便物 {letter} は保留されていません", "letter {letter} is not on hold"},
		"letters.all_held":  {"印刷できる郵便物はありません（保留中の郵便物は監督者の解除が必要です）", "no letter can be printed: the held ones need a supervisor's release"},
		"letters.none_kind": {"選んだ種類の印刷待ち郵便物はありません", "no letters of the chosen kinds are queued"},
	})
}

// emptyPrint says why a print run found nothing to print.
func emptyPrint(tx *store.Tx, opts PrintOptions) error {
	held, err := tx.HeldLetterIDs()
	switch {
	case err != nil:
		return err
	case len(opts.Kinds) > 0:
		return refuse(ENOTFOUND, "letters.none_kind")
	case len(held) > 0:
		return refuse(ENOTFOUND, "letters.all_held")
	}
	return refuse(ENOTFOUND, "letters.queue_empty")
}
