package workflows

import (
	"context"
	"errors"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
)

// ECHANGED: the member changed after the operator's screen read it (a
// second console, a CLI command). The refusal names what changed and by
// whom, and nothing was written: no case is left open by a procedure that
// started on what the operator no longer sees. The console reloads.
const ECHANGED = "changed_elsewhere"

func init() {
	Messages.Add(msg.Set{
		"changed_elsewhere": {"会員 {member} の{fields}が、この画面を開いたあとで {by} さんにより変更されました（{at}）。再読み込みして内容を確かめてから、もう一度行ってください。何も変更していません",
			"member {member} was changed by {by} at {at} after this screen was opened ({fields}): reload, check the details, and try again; nothing was changed"},
		"changed_elsewhere.anon": {"会員 {member} の{fields}が、この画面を開いたあとで変更されました。再読み込みして内容を確かめてから、もう一度行ってください。何も変更していません",
			"member {member} was changed after this screen was opened ({fields}): reload, check the details, and try again; nothing was changed"},
	})
	for k, v := range map[string]msg.M{
		"reading": {"フリガナ", "reading"}, "membership": {"会員の状態", "membership status"},
		"password": {"パスワードの状態", "password state"}, "fee": {"年会費の支払方法", "annual fee payment"},
		"details": {"登録内容", "details"},
	} {
		fieldNames[k] = v
	}
}

// memberChanges lists what differs between the member the operator saw
// and the member now, by field name (fieldNames); "details" when only the
// version moved.
func memberChanges(seen, now store.Member) []string {
	var out []string
	add := func(differs bool, name string) {
		if differs {
			out = append(out, name)
		}
	}
	add(seen.FamilyName != now.FamilyName || seen.GivenName != now.GivenName, "name")
	add(seen.FamilyKana != now.FamilyKana || seen.GivenKana != now.GivenKana, "reading")
	add(seen.BirthDate != now.BirthDate, "birth_date")
	add(seen.PostalCode != now.PostalCode, "postal_code")
	add(seen.Address != now.Address, "address")
	add(seen.Phone != now.Phone, "phone")
	add(seen.Email != now.Email, "email")
	add(seen.Status != now.Status, "membership")
	add(seen.PasswordState != now.PasswordState, "password")
	add(seen.FeeMethod != now.FeeMethod || seen.FeeCardBrand != now.FeeCardBrand || seen.FeeCardLast4 != now.FeeCardLast4, "fee")
	if len(out) == 0 {
		out = []string{"details"}
	}
	return out
}

// checkSeen refuses when seen (the member as the operator's screen read
// it; a zero ID means the caller did not say) is older than now.
func checkSeen(seen, now store.Member) *Error {
	if seen.ID == 0 || seen.Version == now.Version {
		return nil
	}
	return refuse(ECHANGED, "changed_elsewhere.anon", "member", now.No, "fields",
		strings.Join(memberChanges(seen, now), ", "))
}

// whoChanged fills a changed_elsewhere refusal with who last changed the
// member and when, from the member's newest audit row that is not a card
// test (those change nothing). It runs after the refused transaction; if
// the trail cannot be read the refusal stays without them.
func (s *Service) whoChanged(ctx context.Context, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != ECHANGED || e.Key != "changed_elsewhere.anon" {
		return err
	}
	m, rerr := s.st.MemberByNo(ctx, e.Args["member"])
	if rerr != nil {
		return err
	}
	evs, rerr := s.st.AuditOfMember(ctx, m.ID, 20)
	if rerr != nil {
		return err
	}
	for _, ev := range evs {
		if ev.Action == ActionCardTest {
			continue
		}
		e.Key = "changed_elsewhere"
		e.Args["by"] = ev.Operator
		e.Args["at"] = ev.At.In(tokyo).Format("2006-01-02 15:04") // written per language by render
		break
	}
	return err
}
