package workflows

import (
	"context"

	"spdesk/store"
)

// ChangeNameRequest applies the name written on a returned change request
// form, at the member version the operator saw.
type ChangeNameRequest struct {
	CaseID        int64
	CaseVersion   int64
	MemberVersion int64
	FamilyName    string
	GivenName     string
	FamilyKana    string // hiragana and half-width katakana are folded
	GivenKana     string
	Note          string
}

// ChangeName changes the member's name and reading. The old name is kept
// in the member's former names and in the audit row. For a credit-function
// card the operator is reminded that the member must tell the card company.
func (s *Service) ChangeName(ctx context.Context, op string, req ChangeNameRequest) (Result, error) {
	family, err := NormalizeName("family_name", req.FamilyName)
	if err != nil {
		return Result{}, err
	}
	given, err := NormalizeName("given_name", req.GivenName)
	if err != nil {
		return Result{}, err
	}
	fkana, err := FoldReading("family_kana", req.FamilyKana)
	if err != nil {
		return Result{}, err
	}
	gkana, err := FoldReading("given_kana", req.GivenKana)
	if err != nil {
		return Result{}, err
	}
	return s.stepCase(ctx, op, req.CaseID, req.CaseVersion, ActChangeName, req.Note,
		func(tx *store.Tx, c *store.Case, m store.Member, ev *stepEvent) error {
			if m.Version != req.MemberVersion {
				return stale(m.No)
			}
			if family == m.FamilyName && given == m.GivenName && fkana == m.FamilyKana && gkana == m.GivenKana {
				return refuse(EINVALID, "change.nothing", "field", "name")
			}
			if err := tx.InsertFormerName(m.ID, store.FormerName{FamilyName: m.FamilyName, GivenName: m.GivenName,
				FamilyKana: m.FamilyKana, GivenKana: m.GivenKana, Until: store.DateOf(day(tx.Now)), CaseID: c.ID}); err != nil {
				return err
			}
			if err := tx.UpdateMemberName(m.ID, m.Version, family, given, fkana, gkana); err != nil {
				return wrapStore(err, m.No)
			}
			if err := tx.ReindexMember(m.ID); err != nil {
				return err
			}
			ev.before["family_name"], ev.after["family_name"] = m.FamilyName, family
			ev.before["given_name"], ev.after["given_name"] = m.GivenName, given
			ev.before["family_kana"], ev.after["family_kana"] = m.FamilyKana, fkana
			ev.before["given_kana"], ev.after["given_kana"] = m.GivenKana, gkana
			ev.reminders = creditReminders(tx, m.ID, "remind.name_issuer")
			return nil
		})
}

// creditReminders names each card company of the member's usable
// credit-function cards, for a change the company must hear of too.
func creditReminders(tx *store.Tx, memberID int64, key string) []Notice {
	cards, err := tx.CardsOfMember(memberID)
	if err != nil {
		return nil
	}
	var out []Notice
	seen := map[string]bool{}
	for _, c := range cards {
		if c.Kind == store.CardCredit && c.Status != store.CardRevoked && !seen[c.Company] {
			seen[c.Company] = true
			out = append(out, Notice{Key: key, Args: map[string]string{"company": c.Company}})
		}
	}
	return out
}
