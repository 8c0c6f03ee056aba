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
	"sync/atomic"
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

	readOnly bool // OpenReadOnly: write is a mode=ro pool too, Write refuses
	pg       bool // a PostgreSQL database (open_pg.go); path is its URL, redacted
	demo     bool // created as a demo database (meta kind = 'demo')
	check    check
	wake     wake         // events committed by this process (outbox_sqlite.go)
	retries  atomic.Int64 // writes run again after a serialization failure or deadlock
	link     *linkState   // PostgreSQL: whether the server answers (link.go)
	strays   atomic.Int64 // WriteMember writes run again through Write (write_scope.go)
}

// Errors returned by Open. Each leaves the file exactly as it was.
var (
	ErrNotSpdesk = errors.New("not an spdesk database")
	ErrTruncated = errors.New("database file is truncated or damaged")
	ErrCorrupt   = errors.New("database file is damaged")
	ErrReadOnly  = errors.New("database file is read-only")
	ErrNoDir     = errors.New("database folder does not exist")
	ErrNoFile    = errors.New("database file does not exist")
	ErrNotFound  = errors.New("not found")
)

// SchemaTooNewError refuses a database written by a newer spdesk.
type SchemaTooNewError struct{ File, Binary int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this spdesk understands (%d): use a newer spdesk", e.File, e.Binary)
}

// SchemaOldError refuses to open an older schema read-only: upgrading it
// is a write, and reading it as if it were current could show wrong data.
type SchemaOldError struct{ File, Binary int }

func (e *SchemaOldError) Error() string {
	return fmt.Sprintf("database schema version %d is older than this spdesk's (%d) and a read-only open does not upgrade it", e.File, e.Binary)
}

// ExposedError refuses a database file (or its -wal or -shm) that people
// other than its owner may read or write: it holds password notices in
// clear until they print, operator password hashes and members' details.
type ExposedError struct {
	File string
	Mode os.FileMode
}

func (e *ExposedError) Error() string {
	return fmt.Sprintf("%s can be read or written by others (mode %v)", e.File, e.Mode)
}

// OpenOptions say how Open treats the file.
type OpenOptions struct {
	// Create makes the file when it does not exist (mode 0600); without
	// it a missing file is ErrNoFile, so a mistyped path is not a new,
	// empty database.
	Create bool
	// Demo marks a database this open creates as a demo database: only a
	// demo holds the demo accounts and the demo's letters. It is recorded
	// once, with the schema, and never changes; for an existing file it is
	// ignored (see Store.Demo).
	Demo bool
	// ReadOnly opens without writing anything: no migration, no repair,
	// no -wal or -shm where they cannot be made, and every Write refused.
	ReadOnly bool
}

// Open opens the spdesk database at path, creating it if absent and
// applying pending migrations. A file that is not an spdesk database, a
// damaged one, or one from a newer spdesk is refused before anything is
// written to it.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, OpenOptions{Create: true})
}

// OpenReadOnly opens an existing database for reading only (a write-
// protected backup too). Its schema must be this binary's.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, OpenOptions{ReadOnly: true})
}

// OpenWith opens the database at path as o says. Every refusal leaves the
// file and its folder as they were.
//
// path may also be a postgres:// URL (IsURL): then the database is on a
// PostgreSQL server (open_pg.go), its password is never shown (Redact),
// and Create is implied, since the administrator made the database.
func OpenWith(ctx context.Context, path string, o OpenOptions) (*Store, error) {
	if IsURL(path) {
		s, err := openPostgres(ctx, path, o)
		if err != nil {
			return nil, redactErr(fmt.Errorf("open %s: %w", Redact(path), err), path)
		}
		return s, nil
	}
	s, err := openWith(ctx, path, o)
	if err != nil {
		// Damage found by a step of the open itself (a migration or a
		// repair reading a bad page) is ErrCorrupt too.
		return nil, fmt.Errorf("open %s: %w", path, corruptOr(err, ""))
	}
	return s, nil
}

