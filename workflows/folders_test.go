package workflows

import (
	"path/filepath"
	"testing"
)

// A database file keeps its folders beside it; a URL has no folder, so
// they go into the data folder under the server's and database's names,
// with nothing of the URL's password or parameters in the path.
func TestLocalFolderOfFileAndURL(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	for _, c := range []struct{ db, want string }{
		{"/srv/desk/spdesk.db", "/srv/desk/spdesk.db-spool"},
		{"postgres://spdesk:s3cret@db1.center.example:5432/center?sslmode=require", filepath.Join(data, "spdesk", "db1.center.example-center-spool")},
		{"postgres:///load?host=/tmp/pg&password=s3cret", filepath.Join(data, "spdesk", "local-load-spool")},
		{"postgres://h/../../etc", filepath.Join(data, "spdesk", "h-.._.._etc-spool")},
		{"", ""},
	} {
		if got := LocalFolder(c.db, "spool"); got != c.want {
			t.Errorf("LocalFolder(%q) = %q, want %q", c.db, got, c.want)
		}
	}
}
