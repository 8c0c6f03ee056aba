package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// ApplicationID marks a SQLite file as an spdesk database ("SPDS").
const ApplicationID = 0x53504453

// Store is an open spdesk database: one pool for reads, one connection for
// writes (SQLite allows a single writer; queuing writers in Go instead of on
// the file lock keeps busy errors away).
type Store struct {
	path  string
	read  *sql.DB
	write *sql.DB
}

// Errors returned by Open. Each leaves the file exactly as it was.
var (
	ErrNotSpdesk = errors.New("not an spdesk database")
	ErrTruncated = errors.New("database file is truncated or damaged")
	ErrReadOnly  = errors.New("database file is read-only")
	ErrNoDir     = errors.New("database folder does not exist")
	ErrNotFound  = errors.New("not found")
)

// SchemaTooNewError refuses a database written by a newer spdesk.
type SchemaTooNewError struct{ File, Binary int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this spdesk understands (%d): use a newer spdesk", e.File, e.Binary)
}

// Open opens the spdesk database at path, creating it if absent and
// applying pending migrations. A file that is not an spdesk database, a
// damaged one, or one from a newer spdesk is refused before anything is
// written to it.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := checkFile(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write, err := sql.Open("sqlite", dsn(path, 1))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &Store{path: path, write: write}
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.read, err = sql.Open("sqlite", dsn(path, 0))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.read.SetMaxOpenConns(4)
	s.read.SetMaxIdleConns(4)
	return s, nil
}

// dsn builds the modernc connection string: WAL, foreign keys, a busy
// timeout so a second console waits instead of failing, and BEGIN IMMEDIATE
// for write transactions so a writer never upgrades a read lock midway.
func dsn(path string, writer int) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if writer == 1 {
		q.Add("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// checkFile looks at the file with plain reads before SQLite touches it:
// SQLite would happily rewrite the header of a file it does not own.
func checkFile(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%w: %s", ErrNoDir, dir)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return checkDirWritable(dir)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return checkWritable(path)
	}
	hdr := make([]byte, 100)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return fmt.Errorf("%w (%d bytes, no SQLite header)", ErrNotSpdesk, st.Size())
	}
	if !bytes.HasPrefix(hdr, []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: not a SQLite file", ErrNotSpdesk)
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	if pages > 0 && st.Size() < pages*pageSize {
		return fmt.Errorf("%w: %d bytes, header says %d", ErrTruncated, st.Size(), pages*pageSize)
	}
	appID := binary.BigEndian.Uint32(hdr[68:72])
	if appID != ApplicationID && pages > 1 {
		return fmt.Errorf("%w: a SQLite database of another program", ErrNotSpdesk)
	}
	if v := int(binary.BigEndian.Uint32(hdr[60:64])); appID == ApplicationID && v > len(migrations) {
		return &SchemaTooNewError{File: v, Binary: len(migrations)}
	}
	return checkWritable(path)
}

func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("%w: %s", ErrReadOnly, path)
		}
		return err
	}
	f.Close()
	return checkDirWritable(filepath.Dir(path))
}

// checkDirWritable matters because WAL needs its -wal and -shm files
// beside the database.
func checkDirWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".spdesk-probe-*")
	if err != nil {
		return fmt.Errorf("%w: cannot create files in %s", ErrReadOnly, dir)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// Close releases both pools.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Tx is one write transaction. Now is the single instant every row written
// in it carries, taken from the caller's clock when it began.
type Tx struct {
	tx  *sql.Tx
	Now time.Time
}

// Write runs fn in one BEGIN IMMEDIATE transaction and commits when fn
// returns nil; any error rolls everything back.
func (s *Store) Write(ctx context.Context, now time.Time, fn func(*Tx) error) (err error) {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: sqlTx, Now: now}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