func openWith(ctx context.Context, path string, o OpenOptions) (*Store, error) {
	if o.ReadOnly {
		return openReadOnly(ctx, path)
	}
	exists, err := checkFile(path, o)
	if err != nil {
		return nil, err
	}
	if err := createPrivate(path, exists); err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", dsn(path, 1, ""))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &Store{path: path, write: write}
	v, err := checkContents(ctx, write)
	// Whatever will be written at open is written only after the check:
	// a migration after integrity_check, repairs after quick_check. A file
	// that needs neither is checked in the background (checkLater).
	var repair, checked bool
	switch {
	case err != nil:
	case v < 0:
		checked = true // new: nothing in it to check
	case v < len(migrations):
		err, checked = pragmaCheck(ctx, write, "integrity_check"), true
	default:
		if repair, err = s.repairsPending(ctx); repair && err == nil {
			err, checked = pragmaCheck(ctx, write, "quick_check"), true
		}
	}
	if err == nil {
		err = s.migrate(ctx, v, o.Demo)
	}
	if err == nil {
		// A bulk load that died half-way left its indexes dropped, or
		// members without their search text.
		err = ensureIndexes(ctx, write)
	}
	if err == nil {
		err = s.repairSearchText(ctx)
	}
	if err == nil && variantsSchema() {
		err = s.repairFormerNameKeys(ctx)
	}
	if err == nil {
		s.demo, err = readDemo(ctx, write)
	}
	if err != nil {
		write.Close()
		return nil, err
	}
	s.read, err = sql.Open("sqlite", dsn(path, 0, ""))
	if err != nil {
		write.Close()
		return nil, err
	}
	s.read.SetMaxOpenConns(4)
	s.read.SetMaxIdleConns(4)
	if !checked {
		s.checkLater(dsn(path, 0, ""))
	}
	// A wipe a reader kept from completing completes now (wipe.go); if a
	// reader is still in the way, it stays marked for the next try. It
	// writes, so repairsPending counted it and the file was checked first.
	s.FinishWipe(ctx)
	return s, nil
}

// openReadOnly opens both pools query_only: no migration, no repair,
// Write refused. A file nobody may write (a chmod 444 backup, a read-only
// folder or mount) is opened mode=ro, and immutable when no WAL is
// pending: SQLite then takes no lock and makes no -wal or -shm. A
// writable file is shared with the consoles that write it, through the
// WAL as usual, and SQLite removes the -wal and -shm at the last close.
func openReadOnly(ctx context.Context, path string) (*Store, error) {
	if err := checkReadOnlyFile(path); err != nil {
		return nil, err
	}
	// Connections with query_only(1) (dsn) refuse every write; the file
	// itself is opened read-only only where it must be, because SQLite
	// then cannot remove the -wal and -shm it makes beside a WAL file.
	extra := ""
	if !writable(path) || !writable(filepath.Dir(path)) {
		extra = "mode=ro"
		if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
			extra += "&immutable=1"
		}
	}
	s := &Store{path: path, readOnly: true}
	var err error
	if s.write, err = sql.Open("sqlite", dsn(path, 0, extra)); err != nil {
		return nil, err
	}
	s.write.SetMaxOpenConns(1)
	v, err := checkContents(ctx, s.write)
	switch {
	case err != nil:
	case v < len(migrations):
		err = &SchemaOldError{File: v, Binary: len(migrations)}
	default:
		s.demo, err = readDemo(ctx, s.write)
	}
	if err == nil {
		s.read, err = sql.Open("sqlite", dsn(path, 0, extra))
	}
	if err != nil {
		s.write.Close()
		return nil, err
	}
	s.read.SetMaxOpenConns(4)
	s.read.SetMaxIdleConns(4)
	s.checkLater(dsn(path, 0, extra))
	return s, nil
}

// ReadOnly reports whether the store was opened read-only: every Write
// fails with ErrReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Demo reports whether the database was created as a demo database: the
// only kind that may hold the demo's accounts and print its letters.
func (s *Store) Demo() bool { return s.demo }

// createPrivate makes a missing database file with mode 0600 before SQLite
// does (SQLite would use 0644 less the umask), and narrows an empty file
// spdesk adopts (what `touch` made) to 0600: it holds nothing yet. SQLite
// gives -wal, -shm and journals the mode of the main file.
func createPrivate(path string, exists bool) error {
	if !exists {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return nil // another spdesk made it meanwhile: SQLite copes
		}
		if err != nil {
			return err
		}
		return f.Close()
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != 0 || st.Mode().Perm()&0o077 == 0 {
		return err
	}
	return os.Chmod(path, 0o600)
}

// dsn builds the modernc connection string: WAL, foreign keys, a busy
// timeout so a second console waits instead of failing, and BEGIN IMMEDIATE
// for write transactions so a writer never upgrades a read lock midway.
// extra is added to the URI as it is (mode=ro, immutable=1).
func dsn(path string, writer int, extra string) string {
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
	s := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	if extra != "" {
		s += "&" + extra
	}
	return s
}

