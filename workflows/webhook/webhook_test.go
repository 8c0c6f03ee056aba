package webhook

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestReadSecretFileRefusals(t *testing.T) {
	dir := t.TempDir()
	good := strings.Repeat("k", 40)
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope"), "does not exist"},
		{"world-readable", write("open", good, 0o644), "chmod 600"},
		{"group-readable", write("group", good, 0o640), "chmod 600"},
		{"short", write("short", "tiny\n", 0o600), "fewer than 32"},
		{"bad whsec", write("bad", "whsec_!!!", 0o600), "base64"},
	} {
		_, err := ReadSecretFile(c.path)
		var se *SecretError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a SecretError saying %q", c.name, err, c.want)
		}
	}
	if s, err := ReadSecretFile(write("ok", good+"\n", 0o600)); err != nil || string(s) != good {
		t.Errorf("good file: %q %v", s, err)
	}
	enc := "whsec_" + base64.StdEncoding.EncodeToString([]byte(good))
	if s, err := ReadSecretFile(write("whsec", enc, 0o600)); err != nil || string(s) != good {
		t.Errorf("whsec file: %q %v", s, err)
	}
}

func TestVerify(t *testing.T) {
	secret := []byte(strings.Repeat("s", 32))
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":7}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := Sign(secret, "7", now.Unix(), body)
	if err := Verify(secret, "7", ts, sig, body, now, Tolerance); err != nil {
		t.Fatal(err)
	}
	if err := Verify(secret, "7", ts, "v1,AAAA "+sig, body, now, Tolerance); err != nil {
		t.Errorf("second of two signatures: %v", err)
	}
	for name, err := range map[string]error{
		"changed body":    Verify(secret, "7", ts, sig, []byte(`{"id":8}`), now, Tolerance),
		"other id":        Verify(secret, "8", ts, sig, body, now, Tolerance),
		"wrong secret":    Verify([]byte(strings.Repeat("x", 32)), "7", ts, sig, body, now, Tolerance),
		"late":            Verify(secret, "7", ts, sig, body, now.Add(6*time.Minute), Tolerance),
		"from the future": Verify(secret, "7", ts, sig, body, now.Add(-6*time.Minute), Tolerance),
		"no signature":    Verify(secret, "7", ts, "", body, now, Tolerance),
	} {
		if err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	doc := SignDocument(secret, now.Unix(), []byte(`{"cards":[]}`))
	raw := []byte(`{"timestamp":` + ts + `,"signature":"` + doc.Signature + `","body":{"cards":[]}}`)
	if b, err := VerifyDocument(secret, raw, now.Add(24*time.Hour), 0); err != nil || string(b) != `{"cards":[]}` {
		t.Errorf("document: %s %v", b, err)
	}
	if _, err := VerifyDocument(secret, []byte(strings.Replace(string(raw), "[]", `[{"card_no":"1"}]`, 1)), now, 0); err == nil {
		t.Error("a changed document verified")
	}
}
