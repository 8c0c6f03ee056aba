package store

import "context"

// memberCardCols are a member's columns (m) and a card's (c), joined.
var memberCardCols = prefixed("m.", memberCols) + ", " + prefixed("c.", cardJoinCols)

// probeInline runs the probe union joined to the members and their cards:
// one statement for a whole-number or e-mail search, which finds one
// member or a few, where the two-step way would take two.
func (s *Store) probeInline(ctx context.Context, plan searchPlan, union string, args []any, perProbe []int) ([]candidate, *pageRows, error) {
	rows, err := s.query(ctx, `SELECT p.n, p.k, `+memberCardCols+`
		FROM (`+union+`) AS p JOIN members m ON m.id = p.id LEFT JOIN cards c ON c.member_id = m.id
		ORDER BY p.n, p.k, m.id, c.issued_on DESC, c.id DESC`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	page := &pageRows{members: map[int64]Member{}, cards: map[int64][]Card{}}
	var cands []candidate
	// A member comes once per card, and again for each probe that found
	// it: the first probe's rows carry the cards.
	firstProbe := map[int64]int{}
	var cs cardScan
	for rows.Next() {
		var c candidate
		m, err := scanMember(withExtra{row: rows, before: []any{&c.probe, &c.key}, after: cs.dest()})
		if err != nil {
			return nil, nil, err
		}
		c.id = m.ID
		first, ok := firstProbe[m.ID]
		if !ok {
			firstProbe[m.ID], first = c.probe, c.probe
			page.members[m.ID] = m
		}
		if n := len(cands); n == 0 || cands[n-1].id != c.id || cands[n-1].probe != c.probe {
			cands = append(cands, plan.candidate(c))
			perProbe[c.probe]++
		}
		if first != c.probe {
			continue
		}
		card, ok, err := cs.card()
		if err != nil {
			return nil, nil, err
		}
		if ok {
			page.cards[m.ID] = append(page.cards[m.ID], card)
		}
	}
	return cands, page, rows.Err()
}
