package workflows

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"spdesk/store"
)

// LocalFolder is where this desk keeps its own files of kind what (the
// audit exports, the letters' spool) for the database db: beside a
// database file ("FILE-what"), and for a postgres:// URL, which has no
// folder, in the desk's data folder ($XDG_DATA_HOME/spdesk, else
// ~/.local/share/spdesk) under the server and database's names, so two
// centers' files never mix. Empty when db is empty or no data folder is
// known.
func LocalFolder(db, what string) string {
	if db == "" {
		return ""
	}
	if !store.IsURL(db) {
		return db + "-" + what
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "share")
	}
	name := "postgres"
	if u, err := url.Parse(db); err == nil {
		host := u.Hostname()
		if host == "" {
			host = "local"
		}
		name = host + "-" + strings.TrimPrefix(u.Path, "/")
	}
	return filepath.Join(dir, "spdesk", safeName(name)+"-"+what)
}

// safeName keeps letters, digits, dot, dash and underscore: a host or
// database name becomes one folder name, never a path.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
	return strings.Trim(s, ".")
}
