//go:build !linux

package node

import "net"

// narinfoPoller is Linux's (narinfo_poller_linux.go); elsewhere the fast
// path serves each connection in a goroutine.
type narinfoPoller struct{}

func newNARInfoPoller(fp *fastPath, fallback func(c net.Conn, out, buf []byte)) *narinfoPoller {
	return nil
}

func (p *narinfoPoller) add(c net.Conn, pre []byte) bool { return false }

func (p *narinfoPoller) Close() {}
