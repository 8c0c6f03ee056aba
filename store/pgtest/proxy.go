package pgtest

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Proxy stands between spdesk and the test server on a unix socket of its
// own, so a test can lose the connection the way a center does (the
// server restarted, a switch rebooted) without stopping the server every
// other test uses: Cut ends every connection and refuses new ones until
// Restore; CutAtCommit ends the connection at the next COMMIT, before or
// after the server has it.
type Proxy struct {
	dir, target string
	ln          net.Listener

	mu     sync.Mutex
	down   bool
	conns  map[*proxied]struct{}
	commit CommitFault
	hit    chan struct{}
}

// CommitFault is what CutAtCommit does to the next COMMIT.
type CommitFault int

const (
	noFault CommitFault = iota
	// DropCommit ends the connection before the COMMIT reaches the server:
	// the transaction is rolled back, the desk is not told.
	DropCommit
	// LoseReply sends the COMMIT, waits for the server to finish it, and
	// ends the connection before its answer reaches the desk: the
	// transaction is saved, the desk is not told.
	LoseReply
	// LoseReplyAndStay is LoseReply with the server then away (as Cut)
	// until Restore: the desk cannot look the write up.
	LoseReplyAndStay
	// DropCommitAndStay is DropCommit with the server then away until
	// Restore: nothing was saved, and the desk cannot know it yet.
	DropCommitAndStay
)

type proxied struct {
	client, server net.Conn
	swallow        bool // a COMMIT went through under LoseReply: drop the answer
	stay           bool // ... and then Cut (LoseReplyAndStay)
	mu             sync.Mutex
}

// NewProxy starts a proxy to the database of url (a URL from this
// package) and returns it with the URL that goes through it. It stops
// when t ends.
func NewProxy(t testing.TB, dbURL string) (*Proxy, string) {
	t.Helper()
	need(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	dir, err := os.MkdirTemp("", "spdesk-pgproxy-")
	if err != nil {
		t.Fatal(err)
	}
	sock := ".s.PGSQL." + portOf(q.Get("port"))
	p := &Proxy{dir: dir, target: filepath.Join(q.Get("host"), sock), conns: map[*proxied]struct{}{}}
	p.ln, err = net.Listen("unix", filepath.Join(dir, sock))
	if err != nil {
		t.Fatal(err)
	}
	go p.accept()
	t.Cleanup(func() {
		p.ln.Close()
		p.Cut()
		os.RemoveAll(dir)
	})
	q.Set("host", dir)
	u.RawQuery = q.Encode()
	return p, u.String()
}

func portOf(p string) string {
	if p == "" {
		return "5432"
	}
	return p
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close() // the server is "away": the client sees the connection end
			continue
		}
		s, err := net.Dial("unix", p.target)
		if err != nil {
			c.Close()
			continue
		}
		pc := &proxied{client: c, server: s}
		p.mu.Lock()
		p.conns[pc] = struct{}{}
		p.mu.Unlock()
		go p.toServer(pc)
		go p.toClient(pc)
	}
}

// Cut ends every connection and refuses new ones until Restore.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for pc := range p.conns {
		pc.close()
		delete(p.conns, pc)
	}
}

// Restore lets connections through again.
func (p *Proxy) Restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// CutAtCommit arms f for the next COMMIT any connection sends; the
// returned channel closes when it has been done.
func (p *Proxy) CutAtCommit(f CommitFault) <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.commit, p.hit = f, make(chan struct{})
	return p.hit
}

// takeFault disarms and returns the armed fault, if any.
func (p *Proxy) takeFault() (CommitFault, chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, hit := p.commit, p.hit
	p.commit, p.hit = noFault, nil
	return f, hit
}

func (pc *proxied) close() {
	pc.client.Close()
	pc.server.Close()
}

func (p *Proxy) drop(pc *proxied) {
	pc.close()
	p.mu.Lock()
	delete(p.conns, pc)
	p.mu.Unlock()
}

// toServer relays the client's messages one by one, looking for COMMIT in
// a simple query ('Q') or a parse ('P'). The first message (startup) has
// no type byte.
func (p *Proxy) toServer(pc *proxied) {
	defer p.drop(pc)
	first := true
	for {
		var msg []byte
		var err error
		if first {
			msg, err = readUntyped(pc.client)
			first = false
		} else {
			msg, err = readTyped(pc.client)
		}
		if err != nil {
			return
		}
		if isCommit(msg) {
			if f, hit := p.takeFault(); f != noFault {
				switch f {
				case DropCommit, DropCommitAndStay:
					if f == DropCommitAndStay {
						p.Cut()
					}
					close(hit)
					return
				case LoseReply, LoseReplyAndStay:
					pc.mu.Lock()
					pc.swallow, pc.stay = true, f == LoseReplyAndStay
					pc.mu.Unlock()
					defer close(hit)
					if _, err := pc.server.Write(msg); err != nil {
						return
					}
					// The rest of this exchange (Sync after a Parse) goes
					// on; toClient ends the connection at the answer.
					io.Copy(pc.server, pc.client)
					return
				}
			}
		}
		if _, err := pc.server.Write(msg); err != nil {
			return
		}
	}
}

// toClient relays the server's messages; once a COMMIT went through under
// LoseReply it drops them and ends the connection at ReadyForQuery ('Z'),
// when the server has finished the commit.
func (p *Proxy) toClient(pc *proxied) {
	defer p.drop(pc)
	for {
		msg, err := readTyped(pc.server)
		if err != nil {
			return
		}
		pc.mu.Lock()
		swallow, stay := pc.swallow, pc.stay
		pc.mu.Unlock()
		if swallow {
			if msg[0] == 'Z' {
				if stay {
					p.Cut()
				}
				return
			}
			continue
		}
		if _, err := pc.client.Write(msg); err != nil {
			return
		}
	}
}

func readUntyped(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, binary.BigEndian.Uint32(n[:]))
	copy(msg, n[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}

func readTyped(r io.Reader) ([]byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, 1+binary.BigEndian.Uint32(h[1:]))
	copy(msg, h[:])
	_, err := io.ReadFull(r, msg[5:])
	return msg, err
}

// isCommit reports a simple query or a parse whose text is COMMIT.
func isCommit(msg []byte) bool {
	var text []byte
	switch msg[0] {
	case 'Q':
		text = msg[5:]
	case 'P':
		body := msg[5:]
		i := bytes.IndexByte(body, 0) // the statement's name
		if i < 0 {
			return false
		}
		text = body[i+1:]
	default:
		return false
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		text = text[:i]
	}
	s := strings.TrimRight(strings.TrimSpace(string(text)), ";")
	return strings.EqualFold(s, "commit")
}
