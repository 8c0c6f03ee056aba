package workflows

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
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

// PasswordParams is the argon2id cost.
type PasswordParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// RecommendedPasswordParams follow RFC 9106's second recommendation
// (t=3, 64 MiB), with 2 lanes for a desk PC.
var RecommendedPasswordParams = PasswordParams{Time: 3, Memory: 64 * 1024, Threads: 2}

// HashPassword returns the argon2id PHC string of pw with a fresh salt:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>.
func HashPassword(pw string, p PasswordParams, rnd io.Reader) (string, error) {
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string encoded.
func VerifyPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
