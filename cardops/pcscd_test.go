//go:build cgo && !nopcsc

package cardops

// The pcscd the real-stack tests run against: started privately (or
// borrowed when one already runs, since a second would not start), its
// vpcd readers lent to tests one at a time, and stopped by its pid at the
// end.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	pcscdPidFile   = "/run/pcscd/pcscd.pid"
	readerConfDir  = "/etc/reader.conf.d"
	vpcdReaderName = "Virtual PCD 00 %02d" // vpcd slot n listens on port base+n
	vpcdSlots      = 2
)

// slot is one vpcd reader and the address its card dials.
type slot struct {
	reader string
	addr   string
}

var daemon struct {
	once     sync.Once
	bin      string
	lock     *os.File  // held while this process uses pcscd and vpcd
	cmd      *exec.Cmd // nil when we use a pcscd that was already running
	exited   chan struct{}
	log      lockedBuffer
	skip     string
	err      error
	downKind ErrorKind // Readers() before our pcscd started
	slots    chan slot
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopPCSCD()
	os.Exit(code)
}

// needPCSCD returns the PC/SC provider once pcscd runs with the vpcd
// readers, starting it on first use.
func needPCSCD(t testing.TB) Provider {
	t.Helper()
	daemon.once.Do(startPCSCD)
	if daemon.skip != "" {
		skipReal(t, daemon.skip)
	}
	if daemon.err != nil {
		t.Fatalf("%v\npcscd output:\n%s", daemon.err, daemon.log.String())
	}
	p, err := NewPCSC()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// vpcdPort finds the port vpcd listens on from its reader.conf entry
// (CHANNELID, or DEVICENAME /dev/null:PORT).
func vpcdPort() (int, error) {
	files, _ := filepath.Glob(filepath.Join(readerConfDir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), "libifdvpcd") {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			fields := strings.Fields(line)
			if len(fields) != 2 {
				continue
			}
			v := fields[1]
			switch fields[0] {
			case "DEVICENAME":
				_, v, _ = strings.Cut(v, ":")
			case "CHANNELID":
			default:
				continue
			}
			if port, err := strconv.ParseInt(v, 0, 32); err == nil && port > 0 {
				return int(port), nil
			}
		}
		return 35963, nil // vpcd's default
	}
	return 0, fmt.Errorf("no vpcd entry in %s", readerConfDir)
}

func pcscdRunning() bool {
	b, err := os.ReadFile(pcscdPidFile)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return err == nil && pid > 0 && syscall.Kill(pid, 0) == nil
}

func startPCSCD() {
	bin, err := exec.LookPath("pcscd")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/pcscd"); err2 != nil {
			daemon.skip = "pcscd is not installed (apt-get install pcscd)"
			return
		}
		bin = "/usr/sbin/pcscd"
	}
	daemon.bin = bin
	port, err := vpcdPort()
	if err != nil {
		daemon.skip = "the vpcd reader driver is not installed (apt-get install vsmartcard-vpcd): " + err.Error()
		return
	}
	if daemon.lock, err = lockTestReaders(3 * time.Minute); err != nil {
		daemon.err = err
		return
	}
	p, _ := NewPCSC()
	if !pcscdRunning() {
		_, err := p.Readers()
		daemon.downKind = KindOf(err)
		if daemon.err = launchPCSCD(); daemon.err != nil {
			return
		}
	}
	readers, err := waitReaders(p)
	if err != nil {
		daemon.err = err
		return
	}
	daemon.slots = make(chan slot, vpcdSlots)
	for i := 0; i < vpcdSlots; i++ {
		name := fmt.Sprintf(vpcdReaderName, i)
		for _, r := range readers {
			if r.Name == name && !r.CardPresent { // a shared pcscd keeps its cards
				daemon.slots <- slot{reader: name, addr: fmt.Sprintf("127.0.0.1:%d", port+i)}
			}
		}
	}
	if len(daemon.slots) == 0 {
		daemon.skip = "every vpcd reader of the running pcscd already holds a card"
	}
}

