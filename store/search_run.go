package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// candidate is a member id found by a probe, before the rows are read.
type candidate struct {
	id    int64
	key   string
	rank  int // 0 exact, 1 prefix, 2 substring
	probe int
	on    MatchedOn
}

const (
	rankExact = iota
	rankPrefix
	rankSubstring
)

// where is the probe's condition; on PostgreSQL (pg) with its values
// hidden from the planner (genericParam).
func (p probe) where(pg bool) string {
	par, extra := "?", p.extra
	if pg {
		par = genericParam(p.keyCol)
		extra = strings.ReplaceAll(extra, "?", genericParam(""))
	}
	w := p.keyCol + " >= " + par + " AND " + p.keyCol + " < " + par
	if p.hi == "" {
		w = p.keyCol + " = " + par
	}
	if extra != "" {
		w += " AND (" + extra + ")"
	}
	return w
}

func (p probe) args() []any {
	a := []any{p.lo, p.hi}
	if p.hi == "" {
		a = a[:1]
	}
	return append(a, p.extraArgs...)
}

// countSQL counts a probe's rows, stopping one past CountCap.
func (p probe) countSQL(pg bool) string {
	return "SELECT count(*) FROM (SELECT 1 FROM " + p.table + " WHERE " + p.where(pg) + " LIMIT " + strconv.Itoa(CountCap+1) + ") n"
}

func (s *Store) runSearch(ctx context.Context, res SearchResult, plan searchPlan, limit int) (SearchResult, error) {
	union, args := probeUnion(plan.probes, limit, s.pg)
	var cands []candidate
	var loaded *pageRows
	perProbe := make([]int, len(plan.probes))
	var err error
	switch {
	case union == "":
	case plan.inline:
		cands, loaded, err = s.probeInline(ctx, plan, union, args, perProbe)
	default:
		cands, err = s.probe(ctx, plan, union, args, perProbe)
	}
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.probe != b.probe {
			return a.probe - b.probe
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.id - b.id)
	})
	cands = dedupe(cands)

	if plan.fts != "" {
		// Every prefix hit of a name or reading is also a substring of the
		// trigram text, so the substring count is the total, unless one
		// prefix range alone passes the cap: an index count says so
		// cheaper than the trigram index ("さとう").
		var over bool
		if over, err = s.probeOverCap(ctx, plan.probes, perProbe, limit); over {
			setTotal(&res, CountCap+1)
		}
		if err == nil {
			cands, err = s.substring(ctx, &res, plan.fts, cands, limit, !over)
		}
	} else {
		err = s.countProbes(ctx, &res, plan.probes, perProbe, cands, limit)
	}
	if err != nil {
		return res, err
	}
	if len(cands) > limit {
		cands = cands[:limit]
	}
	if loaded == nil {
		if loaded, err = s.loadPage(ctx, cands); err != nil {
			return res, err
		}
	}
	res.Hits = loaded.hits(cands, plan)
	if err := s.addFormerNames(ctx, res.Hits, cands); err != nil {
		return res, err
	}
	return res, nil
}

// probeUnion puts every probe in one statement: each is an index range
// walked in key order and stopped at limit rows, so an empty probe costs
// one seek. Separate LIMITs, not one OR: SQLite would otherwise sort all
// matches.
func probeUnion(probes []probe, limit int, pg bool) (string, []any) {
	var shape strings.Builder
	if pg {
		shape.WriteString("pg ")
	}
	var args []any
	for _, p := range probes {
		shape.WriteString(p.table + "." + p.keyCol)
		if p.hi == "" {
			shape.WriteByte('=')
		}
		shape.WriteString(p.extra)
		shape.WriteByte(' ')
		args = append(args, p.args()...)
		args = append(args, limit)
	}
	if q, ok := unionSQL.Load(shape.String()); ok {
		return q.(string), args
	}
	lim := "?"
	if pg {
		lim = "(SELECT ?::bigint)"
	}
	var parts []string
	for i, p := range probes {
		parts = append(parts, fmt.Sprintf("SELECT %d AS n, id, k FROM (SELECT %s AS id, %s AS k FROM %s WHERE %s ORDER BY %s, %s LIMIT %s) p%d",
			i, p.idCol, p.keyCol, p.table, p.where(pg), p.keyCol, p.idCol, lim, i))
	}
	q := strings.Join(parts, " UNION ALL ")
	unionSQL.Store(shape.String(), q)
	return q, args
}

// unionSQL memoises probeUnion's text by the probes' key columns (each
// belongs to one table), which is all it depends on.
var unionSQL sync.Map

