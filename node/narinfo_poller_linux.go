//go:build linux

package node

import (
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// narinfoPoller serves the fast path's connections from one epoll set in
// one goroutine: per request one read and one write, as nginx does,
// where a goroutine per connection also reads once more to find nothing
// there, and switches goroutines, for every request. A connection that
// needs more than read, answer, write (a request the fast path does not
// answer, a request head still partial after pollerPartialTimeout, a
// full socket buffer, end of input after a partial head) goes on in a
// goroutine of its own
// (splitListener.serveFast). The poller owns a copy of each connection's
// descriptor, so Go's own poller does not wake for it.
type narinfoPoller struct {
	fp       *fastPath
	fallback func(c net.Conn, out, buf []byte) // goes on serving c in a goroutine
	epfd     int
	wake     int // an eventfd: connections added, or Close

	mu     sync.Mutex
	added  []*polledConn
	closed bool
	done   chan struct{}
	once   sync.Once

	conns map[int32]*polledConn // the loop's alone
}

type polledConn struct {
	fd    int
	buf   []byte    // the start of a request not yet answered
	since time.Time // when buf began, if not empty
}

// pollerPartialTimeout is how long a partial request head may wait in
// the poller before its connection goes on in a goroutine, where the
// fast path's header timeout applies.
const pollerPartialTimeout = time.Second

// newNARInfoPoller starts a poller, or returns nil if the system refuses
// one (the fast path then serves each connection in a goroutine).
func newNARInfoPoller(fp *fastPath, fallback func(c net.Conn, out, buf []byte)) *narinfoPoller {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil
	}
	wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil
	}
	if unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wake, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(wake)}) != nil {
		unix.Close(epfd)
		unix.Close(wake)
		return nil
	}
	p := &narinfoPoller{fp: fp, fallback: fallback, epfd: epfd, wake: wake,
		done: make(chan struct{}), conns: make(map[int32]*polledConn)}
	go p.run()
	return p
}

// add hands c, which has sent pre so far, to the poller; it reports
// false, leaving c alone, if c has no descriptor to copy.
func (p *narinfoPoller) add(c net.Conn, pre []byte) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	fd := -1
	var derr error
	if err := rc.Control(func(f uintptr) { fd, derr = unix.FcntlInt(f, unix.F_DUPFD_CLOEXEC, 0) }); err != nil || derr != nil {
		return false
	}
	c.Close() // the copy, non-blocking as it was, stays open
	pc := &polledConn{fd: fd, buf: append(make([]byte, 0, fastPathMaxHeader), pre...)}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		unix.Close(fd)
		return true
	}
	p.added = append(p.added, pc)
	p.mu.Unlock()
	p.signal()
	return true
}

func (p *narinfoPoller) signal() {
	var one = [8]byte{1}
	unix.Write(p.wake, one[:])
}

// Close closes the poller's connections and ends its goroutine.
func (p *narinfoPoller) Close() {
	p.once.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		p.signal()
		<-p.done
		unix.Close(p.wake)
	})
}

func (p *narinfoPoller) run() {
	defer close(p.done)
	events := make([]unix.EpollEvent, 128)
	var out []byte
	var swept time.Time
	for {
		timeout := -1
		if len(p.conns) > 0 {
			timeout = int(pollerPartialTimeout / time.Millisecond)
		}
		n, err := unix.EpollWait(p.epfd, events, timeout)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			p.shutdown()
			return
		}
		if timeout >= 0 {
			if now := time.Now(); now.Sub(swept) >= pollerPartialTimeout {
				p.sweep(now)
				swept = now
			}
		}
		for _, ev := range events[:n] {
			if ev.Fd == int32(p.wake) {
				if !p.takeAdded(out[:0]) {
					p.shutdown()
					return
				}
				continue
			}
			if pc := p.conns[ev.Fd]; pc != nil {
				out = p.readable(pc, out[:0])
			}
		}
	}
}

// takeAdded watches the connections added since and answers what they
// sent before; it reports false once the poller is closed.
func (p *narinfoPoller) takeAdded(out []byte) bool {
	var b [8]byte
	unix.Read(p.wake, b[:])
	p.mu.Lock()
	added, closed := p.added, p.closed
	p.added = nil
	p.mu.Unlock()
	for _, pc := range added {
		p.conns[int32(pc.fd)] = pc
		ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLRDHUP, Fd: int32(pc.fd)}
		if closed || unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, pc.fd, &ev) != nil {
			p.drop(pc)
			continue
		}
		if len(pc.buf) > 0 {
			// The listener read the request's first bytes: the rest is
			// likely there already.
			out = p.readable(pc, out[:0])
		}
	}
	return !closed
}

// sweep releases the connections whose partial request head is older
// than pollerPartialTimeout.
func (p *narinfoPoller) sweep(now time.Time) {
	for _, pc := range p.conns {
		if len(pc.buf) > 0 && now.Sub(pc.since) >= pollerPartialTimeout {
			p.release(pc, nil)
		}
	}
}

// readable reads what pc sent and answers it.
func (p *narinfoPoller) readable(pc *polledConn, out []byte) []byte {
	n, err := unix.Read(pc.fd, pc.buf[len(pc.buf):cap(pc.buf)])
	switch {
	case err == unix.EAGAIN || err == unix.EINTR:
		return out
	case err != nil || n == 0 && len(pc.buf) == 0:
		p.drop(pc)
		return out
	case n == 0:
		p.release(pc, nil) // it hands the partial request to the HTTP server
		return out
	}
	pc.buf = pc.buf[:len(pc.buf)+n]
	return p.answer(pc, out)
}

// answer answers the complete requests in pc.buf, and releases pc when
// anything is left to do.
func (p *narinfoPoller) answer(pc *polledConn, out []byte) []byte {
	out, n, other := p.fp.answer(out, pc.buf)
	pc.buf = pc.buf[:copy(pc.buf, pc.buf[n:])]
	if len(pc.buf) == 0 {
		pc.since = time.Time{}
	} else if n > 0 || pc.since.IsZero() {
		pc.since = time.Now()
	}
	if len(out) > 0 {
		w, err := unix.Write(pc.fd, out)
		if err != nil && err != unix.EAGAIN && err != unix.EINTR {
			p.drop(pc)
			return out
		}
		if w = max(w, 0); w < len(out) {
			p.release(pc, out[w:])
			return out
		}
	}
	if other || len(pc.buf) == cap(pc.buf) {
		p.release(pc, nil)
	}
	return out
}

// forget stops watching pc.
func (p *narinfoPoller) forget(pc *polledConn) {
	unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, pc.fd, nil)
	delete(p.conns, int32(pc.fd))
}

// drop closes pc.
func (p *narinfoPoller) drop(pc *polledConn) {
	p.forget(pc)
	unix.Close(pc.fd)
}

// release hands pc to a goroutine of its own, with out still to write.
func (p *narinfoPoller) release(pc *polledConn, out []byte) {
	p.forget(pc)
	f := os.NewFile(uintptr(pc.fd), "")
	c, err := net.FileConn(f) // a copy Go's poller watches
	f.Close()
	if err != nil {
		return
	}
	go p.fallback(c, append([]byte(nil), out...), pc.buf)
}

// shutdown closes every connection and the poller's descriptors.
func (p *narinfoPoller) shutdown() {
	p.mu.Lock()
	p.closed = true
	added := p.added
	p.added = nil
	p.mu.Unlock()
	for _, pc := range added {
		unix.Close(pc.fd)
	}
	for _, pc := range p.conns {
		p.drop(pc)
	}
	unix.Close(p.epfd)
}
