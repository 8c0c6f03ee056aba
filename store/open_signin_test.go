package store

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"spdesk/store/pgtest"
)

// A role that signs in with a password: the wrong one is refused as a
// sign-in, not as a server out of reach (the operator's fix differs),
// and no error shows it; the right one opens the database; a database
// that does not exist is said to be missing.
func TestOpenTellsARefusedSignInFromAnUnreachableServer(t *testing.T) {
	ctx := context.Background()
	base := pgtest.PasswordURL(t)
	with := func(pw string) string {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("password", pw)
		u.RawQuery = q.Encode()
		return u.String()
	}
	for _, pw := range []string{"wrong-Secret-99", ""} {
		_, err := Open(ctx, with(pw))
		if !errors.Is(err, ErrSignInRefused) || errors.Is(err, ErrUnreachable) {
			t.Errorf("Open with password %q = %v, want ErrSignInRefused only", pw, err)
		}
		if err != nil && pw != "" && strings.Contains(err.Error(), pw) {
			t.Errorf("the refusal shows the password: %v", err)
		}
	}
	s, err := Open(ctx, with(pgtest.Password))
	if err != nil {
		t.Fatalf("Open with the right password: %v", err)
	}
	s.Close()

	u, _ := url.Parse(with(pgtest.Password))
	u.Path = "/no_such_database"
	if _, err := Open(ctx, u.String()); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("Open on a database that does not exist = %v, want ErrNoDatabase", err)
	}
}
