package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// sideIndex builds the trigram index of a fresh load in a file of its own
// beside the database, on its own connection and goroutine, so that on a
// two-core desk the trigram work (a third of a seed) runs alongside the
// member inserts instead of after them. An FTS5 index lives entirely in
// its shadow tables, so Finish copies their rows into the empty index of
// the database, through a connection of its own: FTS5 notices the change
// by data_version, which a connection's own writes would not bump.
type sideIndex struct {
	path string
	db   *sql.DB
	conn *sql.Conn
}

// ftsShadows are the tables that hold member_fts (contentless: no
// content table; member_fts_config is the same for the same DDL).
var ftsShadows = []string{"member_fts_data", "member_fts_idx", "member_fts_docsize"}

func openSideIndex(ctx context.Context, s *Store) (*sideIndex, error) {
	var ddl string
	if err := s.read.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'member_fts'`).Scan(&ddl); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	path := s.path + "-ftsbuild"
	removeSide(path) // left by a load that died
	// It holds members' names and addresses: 0600 like the database.
	if err := createPrivate(path, false); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(OFF)")
	q.Add("_pragma", "synchronous(OFF)")
	q.Add("_pragma", "cache_size(-65536)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	side := &sideIndex{path: path, db: db}
	if side.conn, err = db.Conn(ctx); err == nil {
		_, err = side.conn.ExecContext(ctx, ddl)
	}
	if err == nil {
		// No merging while the load runs: optimize merges every segment
		// once at the end, instead of the same terms again and again.
		_, err = side.conn.ExecContext(ctx, `INSERT INTO member_fts(member_fts, rank) VALUES ('automerge', 0);
			INSERT INTO member_fts(member_fts, rank) VALUES ('crisismerge', 2000);
			INSERT INTO member_fts(member_fts, rank) VALUES ('hashsize', 16777216)`)
	}
	if err != nil {
		side.close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	return side, nil
}

func removeSide(path string) {
	for _, p := range []string{path, path + "-journal"} {
		os.Remove(p)
	}
}

// optimize merges the side index into one segment.
func (x *sideIndex) optimize(ctx context.Context) error {
	_, err := x.conn.ExecContext(ctx, `INSERT INTO member_fts(member_fts) VALUES ('optimize')`)
	return err
}

// copyInto replaces the database's (empty) trigram index with the side one.
func (x *sideIndex) copyInto(ctx context.Context, s *Store) (err error) {
	db, err := sql.Open("sqlite", dsn(s.path, 1, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS build`, x.path); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `DETACH DATABASE build`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range ftsShadows {
		if _, err := tx.ExecContext(ctx, `DELETE FROM main.`+t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+t+` SELECT * FROM build.`+t); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (x *sideIndex) close() error {
	var err error
	if x.conn != nil {
		err = x.conn.Close()
	}
	err = errors.Join(err, x.db.Close())
	removeSide(x.path)
	return err
}
