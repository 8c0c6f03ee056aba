package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// ErrHasMembers refuses a bulk load into a database that already holds
// members, unless the caller asked to append (WithAppend).
var ErrHasMembers = errors.New("database already holds members")

// searchIndexes are the secondary indexes of migration 0001, by name. A
// fresh bulk load drops them and builds each once at the end (a sorted
// build is several times faster than a million random inserts), and Open
// recreates any that an interrupted load left missing.
var searchIndexes = [][2]string{
	{"cards_member", "cards(member_id)"},
	{"members_phone", "members(phone)"},
	{"members_phone4", "members(phone4)"},
	{"members_email", "members(email)"},
	{"members_name", "members(name_key)"},
	{"members_given", "members(given_key)"},
	{"members_kana", "members(kana_key)"},
	{"members_given_kana", "members(given_kana_key)"},
}

// ensureIndexes creates the secondary indexes that are missing: a no-op
// unless a bulk load died half-way.
func ensureIndexes(ctx context.Context, ex interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	for _, ix := range searchIndexes {
		if _, err := ex.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS "+ix[0]+" ON "+ix[1]); err != nil {
			return fmt.Errorf("index %s: %w", ix[0], err)
		}
	}
	return nil
}

// LoadOption tunes a Loader.
type LoadOption func(*Loader)

// WithAppend lets a load add to a database that already holds members.
func WithAppend() LoadOption { return func(l *Loader) { l.append = true } }

// WithProgress calls fn with the number of members added so far, every
// few thousand members and once at the end of each phase.
func WithProgress(fn func(done int)) LoadOption { return func(l *Loader) { l.progress = fn } }

// WithPhase calls fn when Finish starts a phase that adds no members but
// takes time ("indexes", "search index"), so a progress bar can say why it
// stands still.
func WithPhase(fn func(phase string)) LoadOption { return func(l *Loader) { l.phase = fn } }

// Loader bulk-inserts members and cards for fixtures and `spdesk seed`,
// in large transactions with prepared statements. It bypasses workflows
// on purpose: seeding is not a change anyone made, so it has no audit row.
// A Loader holds the write connection until Finish or Abort.
type Loader struct {
	s       *Store
	ctx     context.Context
	conn    *sql.Conn
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt // this transaction's, by insert
	members []any                // rows not yet written, flat
	cards   []any
	fts     []any
	pending int // members in this transaction
	// The last ids in use: Add assigns the next ones.
	lastMember, lastCard int64
	committed            int64 // the last member id committed, with its trigram text
	done                 int
	append               bool
	fresh                bool // the database was empty: indexes dropped, rebuilt at Finish
	progress             func(int)
	phase                func(string)
}

// loadBatch members per transaction: large enough that commits cost
// nothing, small enough that the WAL stays at tens of megabytes.
const loadBatch = 50000

// HasMembers tells an empty database from a loaded one.
func (s *Store) HasMembers(ctx context.Context) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM members LIMIT 1)`).Scan(&n)
	return n > 0, err
}

// NewLoader starts a bulk load. Without WithAppend it fails with
// ErrHasMembers if the database already holds members.
func (s *Store) NewLoader(ctx context.Context, opts ...LoadOption) (*Loader, error) {
	l := &Loader{s: s, ctx: ctx}
	for _, o := range opts {
		o(l)
	}
	has, err := s.HasMembers(ctx)
	if err != nil {
		return nil, err
	}
	if has && !l.append {
		return nil, ErrHasMembers
	}
	l.fresh = !has
	if l.conn, err = s.write.Conn(ctx); err != nil {
		return nil, err
	}
	// Durability buys nothing while seeding: a load that dies is rerun.
	// The large cache keeps the index builds in memory.
	if _, err := l.conn.ExecContext(ctx, `PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA threads=2`); err != nil {
		l.conn.Close()
		return nil, err
	}
	if err := l.begin(); err != nil {
		l.release()
		return nil, err
	}
	err = l.tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM members), (SELECT coalesce(max(id), 0) FROM cards)`).
		Scan(&l.lastMember, &l.lastCard)
	if err != nil {
		l.Abort()
		return nil, err
	}
	l.committed = l.lastMember
	if l.fresh {
		for _, ix := range searchIndexes {
			if _, err := l.tx.ExecContext(ctx, "DROP INDEX IF EXISTS "+ix[0]); err != nil {
				l.Abort()
				return nil, err
			}
		}
	}
	return l, nil
}

