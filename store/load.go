package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Loader bulk-inserts members and cards for fixtures and `spdesk seed`,
// in large transactions with prepared statements. It bypasses workflows
// on purpose: seeding is not a change anyone made, so it has no audit row.
type Loader struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	member  *sql.Stmt
	card    *sql.Stmt
	pending int
}

// NewLoader starts a bulk load.
func (s *Store) NewLoader(ctx context.Context) (*Loader, error) {
	l := &Loader{s: s, ctx: ctx}
	return l, l.begin()
}

func (l *Loader) begin() (err error) {
	if l.tx, err = l.s.write.BeginTx(l.ctx, nil); err != nil {
		return err
	}
	if l.member, err = l.tx.PrepareContext(l.ctx, `INSERT INTO members (member_no, family_name, given_name,
		family_kana, given_kana, birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
		fee_method, fee_card_brand, fee_card_last4, password_state, status)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`); err != nil {
		return err
	}
	l.card, err = l.tx.PrepareContext(l.ctx, `INSERT INTO cards (member_id, card_no, kind, company, status,
		issued_on, expires_on, replaces_card) VALUES (?,?,?,?,?,?,?,nullif(?,0))`)
	return err
}

// Add inserts one member and their cards, setting their IDs.
func (l *Loader) Add(m *Member, cards []Card) error {
	r, err := l.member.ExecContext(l.ctx, m.No, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana,
		m.BirthDate.String(), m.PostalCode, m.Address, m.Phone, m.Email, m.GuardianConsent, m.JoinedOn.String(),
		m.FeeMethod, m.FeeCardBrand, m.FeeCardLast4, m.PasswordState, m.Status)
	if err != nil {
		return fmt.Errorf("member %s: %w", m.No, err)
	}
	if m.ID, err = r.LastInsertId(); err != nil {
		return err
	}
	for i := range cards {
		c := &cards[i]
		c.MemberID = m.ID
		r, err := l.card.ExecContext(l.ctx, c.MemberID, c.No, c.Kind, c.Company, c.Status,
			c.IssuedOn.String(), c.ExpiresOn.String(), c.ReplacesCard)
		if err != nil {
			return fmt.Errorf("card %s: %w", c.No, err)
		}
		if c.ID, err = r.LastInsertId(); err != nil {
			return err
		}
	}
	l.pending++
	if l.pending >= 50000 {
		if err := l.tx.Commit(); err != nil {
			return err
		}
		l.pending = 0
		return l.begin()
	}
	return nil
}

// Finish commits what is pending.
func (l *Loader) Finish() error { return l.tx.Commit() }

// Abort drops what is pending.
func (l *Loader) Abort() error { return l.tx.Rollback() }
