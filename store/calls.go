package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CallOutcome is how a call ended.
type CallOutcome string

const (
	OutcomeAnswered    CallOutcome = "answered"          // the question was answered
	OutcomeProcedure   CallOutcome = "procedure_started" // a procedure was started or taken a step
	OutcomeCallBack    CallOutcome = "call_back"         // someone calls the member back
	OutcomeTransferred CallOutcome = "transferred"       // handed to another desk or the issuer
)

// Call is one call taken at the desk. MemberID 0 is a caller who was not
// identified. EndedAt is zero while the call is open; the wrap-up sets it
// with the reasons (codes of the workflows' catalog), outcome and note.
type Call struct {
	ID        int64
	MemberID  int64
	MemberNo  string // read with the call, for lists; "" when unidentified
	Operator  string
	StartedAt time.Time
	EndedAt   time.Time
	Outcome   CallOutcome
	Reasons   []string
	Note      string
	Cases     []int64  // case ids the call touched
	Articles  []string // knowledge-base article ids it used
	Version   int64
}

// No is the call's reference as people say it.
func (c Call) No() string { return fmt.Sprintf("T-%07d", c.ID) }

// Open reports whether the call has not been wrapped up.
func (c Call) Open() bool { return c.EndedAt.IsZero() }

// CaseNote is a note an operator left on a case.
type CaseNote struct {
	ID       int64
	CaseID   int64
	Operator string
	At       time.Time
	Note     string
}

const callCols = `c.id, coalesce(c.member_id, 0), coalesce(m.member_no, ''), c.operator, c.started_at, c.ended_at,
	c.outcome, c.note, c.version`

const callFrom = ` FROM calls c LEFT JOIN members m ON m.id = c.member_id`

func scanCall(row scanner) (Call, error) {
	var c Call
	var start, end string
	if err := row.Scan(&c.ID, &c.MemberID, &c.MemberNo, &c.Operator, &start, &end, &c.Outcome, &c.Note, &c.Version); err != nil {
		return c, err
	}
	var err error
	if c.StartedAt, err = parseTime(start); err != nil {
		return c, err
	}
	c.EndedAt, err = parseTime(end)
	return c, err
}

// InsertCall records a call started now by c.Operator for c.MemberID (0:
// unidentified) and sets its ID.
func (tx *Tx) InsertCall(c *Call) error {
	if err := tx.inScope(c.MemberID); err != nil {
		return err
	}
	id, err := tx.insertID(`INSERT INTO calls (member_id, operator, started_at) VALUES (nullif(?,0), ?, ?) RETURNING id`,
		c.MemberID, c.Operator, fmtTime(tx.Now))
	if err != nil {
		return fmt.Errorf("insert call: %w", err)
	}
	c.ID = id
	c.StartedAt, c.Version = tx.Now, 1
	return err
}

