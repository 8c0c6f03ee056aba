package store

import (
	"context"
	"strings"
	"testing"
)

// Redact hides a URL's password wherever it is written, and never shows
// a URL it cannot read, since its password could be anywhere in it.
func TestRedactHidesThePassword(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/var/lib/spdesk/spdesk.db", "/var/lib/spdesk/spdesk.db"},
		{"postgres://desk:s3cret@db.example:5432/spdesk?sslmode=verify-full", "postgres://desk:xxxxx@db.example:5432/spdesk?sslmode=verify-full"},
		{"postgresql://desk@db.example/spdesk?password=s3cret&sslmode=require", "postgresql://desk@db.example/spdesk?password=xxxxx&sslmode=require"},
		{"postgres://desk@db.example/spdesk", "postgres://desk@db.example/spdesk"},
		{"postgres://desk:s3%zzcret@db.example/spdesk", "postgres://(a URL that does not parse)"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
		if IsURL(c.in) == strings.HasPrefix(c.in, "/") {
			t.Errorf("IsURL(%q) = %v", c.in, IsURL(c.in))
		}
	}
}

// A database that cannot be reached is refused with a message that names
// it without its password.
func TestOpenErrorHidesThePassword(t *testing.T) {
	for _, db := range []string{
		"postgres://desk:s3cretpw@/spdesk?host=" + t.TempDir() + "&connect_timeout=2",
		"postgres://desk@/spdesk?host=" + t.TempDir() + "&password=s3cretpw&connect_timeout=2",
	} {
		s, err := Open(context.Background(), db)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%s) succeeded with no server", Redact(db))
		}
		if strings.Contains(err.Error(), "s3cretpw") {
			t.Fatalf("the error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "xxxxx") {
			t.Fatalf("the error does not name the database: %v", err)
		}
	}
}
