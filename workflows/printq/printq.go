// Package printq owns the talk with the print system: a PDF goes to a
// CUPS queue with the usual client, lp, and a job's state comes back from
// the CUPS scheduler over IPP (Get-Job-Attributes). The server is the one
// lp uses: CUPS_SERVER (a socket path or host[:port]), else the local
// scheduler's socket, else localhost:631.
package printq

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrUnreachable is a scheduler that does not answer (CUPS down).
var ErrUnreachable = errors.New("the CUPS scheduler does not answer")

// RefusedError is lp's refusal of a job, in lp's words.
type RefusedError struct{ Printer, Reason string }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("printer %s refused the job: %s", e.Printer, e.Reason)
}

var requestID = regexp.MustCompile(`request id is (\S+)-(\d+)`)

// Submit sends file to printer with title as the job's name and returns
// CUPS's request id (printer-12).
func Submit(ctx context.Context, printer, file, title string) (string, error) {
	// lp mistakes a scheduler that is not there for a printer that is
	// not: ask the scheduler first, so CUPS down is said as such.
	if err := Reachable(ctx); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "lp", "-d", printer, "-t", title, "-o", "media=A4", "--", file)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("lp is not installed (Debian package cups-client): %w", err)
	}
	reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(errb.String()), "lp:"))
	if err != nil {
		low := strings.ToLower(reason)
		if strings.Contains(low, "unable to connect") || strings.Contains(low, "scheduler not responding") ||
			strings.Contains(low, "connection refused") || strings.Contains(low, "no such file") {
			return "", fmt.Errorf("%w (%s)", ErrUnreachable, reason)
		}
		if reason == "" {
			reason = err.Error()
		}
		return "", &RefusedError{Printer: printer, Reason: reason}
	}
	m := requestID.FindStringSubmatch(out.String())
	if m == nil {
		return "", fmt.Errorf("lp said %q: no request id in it", strings.TrimSpace(out.String()))
	}
	return m[1] + "-" + m[2], nil
}

// JobState is what the scheduler says of a job.
type JobState struct {
	State       string // pending, held, processing, stopped, canceled, aborted, completed
	Reasons     []string
	Impressions int // pages printed so far (job-impressions-completed)
	Message     string
}

// Done reports whether the job finished, well or not.
func (s JobState) Done() bool {
	return s.State == "completed" || s.State == "canceled" || s.State == "aborted"
}

var stateNames = map[int32]string{3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled", 8: "aborted", 9: "completed"}

// State asks the scheduler about job (printer-12).
func State(ctx context.Context, job string) (JobState, error) {
	var st JobState
	i := strings.LastIndexByte(job, '-')
	id, err := strconv.Atoi(job[i+1:])
	if i < 0 || err != nil {
		return st, fmt.Errorf("job %q is not printer-number", job)
	}
	attrs, err := getJobAttributes(ctx, id)
	if err != nil {
		return st, err
	}
	if v, ok := attrs["job-state"]; ok && len(v) > 0 {
		st.State = stateNames[int32(binary.BigEndian.Uint32(v[0]))]
	}
	for _, r := range attrs["job-state-reasons"] {
		st.Reasons = append(st.Reasons, string(r))
	}
	if v, ok := attrs["job-impressions-completed"]; ok && len(v) > 0 && len(v[0]) == 4 {
		st.Impressions = int(binary.BigEndian.Uint32(v[0]))
	}
	if v, ok := attrs["job-printer-state-message"]; ok && len(v) > 0 {
		st.Message = string(v[0])
	}
	return st, nil
}

// Wait asks for job's state until it is done or ctx ends, then returns
// the last state seen.
func Wait(ctx context.Context, job string) (JobState, error) {
	for {
		st, err := State(ctx, job)
		if err != nil || st.Done() {
			return st, err
		}
		select {
		case <-ctx.Done():
			return st, nil
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Reachable reports ErrUnreachable when no scheduler answers where lp
// would look for it.
func Reachable(ctx context.Context) error {
	network, addr := server()
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return fmt.Errorf("%w at %s (%v)", ErrUnreachable, addr, err)
	}
	return c.Close()
}

// server is where the scheduler listens: a socket path or host:port.
func server() (network, addr string) {
	s := os.Getenv("CUPS_SERVER")
	if s == "" {
		for _, p := range []string{"/run/cups/cups.sock", "/var/run/cups/cups.sock"} {
			if _, err := os.Stat(p); err == nil {
				return "unix", p
			}
		}
		return "tcp", "localhost:631"
	}
	if strings.HasPrefix(s, "/") {
		return "unix", s
	}
	if _, _, err := net.SplitHostPort(s); err != nil {
		s = net.JoinHostPort(s, "631")
	}
	return "tcp", s
}

// getJobAttributes sends one IPP Get-Job-Attributes request (RFC 8011
// §4.3.4, encoded per RFC 8010) and returns the job group's values.
func getJobAttributes(ctx context.Context, id int) (map[string][][]byte, error) {
	var b bytes.Buffer
	b.Write([]byte{2, 0, 0, 9, 0, 0, 0, 1, 1}) // IPP 2.0, Get-Job-Attributes, request 1, operation group
	attr := func(tag byte, name, value string) {
		b.WriteByte(tag)
		binary.Write(&b, binary.BigEndian, uint16(len(name)))
		b.WriteString(name)
		binary.Write(&b, binary.BigEndian, uint16(len(value)))
		b.WriteString(value)
	}
	attr(0x47, "attributes-charset", "utf-8")
	attr(0x48, "attributes-natural-language", "en")
	attr(0x45, "job-uri", fmt.Sprintf("ipp://localhost/jobs/%d", id))
	attr(0x42, "requesting-user-name", "spdesk")
	for i, k := range []string{"job-state", "job-state-reasons", "job-impressions-completed", "job-printer-state-message"} {
		name := "requested-attributes"
		if i > 0 {
			name = ""
		}
		attr(0x44, name, k)
	}
	b.WriteByte(3)
	network, addr := server()
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://localhost/jobs/", &b)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/ipp")
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || len(body) < 8 {
		return nil, fmt.Errorf("CUPS answered HTTP %d", resp.StatusCode)
	}
	if status := binary.BigEndian.Uint16(body[2:4]); status >= 0x0400 {
		return nil, fmt.Errorf("CUPS answered IPP status 0x%04x for job %d", status, id)
	}
	out := map[string][][]byte{}
	p, group, last := 8, byte(0), ""
	for p < len(body) {
		tag := body[p]
		p++
		if tag < 0x10 { // a group delimiter
			if tag == 3 {
				break
			}
			group = tag
			continue
		}
		if p+2 > len(body) {
			break
		}
		n := int(binary.BigEndian.Uint16(body[p:]))
		p += 2
		if p+n+2 > len(body) {
			break
		}
		name := string(body[p : p+n])
		p += n
		vn := int(binary.BigEndian.Uint16(body[p:]))
		p += 2
		if p+vn > len(body) {
			break
		}
		val := body[p : p+vn]
		p += vn
		if name == "" {
			name = last // another value of the same attribute
		}
		last = name
		if group == 2 {
			out[name] = append(out[name], val)
		}
	}
	return out, nil
}
