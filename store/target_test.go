package store

import (
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
