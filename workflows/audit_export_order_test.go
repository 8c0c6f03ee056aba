package workflows

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spdesk/store"
)

// A file that cannot take its final name leaves no audit row claiming an
// export, and no file.
func TestAuditExportFailedRenameLeavesNoRow(t *testing.T) {
	e := newEnv(t, 1, 0)
	dir := t.TempDir()
	n0 := e.auditCount()
	// A name longer than any file system allows: creating the temp file
	// beside it works, the rename to it does not.
	path := filepath.Join(dir, strings.Repeat("a", 300)+".csv")
	_, err := e.svc.ExportAuditFile(e.ctx, "carol", store.AuditFilter{}, path)
	wantCode(t, err, EIO)
	if n := e.auditCount(); n != n0 {
		t.Errorf("a failed export left %d audit rows", n-n0)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}