// probe runs the union for member ids; their rows are read later, for the
// page only.
func (s *Store) probe(ctx context.Context, plan searchPlan, union string, args []any, perProbe []int) ([]candidate, error) {
	rows, err := s.query(ctx, union, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.probe, &c.id, &c.key); err != nil {
			return nil, err
		}
		cands = append(cands, plan.candidate(c))
		perProbe[c.probe]++
	}
	return cands, rows.Err()
}

// candidate ranks what probe c.probe found.
func (p searchPlan) candidate(c candidate) candidate {
	pr := p.probes[c.probe]
	c.on, c.rank = pr.on, rankPrefix
	if pr.exact != nil && pr.exact(c.key) {
		c.rank = rankExact
	}
	return c
}

// dedupe keeps the first (best ranked) candidate of each member.
func dedupe(cands []candidate) []candidate {
	seen := make(map[int64]bool, len(cands))
	out := cands[:0]
	for _, c := range cands {
		if !seen[c.id] {
			seen[c.id] = true
			out = append(out, c)
		}
	}
	return out
}

// countProbes sets the total. Probes that stopped short of limit were
// counted as they were read; only a full one needs a count, and a union
// count (deduplicating) only when more than one probe found anything.
func (s *Store) countProbes(ctx context.Context, res *SearchResult, probes []probe, perProbe []int, cands []candidate, limit int) error {
	res.Total = len(cands)
	var full []int
	nonEmpty := 0
	for i, n := range perProbe {
		if n > 0 {
			nonEmpty++
		}
		if n >= limit {
			full = append(full, i)
		}
	}
	if len(full) == 0 {
		return nil
	}
	if nonEmpty == 1 {
		var n int
		p := probes[full[0]]
		if err := s.queryInt(ctx, &n, p.countSQL(s.pg), p.args()...); err != nil {
			return fmt.Errorf("search count: %w", err)
		}
		setTotal(res, n)
		return nil
	}
	var parts []string
	var args []any
	for i, p := range probes {
		if perProbe[i] == 0 {
			continue
		}
		parts = append(parts, "SELECT "+p.idCol+" FROM (SELECT "+p.idCol+" FROM "+p.table+" WHERE "+p.where(s.pg)+
			" LIMIT "+strconv.Itoa(CountCap+1)+") p"+strconv.Itoa(i))
		args = append(args, p.args()...)
	}
	var n int
	q := "SELECT count(*) FROM (" + strings.Join(parts, " UNION ") + " LIMIT " + strconv.Itoa(CountCap+1) + ") n"
	if err := s.queryInt(ctx, &n, q, args...); err != nil {
		return fmt.Errorf("search count: %w", err)
	}
	setTotal(res, n)
	return nil
}

func setTotal(res *SearchResult, n int) {
	res.Total = min(n, CountCap)
	res.TotalCapped = n > CountCap
}

// probeOverCap tells whether a probe that filled its page goes past CountCap.
func (s *Store) probeOverCap(ctx context.Context, probes []probe, perProbe []int, limit int) (bool, error) {
	for i, n := range perProbe {
		if n < limit {
			continue
		}
		if err := s.queryInt(ctx, &n, probes[i].countSQL(s.pg), probes[i].args()...); err != nil {
			return false, fmt.Errorf("search count: %w", err)
		}
		if n > CountCap {
			return true, nil
		}
	}
	return false, nil
}

