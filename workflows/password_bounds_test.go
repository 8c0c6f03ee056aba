package workflows

import (
	"crypto/rand"
	"strings"
	"testing"
)

// A stored hash is data: a corrupt one is an error, never a panic or an
// allocation of the machine's memory.
func TestCheckPasswordRejectsCorruptHashes(t *testing.T) {
	good, err := HashPassword("Abc4dEfh7k", testParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(good, "Abc4dEfh7k"); !ok || err != nil {
		t.Fatalf("good hash: %v %v", ok, err)
	}
	if ok, err := CheckPassword(good, "wrong"); ok || err != nil {
		t.Fatalf("wrong password: %v %v", ok, err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, params, salt, hash
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	bad := map[string]string{
		"p0":         with(3, "m=256,t=1,p=0"),
		"t0":         with(3, "m=256,t=0,p=1"),
		"t huge":     with(3, "m=256,t=4000000000,p=1"),
		"m huge":     with(3, "m=4294967295,t=1,p=1"),
		"m 2GiB":     with(3, "m=2097152,t=1,p=1"),
		"m below 8p": with(3, "m=8,t=1,p=4"),
		"p 255":      with(3, "m=65536,t=1,p=255"),
		"p overflow": with(3, "m=256,t=1,p=257"),
		"trailing":   with(3, "m=256,t=1,p=1,x"),
		"negative":   with(3, "m=-1,t=1,p=1"),
		"version":    with(2, "v=16"),
		"salt short": with(4, "YWJj"),
		"salt long":  with(4, strings.Repeat("QUFB", 30)),
		"hash short": with(5, "YWJj"),
		"hash empty": with(5, ""),
		"hash long":  with(5, strings.Repeat("QUFB", 30)),
		"not base64": with(5, "!!!"),
		"argon2i":    with(1, "argon2i"),
		"fields":     "$argon2id$v=19$m=256,t=1,p=1$abc",
		"empty":      "",
	}
	for name, h := range bad {
		t.Run(name, func(t *testing.T) {
			ok, err := CheckPassword(h, "Abc4dEfh7k")
			if ok || err == nil {
				t.Errorf("%q: ok=%v err=%v, want an error", h, ok, err)
			}
			if VerifyPassword(h, "Abc4dEfh7k") {
				t.Errorf("%q verified", h)
			}
		})
	}
}

// The p=0 hash alone, against VerifyPassword: argon2 panics on it.
func TestVerifyPasswordZeroLanes(t *testing.T) {
	good, _ := HashPassword("Abc4dEfh7k", testParams, rand.Reader)
	p := strings.Split(good, "$")
	p[3] = "m=256,t=1,p=0"
	if VerifyPassword(strings.Join(p, "$"), "Abc4dEfh7k") {
		t.Error("a p=0 hash verified")
	}
}
