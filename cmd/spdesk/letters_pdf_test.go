package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"spdesk/store"
	"spdesk/workflows/jpform"
	"spdesk/workflows/printq/cupstest"
)

// poppler runs a poppler-utils tool (make test-deps installs them).
func poppler(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s (install poppler-utils: make test-deps)", name, args, err, out)
	}
	return string(out)
}

// collapse makes each line's runs of blanks (an ideographic space comes
// out of pdftotext -layout as several) one space.
func collapse(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// The "done when": `spdesk letters print --db D --spool S` writes a
// PDF whose text holds each letter's postal code, address and name with 様,
// with the font embedded, on A4.
func TestLettersPrintWritesPDF(t *testing.T) {
	db, _ := printDB(t, 3)
	spool := filepath.Join(t.TempDir(), "spool")
	out, stderr, ok := runWith(t, nil, "sup-password\n", "letters", "print", "--db", db, "--spool", spool, "--operator", "sup", "--lang", "en")
	if !ok || !strings.Contains(out, "batch B-00001: 3 letters printed") || !strings.Contains(out, "(3 pages)") {
		t.Fatalf("print: %s%s", out, stderr)
	}
	pdf := filepath.Join(spool, "B-00001", "B-00001.pdf")
	if info := poppler(t, "pdfinfo", pdf); !strings.Contains(info, "(A4)") || !regexp.MustCompile(`Pages:\s+3\n`).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	fonts := poppler(t, "pdffonts", pdf)
	if !regexp.MustCompile(`(?m)ipamincho\s+CID TrueType\s+Identity-H\s+yes`).MatchString(fonts) {
		t.Errorf("IPA Mincho not embedded:\n%s", fonts)
	}
	text := collapse(poppler(t, "pdftotext", "-layout", pdf, "-"))
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for id := int64(1); id < 30; id++ {
		ls, _ := st.LettersOfMember(context.Background(), id)
		if len(ls) == 0 {
			continue
		}
		m, _ := st.MemberByID(context.Background(), id)
		for _, want := range []string{jpform.Postal(m.PostalCode), m.Name() + " 様", ls[0].RefNo()} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		// The address may wrap: compare it without blanks and line ends.
		if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.Join(strings.Fields(m.Address), "")) {
			t.Errorf("the PDF lacks the address %q", m.Address)
		}
	}
}

// `letters print --printer` sends the batch to a real CUPS printer
// (cups-pdf in a temporary scheduler), says the job, and `letters jobs`
// shows its state until it is printed.
func TestLettersPrintToPrinter(t *testing.T) {
	cups := cupstest.Start(t, "spdesk_cli")
	db, _ := printDB(t, 2)
	spool := filepath.Join(t.TempDir(), "spool")
	env := []string{"CUPS_SERVER=" + cups.Socket, "SPDESK_PRINTER=" + cups.Printer}
	out, stderr, ok := runWith(t, env, "sup-password\n", "letters", "print", "--db", db, "--spool", spool, "--operator", "sup", "--lang", "en")
	if !ok || !strings.Contains(out, "job spdesk_cli-1 on spdesk_cli (2 pages)") {
		t.Fatalf("print to the printer: %s%s", out, stderr)
	}
	cups.Printed(t, 1)
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, stderr, ok = run(t, env, "letters", "jobs", "B-00001", "--db", db, "--lang", "en")
		if ok && strings.Contains(out, "printed, 2 pages printed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("letters jobs: %s%s\n%s", out, stderr, cups.Log())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
