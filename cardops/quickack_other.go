//go:build !linux

package cardops

import "net"

// setQuickAck: TCP_QUICKACK is Linux-only; elsewhere delayed ACKs stay.
func setQuickAck(*net.TCPConn) {}
