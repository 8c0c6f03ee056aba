package store

import (
	"net/url"
	"strings"
)

// IsURL reports whether db, the --db value, names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsURL(db string) bool {
	l := strings.ToLower(db)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// masked stands where a password was.
const masked = "xxxxx"

// Redact returns db fit to show in a header, a message or a log: a URL's
// password, in its user part or as a password= parameter, is replaced by
// xxxxx. A URL that does not parse is shown only by its scheme, since
// nobody can tell where its password is. A file path is returned as is.
func Redact(db string) string {
	if !IsURL(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return db[:strings.Index(db, "://")+3] + "(a URL that does not parse)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), masked)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", masked)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactIn replaces every form of db's password in s.
func redactIn(s, db string) string {
	if !IsURL(db) {
		return s
	}
	s = strings.ReplaceAll(s, db, Redact(db))
	if u, err := url.Parse(db); err == nil {
		if pw, has := u.User.Password(); has && pw != "" {
			s = strings.ReplaceAll(s, pw, masked)
		}
		if pw := u.Query().Get("password"); pw != "" {
			s = strings.ReplaceAll(s, pw, masked)
		}
	}
	return s
}

// redactedError is an error whose text has a database password taken
// out; errors.Is and As still see the error beneath.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with db's password taken out of its text.
func redactErr(err error, db string) error {
	if err == nil || !IsURL(db) {
		return err
	}
	return &redactedError{msg: redactIn(err.Error(), db), err: err}
}
