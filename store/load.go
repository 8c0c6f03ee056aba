package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	s        *Store
	ctx      context.Context
	conn     *sql.Conn
	tx       *sql.Tx
	member   *sql.Stmt
	card     *sql.Stmt
	fts      *sql.Stmt
	pending  int
	done     int
	append   bool
	fresh    bool // the database was empty: indexes dropped, rebuilt at Finish
	progress func(int)
	phase    func(string)
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
	if _, err := l.conn.ExecContext(ctx, `PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY`); err != nil {
		l.conn.Close()
		return nil, err
	}
	if err := l.begin(); err != nil {
		l.release()
		return nil, err
	}
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
	if l.tx, err = l.conn.BeginTx(l.ctx, nil); err != nil {
		return err
	}
	return l.prepare()
}

// prepare readies the statements of the current transaction.
func (l *Loader) prepare() (err error) {
	if l.member, err = l.tx.PrepareContext(l.ctx, `INSERT INTO members (member_no, family_name, given_name,
		family_kana, given_kana, birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
		fee_method, fee_card_brand, fee_card_last4, password_state, status,
		name_key, given_key, kana_key, given_kana_key)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`); err != nil {
		return err
	}
	if l.card, err = l.tx.PrepareContext(l.ctx, `INSERT INTO cards (member_id, card_no, kind, company, status,
		issued_on, expires_on, replaces_card) VALUES (?,?,?,?,?,?,?,nullif(?,0))`); err != nil {
		return err
	}
	l.fts, err = l.tx.PrepareContext(l.ctx, `INSERT INTO member_fts (rowid, text) VALUES (?, ?)`)
	return err
}

// Add inserts one member and their cards, setting their IDs. Status and
// password state default to active and ok when empty.
func (l *Loader) Add(m *Member, cards []Card) error {
	if err := l.add(m, cards); err != nil {
		return err
	}
	l.done++
	l.pending++
	if l.progress != nil && l.done%5000 == 0 {
		l.progress(l.done)
	}
	if l.pending >= loadBatch {
		if err := l.tx.Commit(); err != nil {
			return err
		}
		l.pending = 0
		return l.begin()
	}
	return nil
}

func (l *Loader) add(m *Member, cards []Card) error {
	if m.Status == "" {
		m.Status = MemberActive
	}
	if m.PasswordState == "" {
		m.PasswordState = PasswordOK
	}
	k := keysOf(m)
	r, err := l.member.ExecContext(l.ctx, m.No, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana,
		m.BirthDate.String(), m.PostalCode, m.Address, m.Phone, m.Email, m.GuardianConsent, m.JoinedOn.String(),
		m.FeeMethod, m.FeeCardBrand, m.FeeCardLast4, m.PasswordState, m.Status,
		k.name, k.given, k.kana, k.givenKana)
	if err != nil {
		return fmt.Errorf("member %s: %w", m.No, err)
	}
	if m.ID, err = r.LastInsertId(); err != nil {
		return err
	}
	m.Version = 1
	if _, err := l.fts.ExecContext(l.ctx, m.ID, k.text); err != nil {
		return fmt.Errorf("member %s search text: %w", m.No, err)
	}
	for i := range cards {
		c := &cards[i]
		c.MemberID = m.ID
		if c.Status == "" {
			c.Status = CardActive
		}
		r, err := l.card.ExecContext(l.ctx, c.MemberID, c.No, c.Kind, c.Company, c.Status,
			c.IssuedOn.String(), c.ExpiresOn.String(), c.ReplacesCard)
		if err != nil {
			return fmt.Errorf("card %s: %w", c.No, err)
		}
		if c.ID, err = r.LastInsertId(); err != nil {
			return err
		}
		c.Version = 1
	}
	return nil
}

// Finish commits what is pending, rebuilds the indexes a fresh load
// dropped, and gives the write connection back.
func (l *Loader) Finish() error {
	defer l.release()
	if l.fresh {
		l.setPhase("indexes")
		if err := ensureIndexes(l.ctx, l.tx); err != nil {
			l.tx.Rollback()
			return err
		}
	}
	if err := l.tx.Commit(); err != nil {
		return err
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