// checkFile looks at the file with plain reads before SQLite touches it:
// SQLite would happily rewrite the header of a file it does not own, and
// opening a WAL database, even to read it, creates -wal and -shm files
// beside it. Every refusal here leaves the folder exactly as it was. It
// reports whether the file exists.
func checkFile(path string, o OpenOptions) (bool, error) {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return false, fmt.Errorf("%w: %s", ErrNoDir, dir)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if !o.Create {
			return false, fmt.Errorf("%w: %s", ErrNoFile, path)
		}
		return false, checkDirWritable(dir)
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return true, err
	}
	if !st.Mode().IsRegular() {
		return true, fmt.Errorf("%w: not a regular file", ErrNotSpdesk)
	}
	if st.Size() == 0 {
		// An empty file is an empty SQLite database (what `touch` makes
		// before --db): we initialise it, and make it 0600 (createPrivate).
		return true, checkWritable(path, st)
	}
	if _, err := checkHeader(f, st); err != nil {
		return true, err
	}
	if err := checkWritable(path, st); err != nil {
		return true, err
	}
	return true, checkExposed(path, 0o066)
}

// checkReadOnlyFile is checkFile for a read-only open: the file must exist
// and be an spdesk database of this binary's schema. Others may read it
// (a chmod 444 backup) since nothing will be written to it; nobody else
// may write it.
func checkReadOnlyFile(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%w: %s", ErrNoDir, dir)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s", ErrNoFile, path)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%w: not a regular file", ErrNotSpdesk)
	}
	if st.Size() == 0 {
		return fmt.Errorf("%w: an empty file, no spdesk database yet", ErrNotSpdesk)
	}
	v, err := checkHeader(f, st)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("%w: no spdesk schema in it yet", ErrNotSpdesk)
	}
	if v < len(migrations) {
		return &SchemaOldError{File: v, Binary: len(migrations)}
	}
	return checkExposed(path, 0o022)
}

// walPending reports a -wal beside the database that holds frames. A
// checkpoint writes page 1, with the new page count, before the pages
// after it: a process killed in between leaves a file shorter than its
// header says, which SQLite completes from the WAL on open. Only a file
// with no WAL to replay is truncated when it is short.
func walPending(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err == nil && st.Size() > 32 // the WAL header alone holds no frame
}

// checkHeader reads the 100-byte SQLite header: the magic, a length that
// holds every page the header counts, our application id, and a schema
// this binary knows. It returns the schema version, or -1 for a one-page
// database without our id (an empty database we may adopt).
func checkHeader(f *os.File, st os.FileInfo) (int, error) {
	hdr := make([]byte, 100)
	n, _ := io.ReadFull(f, hdr)
	const magic = "SQLite format 3\x00"
	if !bytes.HasPrefix(hdr[:n], []byte(magic)) {
		if n < len(magic) && bytes.HasPrefix([]byte(magic), hdr[:n]) {
			return 0, fmt.Errorf("%w: %d bytes", ErrTruncated, st.Size())
		}
		return 0, fmt.Errorf("%w: not a SQLite file", ErrNotSpdesk)
	}
	if n < len(hdr) {
		return 0, fmt.Errorf("%w: %d bytes, shorter than a SQLite header", ErrTruncated, st.Size())
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	// The in-header page count is valid when the "version valid for"
	// number matches the change counter (every SQLite since 3.7.0).
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	valid := bytes.Equal(hdr[24:28], hdr[92:96])
	if valid && st.Size() < pages*pageSize && !walPending(f.Name()) {
		return 0, fmt.Errorf("%w: %d bytes, header says %d", ErrTruncated, st.Size(), pages*pageSize)
	}
	appID := binary.BigEndian.Uint32(hdr[68:72])
	// A one-page database with no application id holds no table yet
	// (every table needs a root page of its own): we may adopt it.
	if appID != ApplicationID {
		if pages > 1 {
			return 0, fmt.Errorf("%w: a SQLite database of another program", ErrNotSpdesk)
		}
		return -1, nil
	}
	v := int(binary.BigEndian.Uint32(hdr[60:64]))
	if v > len(migrations) {
		return v, &SchemaTooNewError{File: v, Binary: len(migrations)}
	}
	return v, nil
}

// checkExposed refuses the database, or a -wal or -shm beside it, whose
// mode has any of the bits in deny (group and other permissions).
func checkExposed(path string, deny os.FileMode) error {
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(name)
		if errors.Is(err, os.ErrNotExist) && name != path {
			continue
		}
		if err != nil {
			return err
		}
		if st.Mode().Perm()&deny != 0 {
			return &ExposedError{File: name, Mode: st.Mode().Perm()}
		}
	}
	return nil
}

// writable is checkWritable's test without its probe file, for a
// read-only open, which must not create anything: the owner's write bit
// and what the kernel says (read-only mounts, ACLs).
func writable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().Perm()&0o200 != 0 && syscall.Access(path, 2 /* W_OK */) == nil
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
	s.stopCheck()
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path is the database file, or a PostgreSQL database's URL without its
// password.
func (s *Store) Path() string { return s.path }