// lockTestReaders serialises test processes on this machine: pcscd and
// the vpcd ports are machine-wide, and `go test ./...` from two
// checkouts would otherwise plug cards into each other's readers, or stop
// the pcscd the other is using. The lock goes with the process.
func lockTestReaders(wait time.Duration) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "spdesk-cardops-pcsc.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another test process holds the pcscd test lock: %v", err)
		}
		time.Sleep(100 * time.Millisecond) // flock has no timeout of its own
	}
}

// launchPCSCD starts a private pcscd in the foreground.
func launchPCSCD() error {
	cmd := exec.Command(daemon.bin, "--foreground", "--auto-exit")
	cmd.Stdout, cmd.Stderr = &daemon.log, &daemon.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start pcscd: %w", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	daemon.cmd, daemon.exited = cmd, exited
	return nil
}

// waitReaders waits until pcscd lists the vpcd readers. pcscd gives no
// signal when it is ready, so it is asked, boundedly.
func waitReaders(p Provider) ([]ReaderStatus, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		readers, err := p.Readers()
		if err == nil && len(readers) >= vpcdSlots {
			return readers, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("pcscd did not show the vpcd readers within 10 s (readers %v, err %v)", readers, err)
		}
		select {
		case <-daemon.exited: // nil channel (pcscd not ours) never fires
			return nil, fmt.Errorf("pcscd exited: %v", daemon.cmd.ProcessState)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stopPCSCD stops the pcscd we started, by its pid, and waits for it: a
// later pcscd would not start while this one's pid lives.
func stopPCSCD() {
	if daemon.cmd == nil {
		return
	}
	daemon.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-daemon.exited:
	case <-time.After(10 * time.Second):
		daemon.cmd.Process.Kill()
		<-daemon.exited
	}
}

// takeSlot borrows a vpcd reader for the test.
func takeSlot(t testing.TB) slot {
	t.Helper()
	select {
	case s := <-daemon.slots:
		t.Cleanup(func() { daemon.slots <- s })
		return s
	case <-time.After(30 * time.Second):
		t.Fatal("no vpcd reader free within 30 s")
	}
	return slot{}
}

// waitEvent waits (bounded) for an event of kind on reader.
func waitEvent(t testing.TB, events <-chan Event, reader string, kind EventKind) Event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("event channel closed waiting for %s", kind)
			}
			if e.Reader == reader && e.Kind == kind {
				return e
			}
		case <-timeout:
			t.Fatalf("no %s on %q within 5 s", kind, reader)
		}
	}
}

// plugged is a virtual card in a vpcd reader.
type plugged struct {
	t      testing.TB
	s      slot
	events <-chan Event
	stop   context.CancelFunc // stops watching
	pull   context.CancelFunc // ends ServeVPCD: the card's removal
	served chan error
	gone   bool
}

// plug inserts card into s and waits until pcscd reports it.
func plug(t testing.TB, p Provider, s slot, card *VirtualCard) *plugged {
	t.Helper()
	wctx, stop := context.WithCancel(context.Background())
	events, err := p.Watch(wctx)
	if err != nil {
		t.Fatal(err)
	}
	cctx, pull := context.WithCancel(context.Background())
	pl := &plugged{t: t, s: s, events: events, stop: stop, pull: pull, served: make(chan error, 1)}
	go func() { pl.served <- ServeVPCD(cctx, s.addr, card) }()
	e := waitEvent(t, events, s.reader, EventCardInserted)
	if e.ATR.String() != HexBytes(card.ATR()).String() {
		t.Fatalf("inserted ATR %s, want %X", e.ATR, card.ATR())
	}
	t.Cleanup(pl.remove)
	return pl
}

// remove pulls the card and waits until pcscd reports it gone, so the
// next card in this reader is not taken for this one.
func (pl *plugged) remove() {
	if pl.gone {
		return
	}
	pl.gone = true
	pl.pull()
	if err := <-pl.served; err != nil {
		pl.t.Errorf("ServeVPCD: %v", err)
	}
	waitEvent(pl.t, pl.events, pl.s.reader, EventCardRemoved)
	pl.stop()
}
