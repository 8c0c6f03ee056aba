package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// The Loader's writer goroutine: it alone uses the write connection while
// a load runs, so the caller's goroutine can generate and fold the next
// members meanwhile.

// loadChunk is rowsPerInsert members (fewer at the end) with their cards
// and search texts, as flat statement arguments.
type loadChunk struct {
	members, cards, texts []any
	formers               []any // former names of the chunk's members
	commit                bool  // end the transaction after this chunk
	abort                 bool  // roll it back instead, and stop
}

var errAborted = errors.New("load aborted")

const (
	// rowsPerInsert rows per multi-row INSERT.
	rowsPerInsert = 64
	// textsPerInsert search texts per INSERT into the trigram index: FTS5
	// flushes its pending terms at the end of every statement, and a
	// segment per 64 rows would cost more to merge than to build.
	textsPerInsert = 8000
)

var (
	memberInsert10 = batchInsert{head: `INSERT INTO members (id, member_no, family_name, given_name,
		family_kana, given_kana, birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
		fee_method, fee_card_brand, fee_card_last4, password_state, status,
		name_key, given_key, kana_key, given_kana_key) VALUES `, tuple: "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cols: 22, rows: rowsPerInsert}
	memberInsert11 = batchInsert{head: `INSERT INTO members (id, member_no, family_name, given_name,
		family_kana, given_kana, birth_date, postal_code, address, phone, email, guardian_consent, joined_on,
		fee_method, fee_card_brand, fee_card_last4, password_state, status,
		name_key, given_key, kana_key, given_kana_key, sound_key) VALUES `, tuple: "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cols: 23, rows: rowsPerInsert}
	cardInsert = batchInsert{head: `INSERT INTO cards (id, member_id, card_no, kind, company, status,
		issued_on, expires_on, replaces_card) VALUES `, tuple: "(?,?,?,?,?,?,?,?,nullif(?,0))", cols: 9, rows: rowsPerInsert}
	formerInsert = batchInsert{head: `INSERT INTO member_former_names (member_id, family_name, given_name, family_kana,
		given_kana, until, name_key, kana_key, sound_key) VALUES `, tuple: "(?,?,?,?,?,?,?,?,?)", cols: 9, rows: rowsPerInsert}
	textInsert = batchInsert{head: `INSERT INTO member_fts (rowid, text) VALUES `, tuple: "(?,?)", cols: 2, rows: textsPerInsert}
)

// memberInsert is the members insert of this binary's schema (see
// variantsSchema).
func memberInsert() batchInsert {
	if variantsSchema() {
		return memberInsert11
	}
	return memberInsert10
}

// batchInsert is a multi-row INSERT of up to rows tuples.
type batchInsert struct {
	head, tuple string
	cols, rows  int
}

func (b batchInsert) sql(rows int) string {
	return b.head + strings.TrimSuffix(strings.Repeat(b.tuple+",", rows), ",")
}

// loadWriter runs the statements of a load on one connection. The main
// writer does members and cards (and, appending, search texts); a fresh
// load gives the search texts a writer of their own on a side file.
type loadWriter struct {
	ctx     context.Context
	conn    *sql.Conn
	failed  *atomic.Pointer[error] // the Loader's: the first error of any writer
	rows    bool                   // members and cards
	search  bool                   // search texts
	pg      bool                   // Store.Postgres
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt // this transaction's full-size inserts
	members []any                // rows not yet written
	cards   []any
	formers []any
	texts   []any // this transaction's search texts, written at commit
	lo, hi  int64 // the member IDs this transaction wrote (for baselineEvents)
}

// run writes chunks until work is closed; after an error it drains the
// channel so Add never blocks, and rolls back what is not committed.
func (w *loadWriter) run(work <-chan loadChunk) error {
	var err error
	for c := range work {
		if err != nil {
			continue
		}
		if c.abort {
			err = errAborted
		} else {
			err = w.chunk(c)
		}
		if err != nil {
			w.failed.CompareAndSwap(nil, &err)
		}
	}
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
	return err
}

func (w *loadWriter) chunk(c loadChunk) (err error) {
	if w.tx == nil {
		if w.tx, err = w.conn.BeginTx(w.ctx, nil); err != nil {
			return err
		}
		w.stmts = map[string]*sql.Stmt{}
	}
	if w.search {
		w.texts = append(w.texts, c.texts...)
	}
	if w.rows {
		if err := w.writeRows(c); err != nil {
			return err
		}
	}
	if !c.commit {
		return nil
	}
	if w.rows && w.hi > 0 {
		if err := baselineEvents(w.ctx, w.tx, w.pg, w.lo, w.hi, time.Now()); err != nil {
			return err
		}
		w.lo, w.hi = 0, 0
	}
	// Appending, the batch's search texts go in the same transaction as
	// its members: a committed member is always searchable.
	if w.texts, err = w.write(textInsert, w.texts, true); err != nil {
		return fmt.Errorf("search text: %w", err)
	}
	err = w.tx.Commit()
	w.tx = nil
	return err
}

func (w *loadWriter) writeRows(c loadChunk) (err error) {
	for i := 0; i < len(c.members); i += memberInsert().cols {
		id := c.members[i].(int64)
		if w.lo == 0 || id < w.lo {
			w.lo = id
		}
		w.hi = max(w.hi, id)
	}
	w.members = append(w.members, c.members...)
	w.cards = append(w.cards, c.cards...)
	w.formers = append(w.formers, c.formers...)
	if w.members, err = w.write(memberInsert(), w.members, c.commit); err != nil {
		return fmt.Errorf("members: %w", err)
	}
	// Cards refer to their member: they go once no member is waiting,
	// which is after every chunk, since chunks hold whole members.
	if len(w.members) == 0 {
		if w.cards, err = w.write(cardInsert, w.cards, c.commit); err != nil {
			return fmt.Errorf("cards: %w", err)
		}
		if w.formers, err = w.write(formerInsert, w.formers, c.commit); err != nil {
			return fmt.Errorf("former names: %w", err)
		}
	}
	return nil
}

// write runs every full insert of args, and with all the rest too,
// returning what is left.
func (w *loadWriter) write(b batchInsert, args []any, all bool) ([]any, error) {
	ctx := w.ctx
	full := b.cols * b.rows
	start := 0
	for ; len(args)-start >= full; start += full {
		st := w.stmts[b.head]
		if st == nil {
			var err error
			if st, err = w.tx.PrepareContext(ctx, b.sql(b.rows)); err != nil {
				return args, err
			}
			w.stmts[b.head] = st
		}
		if _, err := st.ExecContext(ctx, args[start:start+full]...); err != nil {
			return args, err
		}
	}
	if all && len(args) > start {
		if _, err := w.tx.ExecContext(ctx, b.sql((len(args)-start)/b.cols), args[start:]...); err != nil {
			return args, err
		}
		start = len(args)
	}
	return append(args[:0], args[start:]...), nil
}