// Postgres reports whether the database is on a PostgreSQL server.
func (s *Store) Postgres() bool { return s.pg }

// WriteRetries is how many times Write has run a transaction again after
// a serialization failure or deadlock since the store was opened (the
// load test reports it).
func (s *Store) WriteRetries() int64 { return s.retries.Load() }

// Tx is one write transaction. Now is the single instant every row written
// in it carries, taken from the caller's clock when it began.
type Tx struct {
	tx    *sql.Tx
	ctx   context.Context // the Write call's, for methods that take none
	Now   time.Time
	audit *auditKeyring // the store's, for AppendAudit's seal
	wiped bool          // a clear-text secret was wiped: see FinishWipe (wipe.go)
	demo  bool          // Store.Demo: the demo's accounts may be written
	pg    bool          // Store.Postgres
	// startSeal: this transaction's audit row starts the seal on an
	// older, unsealed trail (StartAuditSeal).
	startSeal bool
	events    bool // an outbox event was written: wake the deliverer at commit
	// The member a WriteMember transaction is confined to (0: Write, the
	// whole database), whether it reached outside (write_scope.go), and
	// whether it holds the lock that orders audit rows and events.
	member  int64
	strayed bool
	ordered bool
	pending []pendingEvent // a member's events, written last (outbox.go)
}

// Write runs fn in one BEGIN IMMEDIATE transaction and commits when fn
// returns nil; any error rolls everything back.
//
// On PostgreSQL the transaction first takes the writers' advisory lock
// exclusively: the write runs alone, as on SQLite, and every read fn
// makes sees every write committed before it (READ COMMITTED takes a new
// snapshot per statement, after the lock). Writes that concern one member
// only share that lock (WriteMember, write_scope.go). A serialization
// failure or deadlock all the same (another program's lock, a future
// isolation level) runs fn again, at most pgWriteRetries times: fn must do
// nothing but through tx. A connection lost before the COMMIT is taken
// again and fn run again; one lost while the COMMIT was on its way is
// settled by the write's key (writekey.go): saved, Write returns nil; not
// saved, fn runs again; the server still away, ErrCommitUnknown.
func (s *Store) Write(ctx context.Context, now time.Time, fn func(*Tx) error) (err error) {
	return s.writeIn(ctx, now, 0, fn)
}

// writeIn is Write with the writers' lock for member (0: the whole
// database, exclusively).
func (s *Store) writeIn(ctx context.Context, now time.Time, member int64, fn func(*Tx) error) (err error) {
	if s.readOnly {
		return fmt.Errorf("%w: opened read-only, nothing is written", ErrReadOnly)
	}
	if err := s.Check(ctx); err != nil {
		return err
	}
	lost := 0
	key := newWriteKey() // one per write, whatever its tries (writekey.go)
	for try := 0; ; try++ {
		err = s.writeOnce(ctx, now, key, member, fn)
		wait := time.Duration(try+1) * 5 * time.Millisecond
		switch {
		case !s.pg || err == nil:
			return err
		case errors.Is(err, ErrCommitUnknown):
			saved, lerr := s.settleWrite(ctx, key)
			switch {
			case lerr != nil:
				return errStillUnknown(err, lerr)
			case saved:
				s.wake.broadcast() // it may have written events
				return nil
			case lost >= pgReconnects:
				return err
			}
			// Not saved: the server rolled it back. Run it again.
			wait = 0
			lost++
		case lostConnection(err) && !errors.Is(err, ErrCommitUnknown) && lost < pgReconnects:
			// Nothing was committed (the commit was never sent): take a
			// new connection, waiting longer each time for a server
			// that is restarting.
			wait = time.Duration(50<<lost) * time.Millisecond
			lost++
		case try >= pgWriteRetries || !retryable(err):
			return err
		}
		s.retries.Add(1)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

func (s *Store) writeOnce(ctx context.Context, now time.Time, key string, member int64, fn func(*Tx) error) (err error) {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if s.pg {
		if err = lockWriters(ctx, sqlTx, member, key, now); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
	}
	tx := &Tx{tx: sqlTx, ctx: ctx, Now: now, audit: &s.audit, demo: s.demo, pg: s.pg, member: member}
	if err = fn(tx); err != nil || tx.strayed {
		return tx.outOfScope(err)
	}
	if err = tx.writeEvents(); err != nil {
		return err
	}
	if s.pg {
		if err = dropOldWriteKeys(ctx, tx, key); err != nil {
			return err
		}
	}
	if err = sqlTx.Commit(); err != nil {
		if s.pg && lostConnection(err) {
			return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
		}
		return fmt.Errorf("commit: %w", err)
	}
	if tx.events {
		s.wake.broadcast()
	}
	return nil
}