// Call reads a call inside the transaction, its reasons and links too.
func (tx *Tx) Call(id int64) (Call, error) {
	c, err := scanCall(tx.tx.QueryRow(`SELECT `+callCols+callFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("call #%d: %w", id, ErrNotFound)
	}
	if err == nil {
		err = tx.inScope(c.MemberID)
	}
	if err != nil {
		return c, err
	}
	cs := []Call{c}
	if err := fillCalls(tx.ctx, tx.tx, cs); err != nil {
		return c, err
	}
	return cs[0], nil
}

// WrapUpCall ends the open call c.ID at the transaction's time, if its
// version is still c.Version: outcome, note (indexed for the note search),
// reasons, cases and articles, and the member when the caller was
// identified during the call. ErrStale if it changed or is wrapped up.
func (tx *Tx) WrapUpCall(c *Call) error {
	if err := tx.inScope(c.MemberID); err != nil {
		return err
	}
	r, err := tx.tx.Exec(`UPDATE calls SET member_id = nullif(?,0), ended_at = ?, outcome = ?, note = ?, note_fold = ?,
		version = version + 1 WHERE id = ? AND version = ? AND ended_at = ''`,
		c.MemberID, fmtTime(tx.Now), c.Outcome, c.Note, Fold(c.Note), c.ID, c.Version)
	if err != nil {
		return fmt.Errorf("wrap up call %d: %w", c.ID, err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return fmt.Errorf("call %d: %w", c.ID, ErrStale)
	}
	for i, rs := range c.Reasons {
		if _, err := tx.tx.Exec(`INSERT INTO call_reasons (call_id, reason, pos) VALUES (?, ?, ?)`, c.ID, rs, i); err != nil {
			return fmt.Errorf("call %d reason: %w", c.ID, err)
		}
	}
	for _, id := range c.Cases {
		if _, err := tx.tx.Exec(`INSERT INTO call_cases (call_id, case_id) VALUES (?, ?)`, c.ID, id); err != nil {
			return fmt.Errorf("call %d case: %w", c.ID, err)
		}
	}
	for _, a := range c.Articles {
		if _, err := tx.tx.Exec(`INSERT INTO call_articles (call_id, article_id) VALUES (?, ?)`, c.ID, a); err != nil {
			return fmt.Errorf("call %d article: %w", c.ID, err)
		}
	}
	if c.Note != "" {
		if _, err := tx.tx.Exec(`INSERT INTO call_fts (rowid, text) VALUES (?, ?)`, c.ID, Fold(c.Note)); err != nil {
			return fmt.Errorf("call %d note index: %w", c.ID, err)
		}
	}
	c.Version++
	c.EndedAt = tx.Now
	return nil
}

// ArticleExists reports whether the knowledge base holds an article id (in
// any language).
func (tx *Tx) ArticleExists(id string) (bool, error) {
	var n int
	err := tx.tx.QueryRow(`SELECT count(*) FROM kb_articles WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

// PendingPasswordSecrets are the clear-text passwords still held for a
// member's queued password notices: what a note must never repeat.
func (tx *Tx) PendingPasswordSecrets(memberID int64) ([]string, error) {
	if err := tx.inScope(memberID); err != nil {
		return nil, err
	}
	rows, err := tx.tx.Query(`SELECT secret FROM letters WHERE member_id = ? AND state = 'queued'
		AND kind = 'password_notice' AND secret IS NOT NULL AND secret != ''`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// InsertCaseNote adds a note to a case, stamped now, indexed for the
// note search, and sets its ID.
func (tx *Tx) InsertCaseNote(n *CaseNote) error {
	id, err := tx.insertID(`INSERT INTO case_notes (case_id, operator, at, note, note_fold) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		n.CaseID, n.Operator, fmtTime(tx.Now), n.Note, Fold(n.Note))
	if err != nil {
		return fmt.Errorf("insert case note: %w", err)
	}
	n.ID = id
	n.At = tx.Now
	if _, err := tx.tx.Exec(`INSERT INTO case_note_fts (rowid, text) VALUES (?, ?)`, n.ID, Fold(n.Note)); err != nil {
		return fmt.Errorf("case note index: %w", err)
	}
	return nil
}

// AuditOfMemberSince lists the audit rows op wrote for a member at or after
// since, oldest first: what was done during a call.
func (s *Store) AuditOfMemberSince(ctx context.Context, memberID int64, op string, since time.Time) ([]AuditEvent, error) {
	return s.queryAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE member_id = ? AND operator = ? AND at >= ? ORDER BY id`,
		memberID, op, fmtTime(since))
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// fillCalls reads the reasons, cases and articles of cs in three queries.
func fillCalls(ctx context.Context, q querier, cs []Call) error {
	if len(cs) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		idx[c.ID] = i
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	in := "(" + strings.Join(ids, ",") + ")"
	for _, part := range []struct {
		query string
		add   func(c *Call, v string)
	}{
		{`SELECT call_id, reason FROM call_reasons WHERE call_id IN ` + in + ` ORDER BY call_id, pos`,
			func(c *Call, v string) { c.Reasons = append(c.Reasons, v) }},
		{`SELECT call_id, case_id FROM call_cases WHERE call_id IN ` + in + ` ORDER BY call_id, case_id`,
			func(c *Call, v string) {
				n, _ := strconv.ParseInt(v, 10, 64)
				c.Cases = append(c.Cases, n)
			}},
		{`SELECT call_id, article_id FROM call_articles WHERE call_id IN ` + in + ` ORDER BY call_id, article_id`,
			func(c *Call, v string) { c.Articles = append(c.Articles, v) }},
	} {
		rows, err := q.QueryContext(ctx, part.query)
		if err != nil {
			return fmt.Errorf("calls: %w", err)
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			part.add(&cs[idx[id]], v)
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) queryCalls(ctx context.Context, where string, args ...any) ([]Call, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+callCols+callFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("calls: %w", err)
	}
	var out []Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, fillCalls(ctx, s.read, out)
}

// CallByID reads one call with its reasons and links.
func (s *Store) CallByID(ctx context.Context, id int64) (Call, error) {
	cs, err := s.queryCalls(ctx, `c.id = ?`, id)
	if err != nil {
		return Call{}, err
	}
	if len(cs) == 0 {
		return Call{}, fmt.Errorf("call #%d: %w", id, ErrNotFound)
	}
	return cs[0], nil
}

// CallsOfMember lists a member's calls, newest first, at most limit (<= 0:
// all).
func (s *Store) CallsOfMember(ctx context.Context, memberID int64, limit int) ([]Call, error) {
	if limit <= 0 {
		limit = -1
	}
	return s.queryCalls(ctx, `c.member_id = ? ORDER BY c.started_at DESC, c.id DESC LIMIT ?`, memberID, limit)
}

// OpenCallsOf lists the calls op started and has not wrapped up, oldest
// first.
func (s *Store) OpenCallsOf(ctx context.Context, op string) ([]Call, error) {
	return s.queryCalls(ctx, `c.operator = ? AND c.ended_at = '' ORDER BY c.started_at, c.id`, op)
}

// CallFact is one reason of one wrapped-up call, for the report: a call
// with two reasons gives two facts with the same ID.
type CallFact struct {
	ID        int64
	StartedAt time.Time
	Operator  string
	Reason    string
}

// CallFacts lists the reasons of the calls wrapped up that started in
// [from, to), by start.
func (s *Store) CallFacts(ctx context.Context, from, to time.Time) ([]CallFact, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.started_at, c.operator, r.reason
		FROM calls c JOIN call_reasons r ON r.call_id = c.id
		WHERE c.started_at >= ? AND c.started_at < ? AND c.ended_at != ''
		ORDER BY c.started_at, c.id, r.reason`, fmtTime(from), fmtTime(to))
	if err != nil {
		return nil, fmt.Errorf("call report: %w", err)
	}
	defer rows.Close()
	var out []CallFact
	for rows.Next() {
		var f CallFact
		var at string
		if err := rows.Scan(&f.ID, &at, &f.Operator, &f.Reason); err != nil {
			return nil, err
		}
		if f.StartedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// NotesOfCase lists a case's notes, oldest first.
func (s *Store) NotesOfCase(ctx context.Context, caseID int64) ([]CaseNote, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, case_id, operator, at, note FROM case_notes WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("case notes: %w", err)
	}
	defer rows.Close()
	var out []CaseNote
	for rows.Next() {
		var n CaseNote
		var at string
		if err := rows.Scan(&n.ID, &n.CaseID, &n.Operator, &at, &n.Note); err != nil {
			return nil, err
		}
		if n.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// NoteHit is a note the note search found: a call's (CallID set) or a
// case's (CaseNoteID set).
type NoteHit struct {
	CallID     int64
	CaseNoteID int64
	CaseID     int64 // the case of a case note
	MemberID   int64 // 0: a call from a caller not identified
	MemberNo   string
	Operator   string
	At         time.Time
	Note       string
}

// NoteSearchLimit bounds one note search when the caller gives none.
const NoteSearchLimit = 50

// SearchNotes finds call and case notes holding every word of q, folded
// like the knowledge-base search (kana, width and case do not matter):
// words of three characters or more through the trigram indexes, shorter
// ones on the folded text. Newest first, at most limit (<= 0:
// NoteSearchLimit). An empty query finds nothing.
func (s *Store) SearchNotes(ctx context.Context, q string, limit int) ([]NoteHit, error) {
	if limit <= 0 {
		limit = NoteSearchLimit
	}
	var long, short []string
	for _, w := range strings.Fields(q) {
		f := Fold(w)
		switch {
		case f == "":
		case utf8.RuneCountInString(f) >= 3:
			long = append(long, f)
		default:
			short = append(short, f)
		}
	}
	if len(long) == 0 && len(short) == 0 {
		return nil, nil
	}
	part := func(alias, fts string) (string, []any) {
		var where []string
		var args []any
		for _, w := range long {
			cond, arg := s.matchText(fts, w)
			where = append(where, alias+`.id IN (SELECT rowid FROM `+fts+` WHERE `+cond+`)`)
			args = append(args, arg)
		}
		for _, w := range short {
			where = append(where, alias+`.note_fold LIKE ? ESCAPE '\'`)
			args = append(args, "%"+likeEscape(w)+"%")
		}
		return strings.Join(where, " AND "), args
	}
	cw, cargs := part("c", "call_fts")
	nw, nargs := part("n", "case_note_fts")
	query := `SELECT * FROM (
		SELECT c.id, 0, 0, coalesce(c.member_id, 0), coalesce(m.member_no, ''), c.operator, c.ended_at AS at, c.note
			FROM calls c LEFT JOIN members m ON m.id = c.member_id WHERE c.note != '' AND ` + cw + `
		UNION ALL
		SELECT 0, n.id, n.case_id, k.member_id, m.member_no, n.operator, n.at AS at, n.note
			FROM case_notes n JOIN cases k ON k.id = n.case_id JOIN members m ON m.id = k.member_id WHERE ` + nw + `
	) h ORDER BY at DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := s.read.QueryContext(ctx, query, append(cargs, nargs...)...)
	if err != nil {
		return nil, fmt.Errorf("note search: %w", err)
	}
	defer rows.Close()
	var out []NoteHit
	for rows.Next() {
		var h NoteHit
		var at string
		if err := rows.Scan(&h.CallID, &h.CaseNoteID, &h.CaseID, &h.MemberID, &h.MemberNo, &h.Operator, &at, &h.Note); err != nil {
			return nil, err
		}
		if h.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
