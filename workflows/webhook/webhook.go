// Package webhook owns how spdesk signs what it sends to the login
// service and how a receiver checks it, in the Standard Webhooks form
// (the form Svix and others use, close to Stripe's): three headers,
//
//	webhook-id:        the event's id (the same on every retry)
//	webhook-timestamp: Unix seconds when this attempt was signed
//	webhook-signature: "v1," + base64(HMAC-SHA256(secret, id "." timestamp "." body))
//
// so a receiver rejects a changed body, a request older or newer than
// its window (a replay, or a clock far off), and drops a duplicate by id.
// The secret is shared: a file of at least 32 bytes, readable by its
// owner only.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Header names.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// Tolerance is how far a timestamp may be from the receiver's clock,
// either way, by default.
const Tolerance = 5 * time.Minute

// MinSecret is the shortest secret accepted, in bytes.
const MinSecret = 32

// Errors a verification gives.
var (
	ErrNoSignature  = errors.New("webhook: missing id, timestamp or signature header")
	ErrBadSignature = errors.New("webhook: signature does not match (wrong secret, or the body was changed)")
	ErrTooOld       = errors.New("webhook: timestamp outside the allowed window (a replay, or a clock far off)")
)

// SecretError refuses a secret file: missing, readable by others, or
// too short. It says what to do.
type SecretError struct {
	File string
	Why  string
}

func (e *SecretError) Error() string { return fmt.Sprintf("secret file %s: %s", e.File, e.Why) }

// ReadSecretFile reads the shared secret: the file's content with
// surrounding white space removed, or, written "whsec_…", the base64
// after the prefix (the Standard Webhooks spelling).
func ReadSecretFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &SecretError{File: path, Why: "does not exist: create it with at least 32 random bytes, e.g. head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE"}
	}
	if err != nil {
		return nil, &SecretError{File: path, Why: err.Error()}
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, &SecretError{File: path, Why: fmt.Sprintf("others may read it (mode %v): chmod 600 %s", st.Mode().Perm(), path)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &SecretError{File: path, Why: err.Error()}
	}
	s := strings.TrimSpace(string(b))
	if rest, ok := strings.CutPrefix(s, "whsec_"); ok {
		if b, err = base64.StdEncoding.DecodeString(rest); err != nil {
			return nil, &SecretError{File: path, Why: "whsec_ is not followed by base64"}
		}
		s = string(b)
	}
	if len(s) < MinSecret {
		return nil, &SecretError{File: path, Why: fmt.Sprintf("holds %d bytes, fewer than %d", len(s), MinSecret)}
	}
	return []byte(s), nil
}

// Sign is the webhook-signature header of body sent as id at ts.
func Sign(secret []byte, id string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id))
	m.Write([]byte("."))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Verify checks a request's headers against its body at now: every
// header there, the timestamp within tolerance of now, and one of the
// space-separated signatures matching (a sender rotating secrets sends
// two).
func Verify(secret []byte, id, ts, sigs string, body []byte, now time.Time, tolerance time.Duration) error {
	if id == "" || ts == "" || sigs == "" {
		return ErrNoSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrNoSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrTooOld
	}
	want := Sign(secret, id, sec, body)
	for _, s := range strings.Fields(sigs) {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}

// Document is a signed JSON document (the revocation list): Body is
// signed as it stands, byte for byte, with the id "revocations".
type Document struct {
	Timestamp int64           `json:"timestamp"`
	Signature string          `json:"signature"`
	Body      json.RawMessage `json:"body"`
}

// DocumentID is the id a signed document is signed under.
const DocumentID = "revocations"

// SignDocument wraps body (compact JSON) with its signature at ts.
func SignDocument(secret []byte, ts int64, body []byte) Document {
	return Document{Timestamp: ts, Signature: Sign(secret, DocumentID, ts, body), Body: body}
}

// VerifyDocument checks a document's signature and returns its body.
// maxAge bounds how old it may be (0: any age, for a list loaded at
// start from a file).
func VerifyDocument(secret, doc []byte, now time.Time, maxAge time.Duration) (json.RawMessage, error) {
	var d Document
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("webhook: not a signed document: %w", err)
	}
	tol := maxAge
	if tol == 0 {
		tol = time.Duration(1<<62 - 1)
	}
	if err := Verify(secret, DocumentID, strconv.FormatInt(d.Timestamp, 10), d.Signature, d.Body, now, tol); err != nil {
		return nil, err
	}
	return d.Body, nil
}
