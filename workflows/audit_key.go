package workflows

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"spdesk/internal/msg"
	"spdesk/store"
)

// The audit key lives outside the database, in a file of its own: 64 hex
// digits and a newline, mode 0600 in a folder made 0700. Whoever can
// write the database but not read this file cannot forge the audit trail
// (store/audit_seal.go).

// UseAuditKey gives st the audit key in the file at path. The file is
// created, with a new random key, when it is absent and the database's
// trail is not sealed yet (a first start); a sealed trail without its key
// file, or with another key, is refused, and nothing is created. A key
// file others can read or write is refused too.
func UseAuditKey(ctx context.Context, st *store.Store, path string) error {
	dbKey, err := st.AuditSealKeyID(ctx)
	if err != nil {
		// Before any Service exists there is no log to report to: the
		// cause goes to the caller whole.
		return fmt.Errorf("read the database's audit seal: %w", err)
	}
	key, err := ReadAuditKey(path)
	switch {
	case err != nil:
		return err
	case key == nil && dbKey != "":
		return refuse(EINVALID, "audit_key.lost", "path", path, "dbkey", dbKey)
	case key == nil:
		if key, err = createAuditKey(path); err != nil {
			return err
		}
	}
	if err := st.SetAuditKey(key); err != nil {
		return refuse(EINVALID, "audit_key.bad", "path", path)
	}
	if dbKey != "" && dbKey != st.AuditKeyID() {
		return refuse(EINVALID, "audit_key.mismatch", "path", path, "key", st.AuditKeyID(), "dbkey", dbKey)
	}
	return nil
}

// ReadAuditKey reads the key file at path: nil and no error when there is
// none (audit verify then checks the chain only and says so).
func ReadAuditKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Code: EIO, Key: "audit_key.read", Args: map[string]string{"path": path, "reason": reason(err)}, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &Error{Code: EIO, Key: "audit_key.read", Args: map[string]string{"path": path, "reason": reason(err)}, Err: err}
	}
	if !fi.Mode().IsRegular() {
		return nil, refuse(EINVALID, "audit_key.bad", "path", path)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, refuse(EINVALID, "audit_key.mode", "path", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	}
	b, err := io.ReadAll(io.LimitReader(f, 256))
	if err != nil {
		return nil, &Error{Code: EIO, Key: "audit_key.read", Args: map[string]string{"path": path, "reason": reason(err)}, Err: err}
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != store.AuditKeySize {
		return nil, refuse(EINVALID, "audit_key.bad", "path", path)
	}
	return key, nil
}

// createAuditKey writes a new key to path, whole or not at all: into a
// temporary file first, then linked to its name, so a second console
// starting at the same moment reads the first one's key instead of
// writing its own.
func createAuditKey(path string) ([]byte, error) {
	fail := func(err error) ([]byte, error) {
		return nil, &Error{Code: EIO, Key: "audit_key.create", Args: map[string]string{"path": path, "reason": reason(err)}, Err: err}
	}
	key := make([]byte, store.AuditKeySize)
	if _, err := rand.Read(key); err != nil {
		return fail(err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(dir, ".audit.key-*") // 0600
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err != nil {
		return fail(err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		k, err := ReadAuditKey(path)
		if err == nil && k == nil {
			return fail(os.ErrNotExist)
		}
		return k, err
	} else if err != nil {
		return fail(err)
	}
	return key, nil
}

// reason is an OS error without the path the message names already.
func reason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

func init() {
	Messages.Add(msg.Set{
		"audit_key.lost": {"このデータベースの監査記録は鍵 {dbkey} で封印されていますが、{path} に監査鍵がありません。鍵のファイルをバックアップから戻すか、--audit-key で指定してください",
			"this database's audit trail is sealed with key {dbkey}, and there is no audit key at {path}: restore the key file from its backup, or name it with --audit-key"},
		"audit_key.mismatch": {"監査鍵 {path}（ID {key}）は、このデータベースの監査記録を封印した鍵（ID {dbkey}）ではありません。正しい鍵のファイルを --audit-key で指定してください（spdesk audit verify で記録を確認できます）",
			"the audit key {path} (id {key}) is not the key this database's audit trail is sealed with (id {dbkey}): name the right key file with --audit-key (spdesk audit verify checks the trail)"},
		"audit_key.mode": {"監査鍵 {path} を他のユーザーが読み書きできます（モード {mode}）。chmod 600 {path} を実行してください",
			"the audit key {path} can be read or written by others (mode {mode}): run chmod 600 {path}"},
		"audit_key.bad": {"{path} は spdesk の監査鍵ではありません（16進数64桁の1行）。バックアップから戻すか、--audit-key で正しいファイルを指定してください",
			"{path} is not an spdesk audit key (one line of 64 hex digits): restore it from its backup, or name the right file with --audit-key"},
		"audit_key.read": {"監査鍵 {path} を読めません（{reason}）", "cannot read the audit key {path} ({reason})"},
		"audit_key.create": {"監査鍵 {path} を作れません（{reason}）。フォルダーの権限を確認するか、--audit-key で別の場所を指定してください",
			"cannot create the audit key {path} ({reason}): check the folder's permissions, or name another file with --audit-key"},
	})
}
