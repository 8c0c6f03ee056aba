package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

const memberCols = `id, member_no, family_name, given_name, family_kana, given_kana,
	birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
	fee_method, fee_card_brand, fee_card_last4, password_state, status, version`

type scanner interface{ Scan(dest ...any) error }

func scanMember(row scanner) (Member, error) {
	var m Member
	var birth, joined string
	err := row.Scan(&m.ID, &m.No, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana,
		&birth, &m.PostalCode, &m.Address, &m.Phone, &m.Email, &m.GuardianConsent, &joined,
		&m.FeeMethod, &m.FeeCardBrand, &m.FeeCardLast4, &m.PasswordState, &m.Status, &m.Version)
	if err != nil {
		return m, err
	}
	if m.BirthDate, err = ParseDate(birth); err != nil {
		return m, fmt.Errorf("member %s birth date: %w", m.No, err)
	}
	if m.JoinedOn, err = ParseDate(joined); err != nil {
		return m, fmt.Errorf("member %s join date: %w", m.No, err)
	}
	return m, nil
}

// MemberByNo finds a member by member number; ErrNotFound if none.
func (s *Store) MemberByNo(ctx context.Context, no string) (Member, error) {
	m, err := scanMember(s.read.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE member_no = ?`, no))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("member %s: %w", no, ErrNotFound)
	}
	return m, err
}

// MemberByID finds a member by row id; ErrNotFound if none.
func (s *Store) MemberByID(ctx context.Context, id int64) (Member, error) {
	m, err := scanMember(s.read.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("member #%d: %w", id, ErrNotFound)
	}
	return m, err
}

// CountMembers tells an empty database from a loaded one.
func (s *Store) CountMembers(ctx context.Context) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM members`).Scan(&n)
	return n, err
}

// cardJoinCols are cardCols without the coalesce, for prefixed: NULLs
// are handled by the scan.
const cardJoinCols = `id, member_id, card_no, kind, company, status, issued_on, expires_on, replaces_card, version`

const cardCols = `id, member_id, card_no, kind, company, status, issued_on, expires_on, coalesce(replaces_card, 0), version`

func scanCard(row scanner) (Card, error) {
	var c Card
	var issued, expires string
	err := row.Scan(&c.ID, &c.MemberID, &c.No, &c.Kind, &c.Company, &c.Status, &issued, &expires, &c.ReplacesCard, &c.Version)
	if err != nil {
		return c, err
	}
	if c.IssuedOn, err = ParseDate(issued); err != nil {
		return c, err
	}
	c.ExpiresOn, err = ParseDate(expires)
	return c, err
}

// CardsOfMember lists a member's cards, newest first.
func (s *Store) CardsOfMember(ctx context.Context, memberID int64) ([]Card, error) {
	return collectCards(s.read.QueryContext(ctx, `SELECT `+cardCols+` FROM cards WHERE member_id = ? ORDER BY issued_on DESC, id DESC`, memberID))
}

// collectCards reads every row of a query over cardCols; it takes the
// query's own results, so the read pool and a write transaction share it.
func collectCards(rows *sql.Rows, err error) ([]Card, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Card
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CardByNo finds a card by its 16-digit number; ErrNotFound if none.
func (s *Store) CardByNo(ctx context.Context, no string) (Card, error) {
	c, err := scanCard(s.read.QueryRowContext(ctx, `SELECT `+cardCols+` FROM cards WHERE card_no = ?`, no))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("card: %w", ErrNotFound)
	}
	return c, err
}

// membersWithCards reads many members and all their cards, each member's
// newest first. Two queries, not a join: the join sorts whole member rows
// and is slower than both together.
func (s *Store) membersWithCards(ctx context.Context, ids []int64) (map[int64]Member, map[int64][]Card, error) {
	in, args := inListPadded(ids)
	rows, err := s.query(ctx, `SELECT `+memberCols+` FROM members WHERE id IN `+in, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	members := make(map[int64]Member, len(ids))
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, nil, err
		}
		members[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	cards, err := s.cardsOfMembers(ctx, ids)
	return members, cards, err
}

// withExtra lets a scan function written for some columns (scanMember)
// read a row that has others before and after them.
type withExtra struct {
	row           scanner
	before, after []any
}

func (w withExtra) Scan(dest ...any) error {
	all := append(append(append(make([]any, 0, len(w.before)+len(dest)+len(w.after)), w.before...), dest...), w.after...)
	return w.row.Scan(all...)
}

// cardScan receives the nullable card columns of a LEFT JOIN.
type cardScan struct {
	id, memberID, replaces, version            sql.NullInt64
	no, kind, company, status, issued, expires sql.NullString
}

func (c *cardScan) dest() []any {
	return []any{&c.id, &c.memberID, &c.no, &c.kind, &c.company, &c.status, &c.issued, &c.expires, &c.replaces, &c.version}
}

// card is the scanned card, ok false when the member has none.
func (c *cardScan) card() (Card, bool, error) {
	if !c.id.Valid {
		return Card{}, false, nil
	}
	cd := Card{ID: c.id.Int64, MemberID: c.memberID.Int64, No: c.no.String, Kind: CardKind(c.kind.String),
		Company: c.company.String, Status: CardStatus(c.status.String), ReplacesCard: c.replaces.Int64, Version: c.version.Int64}
	var err error
	if cd.IssuedOn, err = ParseDate(c.issued.String); err != nil {
		return cd, false, err
	}
	cd.ExpiresOn, err = ParseDate(c.expires.String)
	return cd, err == nil, err
}

// prefixed qualifies every column of a list such as memberCols.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// cardsOfMembers reads the cards of many members in one query, each
// member's newest first.
func (s *Store) cardsOfMembers(ctx context.Context, ids []int64) (map[int64][]Card, error) {
	in, args := inListPadded(ids)
	rows, err := s.query(ctx, `SELECT `+cardCols+` FROM cards WHERE member_id IN `+in+
		` ORDER BY member_id, issued_on DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]Card, len(ids))
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, err
		}
		out[c.MemberID] = append(out[c.MemberID], c)
	}
	return out, rows.Err()
}
