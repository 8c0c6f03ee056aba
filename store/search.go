package store

import (
	"context"
	"strings"
)

// MatchedOn names the field a search hit matched.
type MatchedOn string

const (
	MatchMemberNo MatchedOn = "member_no"
	MatchCardNo   MatchedOn = "card_no"
	MatchPhone    MatchedOn = "phone"
	MatchEmail    MatchedOn = "email"
	MatchName     MatchedOn = "name"
	MatchReading  MatchedOn = "reading"
	MatchAddress  MatchedOn = "address"
)

// Hit is one member found by Search, with their cards.
type Hit struct {
	Member    Member
	Cards     []Card
	MatchedOn MatchedOn
}

// SearchResult answers one query. Total may be capped (TotalCapped) when
// counting every match would cost more than a frame.
type SearchResult struct {
	Query       string
	Total       int
	TotalCapped bool
	Hits        []Hit
}

// Search finds members from whatever the caller gives: member, card or
// phone number, last four phone digits, e-mail, name or reading.
//
// TODO(search): first cut, replaced by the indexed search.
func (s *Store) Search(ctx context.Context, q string, limit int) (SearchResult, error) {
	res := SearchResult{Query: q}
	f := Fold(q)
	if f == "" {
		return res, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+memberCols+` FROM members
		WHERE member_no = ? OR phone = ? OR email = ? OR (family_name || given_name) LIKE ? || '%' LIMIT ?`,
		f, Digits(q), strings.ToLower(q), f, limit)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return res, err
		}
		res.Hits = append(res.Hits, Hit{Member: m, MatchedOn: MatchName})
	}
	res.Total = len(res.Hits)
	return res, rows.Err()
}