// substring appends trigram hits, in id order, after the prefix hits, and
// counts all matches if count.
func (s *Store) substring(ctx context.Context, res *SearchResult, text string, cands []candidate, limit int, count bool) ([]candidate, error) {
	match, phrase := s.matchText("member_fts", text)
	if len(cands) < limit {
		// Enough rows to fill the page even if every prefix hit comes again.
		want := limit + len(cands)
		rows, err := s.queryPlannedEach(ctx, `SELECT rowid FROM member_fts WHERE `+match+` ORDER BY rowid LIMIT ?`, phrase, want)
		if err != nil {
			return cands, fmt.Errorf("search substring: %w", err)
		}
		seen := make(map[int64]bool, len(cands))
		for _, c := range cands {
			seen[c.id] = true
		}
		n := 0
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return cands, err
			}
			n++
			if !seen[id] {
				cands = append(cands, candidate{id: id, rank: rankSubstring})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return cands, fmt.Errorf("search substring: %w", err)
		}
		if n < want {
			if count {
				setTotal(res, n)
			}
			return cands, nil
		}
	}
	if !count {
		return cands, nil
	}
	var n int
	rows, err := s.queryPlannedEach(ctx, `SELECT count(*) FROM (SELECT 1 FROM member_fts WHERE `+match+` LIMIT `+
		strconv.Itoa(CountCap+1)+`) n`, phrase)
	if err == nil {
		if !rows.Next() {
			err = sql.ErrNoRows
		} else {
			err = rows.Scan(&n)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil {
		return cands, fmt.Errorf("search count: %w", err)
	}
	setTotal(res, n)
	return cands, nil
}

// pageRows are the members of a page and their cards.
type pageRows struct {
	members map[int64]Member
	cards   map[int64][]Card
}

// loadPage reads the candidates' rows and all their cards in one query
// for the whole page, however many hits.
func (s *Store) loadPage(ctx context.Context, cands []candidate) (*pageRows, error) {
	if len(cands) == 0 {
		return &pageRows{}, nil
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	members, cards, err := s.membersWithCards(ctx, ids)
	return &pageRows{members, cards}, err
}

func (p *pageRows) hits(cands []candidate, plan searchPlan) []Hit {
	hits := make([]Hit, 0, len(cands))
	for _, c := range cands {
		m, ok := p.members[c.id]
		if !ok {
			continue // deleted between the two reads
		}
		on := c.on
		switch {
		case c.rank == rankSubstring:
			on = substringField(&m, plan.fts)
		case on == matchNamePart:
			on = nameField(&m, plan.nameKey)
		}
		hits = append(hits, Hit{Member: m, Cards: p.cards[c.id], MatchedOn: on, Also: plan.also, key: c.key})
	}
	return hits
}

// matchNamePart marks a hit of a combined query (name and date or postal
// code) whose name field is told apart once the row is read.
const matchNamePart MatchedOn = "name_part"

// nameField tells whether the name part of a combined query matched the
// name or the reading.
func nameField(m *Member, key string) MatchedOn {
	k := keysOf(m)
	if strings.HasPrefix(k.name, key) || strings.HasPrefix(k.given, key) {
		return MatchName
	}
	return MatchReading
}

// addFormerNames tells, for each hit found by a former name, which name
// it was and until when the member had it.
func (s *Store) addFormerNames(ctx context.Context, hits []Hit, cands []candidate) error {
	var ids []int64
	for _, h := range hits {
		if h.MatchedOn == MatchFormerName {
			ids = append(ids, h.Member.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	rows, err := s.query(ctx, `SELECT member_id, family_name, given_name, family_kana, given_kana, until,
		coalesce(case_id, 0) FROM member_former_names WHERE member_id IN `+in+` ORDER BY id DESC`, args...)
	if err != nil {
		return fmt.Errorf("search former names: %w", err)
	}
	defer rows.Close()
	byMember := map[int64][]FormerName{}
	for rows.Next() {
		var id int64
		var n FormerName
		var until string
		if err := rows.Scan(&id, &n.FamilyName, &n.GivenName, &n.FamilyKana, &n.GivenKana, &until, &n.CaseID); err != nil {
			return err
		}
		if n.Until, err = ParseDate(until); err != nil {
			return err
		}
		byMember[id] = append(byMember[id], n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range hits {
		h := &hits[i]
		if h.MatchedOn != MatchFormerName {
			continue
		}
		for _, n := range byMember[h.Member.ID] {
			if k := n.keys(); k.name == h.key || k.kana == h.key || k.sound == h.key || h.Former == nil {
				h.Former = &n
			}
		}
	}
	return nil
}

// substringField tells which field a trigram hit came from, for the
// console to highlight.
func substringField(m *Member, text string) MatchedOn {
	k := keysOf(m)
	switch {
	case strings.Contains(k.name, text):
		return MatchName
	case strings.Contains(k.kana, text):
		return MatchReading
	default:
		return MatchAddress
	}
}

// inList is "(?,?,…)" for n parameters and the ids as arguments.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// inListPadded is inList rounded up to a power of two with id 0, which
// no row has: a handful of statement texts to prepare, not one per count.
func inListPadded(ids []int64) (string, []any) {
	n := 1
	for n < len(ids) {
		n *= 2
	}
	padded := make([]int64, n)
	copy(padded, ids)
	return inList(padded)
}

// query runs a read through the statement cache: Search's statements
// are few and repeat, and preparing costs as much as running an index
// probe.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *Store) queryInt(ctx context.Context, n *int, q string, args ...any) error {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(n)
}

func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.read.PrepareContext(ctx, s.dialectSQL(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}