func (l *Loader) begin() (err error) {
	l.stmts = map[string]*sql.Stmt{}
	l.tx, err = l.conn.BeginTx(l.ctx, nil)
	return err
}

// Rows go in as multi-row INSERTs of rowsPerInsert rows: per statement,
// modernc and database/sql cost more than SQLite's own work, so one
// statement per row would double the seed time. IDs are assigned here,
// which is why a load wants no other writer on the file while it runs
// (another one would make it fail on a duplicate id, not corrupt it).
const rowsPerInsert = 64

var (
	memberInsert = batchInsert{head: `INSERT INTO members (id, member_no, family_name, given_name,
		family_kana, given_kana, birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
		fee_method, fee_card_brand, fee_card_last4, password_state, status,
		name_key, given_key, kana_key, given_kana_key) VALUES `, tuple: "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cols: 22}
	cardInsert = batchInsert{head: `INSERT INTO cards (id, member_id, card_no, kind, company, status,
		issued_on, expires_on, replaces_card) VALUES `, tuple: "(?,?,?,?,?,?,?,?,nullif(?,0))", cols: 9}
)

type batchInsert struct {
	head, tuple string
	cols        int
}

func (b batchInsert) sql(rows int) string {
	return b.head + strings.TrimSuffix(strings.Repeat(b.tuple+",", rows), ",")
}

// ReplacesPrevious, as a card's ReplacesCard given to Loader.Add, links it
// to the card before it in the same call (no ID exists before the load).
const ReplacesPrevious int64 = -1

// Add inserts one member and their cards, setting their IDs (assigned in
// order as Add is called, so they are known when it returns). Status and
// password state default to active and ok when empty. Rows reach the
// database in batches: a constraint error may surface on a later Add or
// on Finish.
func (l *Loader) Add(m *Member, cards []Card) error {
	if m.Status == "" {
		m.Status = MemberActive
	}
	if m.PasswordState == "" {
		m.PasswordState = PasswordOK
	}
	k := keysOf(m)
	l.lastMember++
	m.ID, m.Version = l.lastMember, 1
	l.members = append(l.members, m.ID, m.No, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana,
		m.BirthDate.String(), m.PostalCode, m.Address, m.Phone, m.Email, m.GuardianConsent, m.JoinedOn.String(),
		string(m.FeeMethod), m.FeeCardBrand, m.FeeCardLast4, string(m.PasswordState), string(m.Status),
		k.name, k.given, k.kana, k.givenKana)
	for i := range cards {
		c := &cards[i]
		if c.Status == "" {
			c.Status = CardActive
		}
		l.lastCard++
		c.ID, c.MemberID, c.Version = l.lastCard, m.ID, 1
		if c.ReplacesCard == ReplacesPrevious {
			c.ReplacesCard = 0
			if i > 0 {
				c.ReplacesCard = cards[i-1].ID
			}
		}
		l.cards = append(l.cards, c.ID, c.MemberID, c.No, string(c.Kind), c.Company, string(c.Status),
			c.IssuedOn.String(), c.ExpiresOn.String(), c.ReplacesCard)
	}
	l.done++
	l.pending++
	if l.progress != nil && l.done%5000 == 0 {
		l.progress(l.done)
	}
	if err := l.flush(false); err != nil {
		return err
	}
	if l.pending >= loadBatch {
		if err := l.commit(); err != nil {
			return err
		}
		l.pending = 0
		return l.begin()
	}
	return nil
}

// flush writes every full batch of buffered rows, and with all the rest.
// Cards refer to their member, so they go only when no member is left
// waiting (Add buffers one member at a time, so that is every
// rowsPerInsert members).
func (l *Loader) flush(all bool) (err error) {
	if l.members, err = l.write(memberInsert, l.members, all); err != nil {
		return fmt.Errorf("members: %w", err)
	}
	if len(l.members) > 0 {
		return nil
	}
	if l.cards, err = l.write(cardInsert, l.cards, all); err != nil {
		return fmt.Errorf("cards: %w", err)
	}
	return nil
}

// commit writes what is buffered and the trigram text of this
// transaction's members, then commits: a batch is searchable as soon as
// it is there. One INSERT … SELECT per batch, not a row per member: FTS5
// flushes its pending terms at every statement, and thousands of tiny
// segments would then cost more to merge than to build.
func (l *Loader) commit() error {
	if err := l.flush(true); err != nil {
		return err
	}
	if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO member_fts (rowid, text)
		SELECT id, spdesk_search_text(family_name, given_name, family_kana, given_kana, address)
		FROM members WHERE id > ?`, l.committed); err != nil {
		return fmt.Errorf("search text: %w", err)
	}
	if err := l.tx.Commit(); err != nil {
		return err
	}
	l.committed = l.lastMember
	return nil
}

// spdesk_search_text is keysOf(…).text for SQL, registered for every
// connection but used only by the Loader's statements: never in the
// schema, so the file stays usable from any SQLite tool.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("spdesk_search_text", 5,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			var f [5]string
			for i, a := range args {
				switch v := a.(type) {
				case string:
					f[i] = v
				case []byte:
					f[i] = string(v)
				}
			}
			m := Member{FamilyName: f[0], GivenName: f[1], FamilyKana: f[2], GivenKana: f[3], Address: f[4]}
			return keysOf(&m).text, nil
		})
}

func (l *Loader) write(b batchInsert, args []any, all bool) ([]any, error) {
	full := b.cols * rowsPerInsert
	for len(args) >= full {
		st := l.stmts[b.head]
		if st == nil {
			var err error
			if st, err = l.tx.PrepareContext(l.ctx, b.sql(rowsPerInsert)); err != nil {
				return args, err
			}
			l.stmts[b.head] = st
		}
		if _, err := st.ExecContext(l.ctx, args[:full]...); err != nil {
			return args, err
		}
		args = append(args[:0], args[full:]...)
	}
	if all && len(args) > 0 {
		if _, err := l.tx.ExecContext(l.ctx, b.sql(len(args)/b.cols), args...); err != nil {
			return args, err
		}
		args = args[:0]
	}
	return args, nil
}

// Finish commits what is pending, rebuilds the indexes a fresh load
// dropped, and gives the write connection back.
func (l *Loader) Finish() error {
	defer l.release()
	if err := l.commit(); err != nil {
		l.tx.Rollback()
		return err
	}
	if l.fresh {
		l.setPhase("indexes")
		if _, err := l.conn.ExecContext(l.ctx, "BEGIN IMMEDIATE"); err != nil {
			return err
		}
		if err := ensureIndexes(l.ctx, l.conn); err != nil {
			l.conn.ExecContext(l.ctx, "ROLLBACK")
			return err
		}
		if _, err := l.conn.ExecContext(l.ctx, "COMMIT"); err != nil {
			return err
		}
	}
	l.setPhase("search index")
	// Merge the FTS segments the load left behind into one b-tree, so the
	// first searches do not pay for it.
	if _, err := l.conn.ExecContext(l.ctx, `INSERT INTO member_fts(member_fts) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if _, err := l.conn.ExecContext(l.ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	if l.progress != nil {
		l.progress(l.done)
	}
	return nil
}

func (l *Loader) setPhase(p string) {
	if l.phase != nil {
		l.phase(p)
	}
}

// Abort drops what is pending. Batches already committed stay; indexes a
// fresh load dropped come back at the next Open.
func (l *Loader) Abort() error {
	defer l.release()
	return l.tx.Rollback()
}

// release restores the connection's everyday settings and returns it.
func (l *Loader) release() {
	l.conn.ExecContext(context.Background(), `PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2000`)
	l.conn.Close()
}
