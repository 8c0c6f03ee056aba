// Package cupstest starts a real CUPS scheduler for tests, in a temporary
// folder, with one cups-pdf printer whose output lands in that folder
// (Debian packages cups and printer-driver-cups-pdf; make test-deps
// installs them). It needs root: cups-pdf reads its per-printer settings
// from /etc/cups/cups-pdf-NAME.conf, which the test writes and removes.
package cupstest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is a running scheduler and its printer.
type Server struct {
	Dir, Socket, Printer, Out string
}

// need fails the test, or skips it when real-stack tests are not
// required (SPDESK_REQUIRE_REAL unset).
func need(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("SPDESK_REQUIRE_REAL") != "" {
		t.Fatalf("SPDESK_REQUIRE_REAL is set, but "+format+" (make test-deps installs cups, cups-client, printer-driver-cups-pdf; run as root)", args...)
	}
	t.Skipf(format, args...)
}

// Start runs cupsd in a temporary folder with printer name on cups-pdf and
// points CUPS_SERVER at it for the rest of the test.
func Start(t testing.TB, name string) *Server {
	t.Helper()
	for _, bin := range []string{"cupsd", "lpadmin", "lp"} {
		if _, err := exec.LookPath(bin); err != nil {
			need(t, "%s is not installed", bin)
		}
	}
	ppd := "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"
	if _, err := os.Stat(ppd); err != nil {
		need(t, "cups-pdf is not installed (%v)", err)
	}
	if os.Geteuid() != 0 {
		need(t, "cups-pdf's settings live in /etc/cups: the CUPS tests run as root")
	}
	// A short folder name: a unix socket path is at most 107 bytes.
	dir, err := os.MkdirTemp("", "spdcups")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{Dir: dir, Socket: filepath.Join(dir, "cups.sock"), Printer: name, Out: filepath.Join(dir, "out")}
	for _, d := range []string{"spool", "cache", "state", "log", "out", "tmp"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Filters run as lp: they need the temporary folder, and cups-pdf
	// (run as root) writes to out.
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Join(dir, "tmp"), 0o1777)
	os.Chmod(s.Out, 0o1777)
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "cupsd.conf"), fmt.Sprintf(`Listen %s
LogLevel debug
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, s.Socket))
	write(filepath.Join(dir, "cups-files.conf"), fmt.Sprintf(`ServerRoot %[1]s
RequestRoot %[1]s/spool
CacheDir %[1]s/cache
StateDir %[1]s/state
TempDir %[1]s/tmp
ErrorLog %[1]s/log/error_log
AccessLog %[1]s/log/access_log
PageLog %[1]s/log/page_log
User lp
Group lp
SystemGroup root
`, dir))
	instance := fmt.Sprintf("spdesk%d-%d", os.Getpid(), time.Now().UnixNano()%1e6)
	conf := "/etc/cups/cups-pdf-" + instance + ".conf"
	write(conf, fmt.Sprintf("Out %s\nAnonDirName %s\nGrp root\nLabel 0\n", s.Out, s.Out))
	t.Cleanup(func() { os.Remove(conf) })

	cmd := exec.Command("cupsd", "-f", "-c", filepath.Join(dir, "cupsd.conf"), "-s", filepath.Join(dir, "cups-files.conf"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cupsd: %v", err)
	}
	t.Cleanup(func() { s.Stop(cmd) })
	for i := 0; ; i++ {
		if _, err := os.Stat(s.Socket); err == nil {
			break
		}
		if i == 100 {
			t.Fatalf("cupsd made no socket in 10 s:\n%s", s.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Setenv("CUPS_SERVER", s.Socket)
	// pdftocairo keeps the IPA fonts through the PostScript step, so the
	// printed PDF's Japanese text can be read back (poppler's default
	// turns them into Type 3 glyphs without text).
	if out, err := exec.Command("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/"+instance, "-P", ppd,
		"-o", "pdftops-renderer-default=pdftocairo").CombinedOutput(); err != nil {
		t.Fatalf("lpadmin: %v %s", err, out)
	}
	return s
}

// Stop ends the scheduler this package started (by its own process).
func (s *Server) Stop(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
		cmd.Wait()
	}
}

// Run runs a CUPS client command against this server.
func (s *Server) Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	c := exec.Command(name, args...)
	c.Env = append(os.Environ(), "CUPS_SERVER="+s.Socket)
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v %s", name, args, err, out)
	}
	return string(out)
}

// Printed waits for n whole PDFs in the output folder (cups-pdf writes
// them in place) and returns their paths.
func (s *Server) Printed(t testing.TB, n int) []string {
	t.Helper()
	for i := 0; ; i++ {
		files, _ := filepath.Glob(filepath.Join(s.Out, "*.pdf"))
		whole := 0
		for _, f := range files {
			if b, _ := os.ReadFile(f); bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")) {
				whole++
			}
		}
		if whole >= n {
			return files
		}
		if i == 300 {
			t.Fatalf("cups-pdf wrote %d files of %d in 30 s; log:\n%s", len(files), n, s.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Log is the end of the scheduler's error log, for failures.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log", "error_log"))
	lines := strings.Split(string(b), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}
