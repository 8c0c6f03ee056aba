package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
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

// searchIndexes11 came with migration 0011 (the search variants). A store
// held at an earlier migration (a migration test) has not their columns.
var searchIndexes11 = [][2]string{
	{"members_sound", "members(sound_key) WHERE sound_key <> ''"},
	{"members_birth", "members(birth_date)"},
	{"members_postal", "members(postal_code)"},
}

// variantsSchema tells whether this binary's schema has migration 0011.
func variantsSchema() bool {
	return slices.ContainsFunc(migrations, func(m string) bool { return strings.Contains(m, "ADD COLUMN sound_key") })
}

func allSearchIndexes() [][2]string {
	if variantsSchema() {
		return append(slices.Clone(searchIndexes), searchIndexes11...)
	}
	return searchIndexes
}

// ensureIndexes creates the secondary indexes that are missing: a no-op
// unless a bulk load died half-way.
func ensureIndexes(ctx context.Context, ex interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	for _, ix := range allSearchIndexes() {
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
// few thousand members and once more when Finish is done.
func WithProgress(fn func(done int)) LoadOption { return func(l *Loader) { l.progress = fn } }

// WithPhase calls fn when Finish starts a phase that adds no members but
// takes time ("indexes", "search index"), so a progress bar can say why it
// stands still.
func WithPhase(fn func(phase string)) LoadOption { return func(l *Loader) { l.phase = fn } }

// Loader bulk-inserts members and cards for fixtures and `spdesk seed`.
// It bypasses workflows on purpose: seeding is not a change anyone made,
// so it has no audit row. A Loader holds the write connection until
// Finish or Abort, and wants no other writer on the file meanwhile: it
// assigns the ids itself (another writer would make it fail on a
// duplicate id, never corrupt anything).
//
// Speed, since `spdesk seed --members 1000000` must stay under a minute:
// the caller's goroutine generates and folds while a writer goroutine
// runs SQLite (the two halves of the work, on two cores); rows go in as
// multi-row INSERTs (per statement, modernc and database/sql cost more
// than SQLite's own work); a transaction holds loadBatch members; a fresh
// load builds the secondary indexes once at the end, sorted, instead of a
// million random inserts; durability is off while it runs.
type Loader struct {
	s    *Store
	ctx  context.Context
	conn *sql.Conn

	// The caller's side.
	next     loadChunk // rows being gathered for the writer
	inChunk  int       // members in next
	inBatch  int       // members since the last commit request
	done     int
	append   bool
	fresh    bool // the database was empty: indexes dropped, rebuilt at Finish
	progress func(int)
	phase    func(string)
	// The last ids in use: Add assigns the next ones.
	lastMember, lastCard int64

	// The writers' side: the main one, and on a fresh load the side
	// index's. failed holds the first error of either.
	works   []chan loadChunk
	results []chan error
	failed  atomic.Pointer[error]
	side    *sideIndex
}

// loadBatch members per transaction: large enough that commits cost
// nothing, small enough that the WAL stays at tens of megabytes.
const loadBatch = 50000

// HasMembers tells an empty database from a loaded one.
func (s *Store) HasMembers(ctx context.Context) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM members LIMIT 1) n`).Scan(&n)
	return n > 0, err
}

// NewLoader starts a bulk load. Without WithAppend it fails with
// ErrHasMembers if the database already holds members.
func (s *Store) NewLoader(ctx context.Context, opts ...LoadOption) (*Loader, error) {
	if err := s.Check(ctx); err != nil { // never load into a damaged file
		return nil, err
	}
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
	// PostgreSQL keeps its indexes through a load (setting them aside is
	// a SQLite speed-up, with its side file): every load appends there.
	l.fresh = !has && !s.pg
	if l.conn, err = s.write.Conn(ctx); err != nil {
		return nil, err
	}
	if err := l.start(); err != nil {
		l.release()
		return nil, err
	}
	l.startWriter(&loadWriter{ctx: ctx, conn: l.conn, failed: &l.failed, rows: true, search: !l.fresh, pg: s.pg})
	if l.fresh {
		if l.side, err = openSideIndex(ctx, s); err != nil {
			l.Abort()
			return nil, err
		}
		l.startWriter(&loadWriter{ctx: ctx, conn: l.side.conn, failed: &l.failed, search: true})
	}
	return l, nil
}

func (l *Loader) startWriter(w *loadWriter) {
	work, result := make(chan loadChunk, 64), make(chan error, 1)
	l.works, l.results = append(l.works, work), append(l.results, result)
	go func() { result <- w.run(work) }()
}

// start sets the load-time pragmas, drops the indexes of a fresh load
// and learns the last ids, in one short transaction.
func (l *Loader) start() error {
	// Durability buys nothing while seeding: a load that dies is rerun.
	// The large cache and the sorter threads speed up the index builds.
	if l.s.pg {
		if _, err := l.conn.ExecContext(l.ctx, `SET synchronous_commit = off`); err != nil {
			return err
		}
	} else if _, err := l.conn.ExecContext(l.ctx, `PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
		PRAGMA temp_store=MEMORY; PRAGMA threads=2`); err != nil {
		return err
	}
	tx, err := l.conn.BeginTx(l.ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if l.fresh {
		for _, ix := range allSearchIndexes() {
			if _, err := tx.ExecContext(l.ctx, "DROP INDEX IF EXISTS "+ix[0]); err != nil {
				return err
			}
		}
	}
	err = tx.QueryRowContext(l.ctx, `SELECT (SELECT coalesce(max(id), 0) FROM members),
		(SELECT coalesce(max(id), 0) FROM cards)`).Scan(&l.lastMember, &l.lastCard)
	if err != nil {
		return err
	}
	return tx.Commit()
}

// ReplacesPrevious, as a card's ReplacesCard given to Loader.Add, links it
// to the card before it in the same call (no ID exists before the load).
const ReplacesPrevious int64 = -1

// Add queues one member and their cards, setting their IDs (assigned in
// order as Add is called, so they are known when it returns). Status and
// password state default to active and ok when empty. Rows reach the
// database in the background: an error such as a duplicate number comes
// back from a later Add or from Finish.
func (l *Loader) Add(m *Member, cards []Card) error {
	if p := l.failed.Load(); p != nil {
		return *p
	}
	if m.Status == "" {
		m.Status = MemberActive
	}
	if m.PasswordState == "" {
		m.PasswordState = PasswordOK
	}
	k := keysOf(m)
	l.lastMember++
	m.ID, m.Version = l.lastMember, 1
	c := &l.next
	c.members = append(c.members, m.ID, m.No, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana,
		m.BirthDate.String(), m.PostalCode, m.Address, m.Phone, m.Email, m.GuardianConsent, m.JoinedOn.String(),
		string(m.FeeMethod), m.FeeCardBrand, m.FeeCardLast4, string(m.PasswordState), string(m.Status),
		k.name, k.given, k.kana, k.givenKana)
	if variantsSchema() {
		c.members = append(c.members, k.sound)
	}
	c.texts = append(c.texts, m.ID, k.text)
	for i := range cards {
		cd := &cards[i]
		if cd.Status == "" {
			cd.Status = CardActive
		}
		l.lastCard++
		cd.ID, cd.MemberID, cd.Version = l.lastCard, m.ID, 1
		if cd.ReplacesCard == ReplacesPrevious {
			cd.ReplacesCard = 0
			if i > 0 {
				cd.ReplacesCard = cards[i-1].ID
			}
		}
		c.cards = append(c.cards, cd.ID, cd.MemberID, cd.No, string(cd.Kind), cd.Company, string(cd.Status),
			cd.IssuedOn.String(), cd.ExpiresOn.String(), cd.ReplacesCard)
	}
	l.done++
	l.inChunk++
	l.inBatch++
	if l.progress != nil && l.done%5000 == 0 {
		l.progress(l.done)
	}
	if l.inChunk == rowsPerInsert {
		l.send(l.inBatch >= loadBatch)
	}
	return nil
}

// AddFormerName queues a former name of the member Add queued last (a
// name before a change, as a seeded desk has them), with its search keys.
func (l *Loader) AddFormerName(n FormerName) error {
	if p := l.failed.Load(); p != nil {
		return *p
	}
	if l.lastMember == 0 || l.done == 0 {
		return errors.New("former name: no member added yet")
	}
	if !variantsSchema() {
		return errors.New("former name: this schema has no former-name keys (migration 0011)")
	}
	k := n.keys()
	l.next.formers = append(l.next.formers, l.lastMember, n.FamilyName, n.GivenName, n.FamilyKana, n.GivenKana,
		n.Until.String(), k.name, k.kana, k.sound)
	return nil
}

// send hands the gathered rows to the writer.
func (l *Loader) send(commit bool) {
	l.next.commit = commit
	for _, work := range l.works {
		select {
		case work <- l.next:
		case <-l.ctx.Done():
		}
	}
	l.next = loadChunk{}
	l.inChunk = 0
	if commit {
		l.inBatch = 0
	}
}

// stop sends what is left, waits for the writer and returns its error.
func (l *Loader) stop(abort bool) error {
	if l.works == nil {
		return errors.New("loader already finished")
	}
	l.next.abort = abort
	l.send(true)
	var err error
	for i, work := range l.works {
		close(work)
		if e := <-l.results[i]; err == nil {
			err = e
		}
	}
	l.works = nil
	if err == nil {
		err = l.ctx.Err()
	}
	return err
}

// Finish writes what is pending, rebuilds the indexes a fresh load
// dropped, and gives the write connection back.
func (l *Loader) Finish() error {
	defer l.release()
	if err := l.stop(false); err != nil {
		return err
	}
	// Merge the FTS segments the load left behind into one b-tree, so the
	// first searches do not pay for it; on a fresh load, in the side file
	// while the indexes are built.
	if l.fresh {
		l.setPhase("indexes")
		optimized := make(chan error, 1)
		go func() { optimized <- l.side.optimize(l.ctx) }()
		err := l.buildIndexes()
		if e := <-optimized; err == nil {
			err = e
		}
		if err != nil {
			return err
		}
		l.setPhase("search index")
		if err := l.side.copyInto(l.ctx, l.s); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	} else if l.s.pg {
		// The ids the load chose are past the identity sequences: move
		// them on, so the next card or member a workflow adds gets a free id.
		if _, err := l.conn.ExecContext(l.ctx, pgResyncIDs); err != nil {
			return fmt.Errorf("ids: %w", err)
		}
	} else {
		l.setPhase("search index")
		if _, err := l.conn.ExecContext(l.ctx, `INSERT INTO member_fts(member_fts) VALUES ('optimize')`); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	if l.s.pg {
		// Nothing of SQLite's WAL to empty.
	} else if _, err := l.conn.ExecContext(l.ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	if l.progress != nil {
		l.progress(l.done)
	}
	return nil
}

func (l *Loader) buildIndexes() error {
	if _, err := l.conn.ExecContext(l.ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := ensureIndexes(l.ctx, l.conn); err != nil {
		l.conn.ExecContext(l.ctx, "ROLLBACK")
		return err
	}
	_, err := l.conn.ExecContext(l.ctx, "COMMIT")
	return err
}

func (l *Loader) setPhase(p string) {
	if l.phase != nil {
		l.phase(p)
	}
}

// Abort drops what is not yet committed. Batches already committed stay
// (with their search text); indexes a fresh load dropped come back at the
// next Open.
func (l *Loader) Abort() error {
	defer l.release()
	if l.works == nil {
		return nil
	}
	if err := l.stop(true); err != nil && !errors.Is(err, errAborted) {
		return err
	}
	return nil
}

// release restores the connection's everyday settings and returns it.
func (l *Loader) release() {
	if l.side != nil {
		l.side.close()
		l.side = nil
	}
	if l.conn == nil {
		return
	}
	if l.s.pg {
		l.conn.ExecContext(context.Background(), `RESET synchronous_commit`)
	} else {
		l.conn.ExecContext(context.Background(), `PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2000; PRAGMA threads=0`)
	}
	l.conn.Close()
	l.conn = nil
}
