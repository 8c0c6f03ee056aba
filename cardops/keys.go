package cardops

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
)

// Master key length limits: below 16 bytes a key is too weak to derive
// card keys from; beyond 64 HMAC-SHA256 would only hash it down anyway.
const (
	minMasterKeyLen = 16
	maxMasterKeyLen = 64
)

// DemoMasterKey is the issuer master key of demo and test cards:
// SHA-256 of the ASCII string "spdesk-demo-master-key". A real deployment
// configures its own with LoadMasterKey.
func DemoMasterKey() []byte {
	k := sha256.Sum256([]byte("spdesk-demo-master-key"))
	return k[:]
}

// LoadMasterKey reads an issuer master key from a file holding it as hex
// (16 to 64 bytes; spaces, colons, line breaks and lines starting with #
// are ignored). The key is what makes a card genuine: keep the file
// readable by the console's user only.
func LoadMasterKey(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	var digits []byte
	for _, line := range bytes.Split(raw, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("#")) {
			continue
		}
		for _, c := range line {
			if c != ' ' && c != ':' && c != '\t' {
				digits = append(digits, c)
			}
		}
	}
	key := make([]byte, hex.DecodedLen(len(digits)))
	if _, err := hex.Decode(key, digits); err != nil {
		return nil, fmt.Errorf("master key %s: not hex: %w", path, err)
	}
	if len(key) < minMasterKeyLen || len(key) > maxMasterKeyLen {
		return nil, fmt.Errorf("master key %s: %d bytes, want %d to %d", path, len(key), minMasterKeyLen, maxMasterKeyLen)
	}
	return key, nil
}

// CardKey derives a card's key: HMAC-SHA256(master key, the 16 card-number
// digits as ASCII).
func CardKey(master []byte, cardNo string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(cardNo))
	return m.Sum(nil)
}

// CardMAC is the card's answer to INTERNAL AUTHENTICATE: the first 16 bytes
// of HMAC-SHA256(card key, challenge).
func CardMAC(cardKey, challenge []byte) []byte {
	m := hmac.New(sha256.New, cardKey)
	m.Write(challenge)
	return m.Sum(nil)[:ChallengeLen]
}
