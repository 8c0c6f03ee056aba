package cardops

import (
	"net"
	"syscall"
)

// setQuickAck turns on TCP_QUICKACK for the next read; see serveVPCDConn.
func setQuickAck(c *net.TCPConn) {
	if c == nil {
		return
	}
	raw, err := c.SyscallConn()
	if err != nil {
		return
	}
	raw.Control(func(fd uintptr) {
		// Best effort: without it the card is only slower.
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
