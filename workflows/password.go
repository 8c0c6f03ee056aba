package workflows

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"golang.org/x/crypto/argon2"
)

// passwordAlphabet has no characters that are easily misread on a printed
// letter: no 0/O/o/Q/D, 1/l/I/i/j, 2/Z/z, 5/S/s, 8/B/b, G/g/q, u/v/V/U.
const (
	passwordUpper  = "ACEFHJKLMNPRTWXY"
	passwordLower  = "acdefhkmnprtwxy"
	passwordDigits = "34679"
	passwordLen    = 10
)

// NewPassword returns a 10-character password drawn uniformly from the
// unambiguous alphabet with at least one upper-case letter, one lower-case
// letter and one digit. rnd is crypto/rand.Reader outside tests.
func NewPassword(rnd io.Reader) (string, error) {
	all := passwordUpper + passwordLower + passwordDigits
	for {
		b := make([]byte, passwordLen)
		for i := range b {
			n, err := rand.Int(rnd, big.NewInt(int64(len(all))))
			if err != nil {
				return "", fmt.Errorf("password: %w", err)
			}
			b[i] = all[n.Int64()]
		}
		p := string(b)
		// Rejecting and redrawing keeps every valid password equally likely.
		if strings.ContainsAny(p, passwordUpper) && strings.ContainsAny(p, passwordLower) &&
			strings.ContainsAny(p, passwordDigits) {
			return p, nil
		}
	}
}

// deriveKey is argon2id's key derivation, every hash and check goes
// through it: a test counts the derivations a sign-in costs.
var deriveKey = argon2.IDKey

// PasswordParams is the argon2id cost.
type PasswordParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// RecommendedPasswordParams take t=3 and 64 MiB from RFC 9106's second
// recommended option (§4: t=3, p=4, 64 MiB) but use p=2 lanes, not 4: a
// desk PC has few cores, and the lanes change speed, not the memory cost.
var RecommendedPasswordParams = PasswordParams{Time: 3, Memory: 64 * 1024, Threads: 2}

// HashPassword returns the argon2id PHC string of pw with a fresh salt:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>.
func HashPassword(pw string, p PasswordParams, rnd io.Reader) (string, error) {
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := deriveKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string encoded; a
// corrupt or out-of-bounds hash matches nothing (CheckPassword says why).
func VerifyPassword(encoded, pw string) bool {
	ok, err := CheckPassword(encoded, pw)
	return ok && err == nil
}

// Bounds a stored hash's parameters must keep before argon2 runs: the hash
// is data, and a corrupt one must not panic (p=0) or take the machine's
// memory (m=4294967295). The memory floor is argon2's own (8 KiB a lane,
// RFC 9106 §3.1), not a policy: tests hash with 256 KiB.
const (
	maxHashTime    = 10
	maxHashMemory  = 1 << 20 // KiB: 1 GiB
	maxHashThreads = 16
	minSaltLen     = 8 // RFC 9106 §3.1
	maxSaltLen     = 64
	minKeyLen      = 16
	maxKeyLen      = 64
)

// CheckPassword is VerifyPassword that says why a stored hash cannot be
// used: not an argon2id PHC string, another version, parameters or
// lengths out of bounds.
func CheckPassword(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errors.New("password hash: not an argon2id PHC string")
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false, fmt.Errorf("password hash: version %q, want v=%d", parts[2], argon2.Version)
	}
	var m, t, p uint64
	var rest string
	if n, _ := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d%s", &m, &t, &p, &rest); n != 3 {
		return false, fmt.Errorf("password hash: bad parameters %q", parts[3])
	}
	switch {
	case t < 1 || t > maxHashTime:
		return false, fmt.Errorf("password hash: t=%d out of 1..%d", t, maxHashTime)
	case p < 1 || p > maxHashThreads:
		return false, fmt.Errorf("password hash: p=%d out of 1..%d", p, maxHashThreads)
	case m < 8*p || m > maxHashMemory:
		return false, fmt.Errorf("password hash: m=%d KiB out of %d..%d", m, 8*p, maxHashMemory)
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, errors.New("password hash: salt or hash is not base64")
	}
	if len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return false, fmt.Errorf("password hash: salt of %d bytes, want %d..%d", len(salt), minSaltLen, maxSaltLen)
	}
	if len(want) < minKeyLen || len(want) > maxKeyLen {
		return false, fmt.Errorf("password hash: hash of %d bytes, want %d..%d", len(want), minKeyLen, maxKeyLen)
	}
	got := deriveKey([]byte(pw), salt, uint32(t), uint32(m), uint8(p), uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
