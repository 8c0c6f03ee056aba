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
	"sync"
	"syscall"
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
	stmts sync.Map     // query text → *sql.Stmt on read, for Search
	audit auditKeyring // the audit seal key (audit_seal.go)
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
	err = s.migrate(ctx)
	if err == nil {
		// A bulk load that died half-way left its indexes dropped, or
		// members without their search text.
		err = ensureIndexes(ctx, write)
	}
	if err == nil {
		err = s.repairSearchText(ctx)
	}
	if err != nil {
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
	// A wipe a reader kept from completing completes now (wipe.go); if a
	// reader is still in the way, it stays marked for the next try.
	s.FinishWipe(ctx)
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
		q.Add("_pragma", "secure_delete(1)") // a wiped password must not linger in free space
	} else {
		q.Add("_pragma", "query_only(1)")
		// 16 MB per reader keeps the upper levels of every search index
		// and the hot member pages in memory across keystrokes.
		q.Add("_pragma", "cache_size(-16384)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// checkFile looks at the file with plain reads before SQLite touches it:
// SQLite would happily rewrite the header of a file it does not own, and
// opening a WAL database, even to read it, creates -wal and -shm files
// beside it. Every refusal here leaves the folder exactly as it was.
func checkFile(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
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
	if st, err = f.Stat(); err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%w: not a regular file", ErrNotSpdesk)
	}
	if st.Size() == 0 {
		// An empty file is an empty SQLite database (what `touch` makes
		// before --db): we initialise it.
		return checkWritable(path, st)
	}
	hdr := make([]byte, 100)
	n, _ := io.ReadFull(f, hdr)
	const magic = "SQLite format 3\x00"
	if !bytes.HasPrefix(hdr[:n], []byte(magic)) {
		if n < len(magic) && bytes.HasPrefix([]byte(magic), hdr[:n]) {
			return fmt.Errorf("%w: %d bytes", ErrTruncated, st.Size())
		}
		return fmt.Errorf("%w: not a SQLite file", ErrNotSpdesk)
	}
	if n < len(hdr) {
		return fmt.Errorf("%w: %d bytes, shorter than a SQLite header", ErrTruncated, st.Size())
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	// The in-header page count is valid when the "version valid for"
	// number matches the change counter (every SQLite since 3.7.0).
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	valid := bytes.Equal(hdr[24:28], hdr[92:96])
	if valid && st.Size() < pages*pageSize {
		return fmt.Errorf("%w: %d bytes, header says %d", ErrTruncated, st.Size(), pages*pageSize)
	}
	appID := binary.BigEndian.Uint32(hdr[68:72])
	// A one-page database with no application id holds no table yet
	// (every table needs a root page of its own): we may adopt it.
	if appID != ApplicationID && pages > 1 {
		return fmt.Errorf("%w: a SQLite database of another program", ErrNotSpdesk)
	}
	if v := int(binary.BigEndian.Uint32(hdr[60:64])); appID == ApplicationID && v > len(migrations) {
		return &SchemaTooNewError{File: v, Binary: len(migrations)}
	}
	return checkWritable(path, st)
}

// checkWritable refuses a file or folder without its owner's write bit
// even when the open itself would succeed: spdesk runs as root in
// containers and on kiosk desks, and root ignores permission bits, yet a
// chmod a-w is the administrator saying "do not change this file". Asking
// the kernel too catches ACLs, read-only mounts and foreign owners.
func checkWritable(path string, st os.FileInfo) error {
	if st.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%w: %s (mode %v)", ErrReadOnly, path, st.Mode().Perm())
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return fmt.Errorf("%w: %s", ErrReadOnly, path)
		}
		return err
	}
	f.Close()
	return checkDirWritable(filepath.Dir(path))
}

// checkDirWritable matters because WAL needs its -wal and -shm files
// beside the database. The same rule as checkWritable: no owner write bit,
// no database, whoever we run as.
func checkDirWritable(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrNoDir, dir)
	}
	if st.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%w: folder %s (mode %v)", ErrReadOnly, dir, st.Mode().Perm())
	}
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
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Tx is one write transaction. Now is the single instant every row written
// in it carries, taken from the caller's clock when it began.
type Tx struct {
	tx    *sql.Tx
	ctx   context.Context // the Write call's, for methods that take none
	Now   time.Time
	audit *auditKeyring // the store's, for AppendAudit's seal
	wiped bool          // a clear-text secret was wiped: see FinishWipe (wipe.go)
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
	if err = fn(&Tx{tx: sqlTx, ctx: ctx, Now: now, audit: &s.audit}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
